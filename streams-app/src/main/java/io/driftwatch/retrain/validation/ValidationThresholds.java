package io.driftwatch.retrain.validation;

/**
 * The thresholds of the validation criteria ("first, do no harm"). All configurable through
 * {@code retrain.validation.*}.
 *
 * @param minRmseImprovement relative RMSE improvement needed, (current - new) / current (0.05)
 * @param minMapeImprovement relative MAPE improvement that also suffices (0.03)
 * @param maxErrorStdRatio error std new / current at most (1.10)
 * @param maxInferenceTimeRatio inference time new / max(current, floor) at most (1.50)
 * @param inferenceTimeFloorMs times below this are "fast enough": the ratio's denominator is never
 *     smaller than it, so a 10 ms model is not rejected for being slower than a 0.4 ms baseline
 * @param minCoverage CI95 coverage of the new config at least (0.90)
 * @param biasLimit |mean error| of the new config strictly below (5.0, series units)
 */
public record ValidationThresholds(double minRmseImprovement, double minMapeImprovement, double maxErrorStdRatio,
                                   double maxInferenceTimeRatio, double inferenceTimeFloorMs, double minCoverage,
                                   double biasLimit) {

    public ValidationThresholds {
        if (!(maxErrorStdRatio > 0) || !(maxInferenceTimeRatio > 0) || inferenceTimeFloorMs < 0 || !(biasLimit > 0)
                || minCoverage < 0 || minCoverage > 1) {
            throw new IllegalArgumentException("invalid validation thresholds: " + this);
        }
    }

    /** The defaults of the design (section 5), with a 100 ms inference time floor. */
    public static ValidationThresholds defaults() {
        return new ValidationThresholds(0.05, 0.03, 1.10, 1.50, 100.0, 0.90, 5.0);
    }

    /** The same thresholds with another bias limit (per-model overrides). */
    public ValidationThresholds withBiasLimit(double limit) {
        return new ValidationThresholds(minRmseImprovement, minMapeImprovement, maxErrorStdRatio, maxInferenceTimeRatio,
                inferenceTimeFloorMs, minCoverage, limit);
    }
}
