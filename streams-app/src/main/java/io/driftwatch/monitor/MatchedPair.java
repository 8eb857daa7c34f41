package io.driftwatch.monitor;

import io.driftwatch.topics.ModelKey;

/**
 * One matched (prediction, actual), made by the matching stage and folded right there into the
 * per-series state ({@link SeriesStage}); it never leaves the matching task.
 *
 * @param modelHorizon the key of the window stage and of drift-triggers, {@code model_id:horizon} ({@link
 *                    ModelKey#of}), built once per model:horizon by the matching stage rather than per pair
 * @param change      actual minus the previous bucket's actual of the series, NaN when unknown
 * @param visibleFrom 0 for an on-time pair; for a pair matched after its bucket's windows were
 *                    already due, the first window end that may count it (see docs/monitor.md)
 * @param upstream    the matching partition that made the pair
 */
record MatchedPair(
        String modelHorizon,
        String modelId,
        String horizon,
        String seriesId,
        String tenantId,
        int configVersion,
        String predictionId,
        long issuedAt,
        long targetTime,
        double yhat,
        double lower,
        double upper,
        double actual,
        double change,
        long visibleFrom,
        int upstream) {

    double residual() {
        return actual - yhat;
    }
}
