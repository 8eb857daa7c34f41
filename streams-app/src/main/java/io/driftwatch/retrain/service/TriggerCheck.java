package io.driftwatch.retrain.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.kafka.BadRecordException;
import io.driftwatch.kafka.RecordChecks;
import io.driftwatch.topics.ModelKey;

/**
 * The contract of a drift trigger beyond what decoding checks: a value (no tombstone), ids set,
 * key {@code model_id:horizon} (so one group member owns a model:horizon), times after 1970 and at
 * most {@link #FUTURE_TOLERANCE} ahead of the clock, finite statistics. A trigger that fails is
 * dead-lettered in the transaction that commits its offset. Pure functions.
 */
final class TriggerCheck {

    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private TriggerCheck() {
    }

    static DriftTrigger check(String key, DriftTrigger t, long nowMs) {
        RecordChecks.requireValue(t, "a drift trigger");
        RecordChecks.requireText(t.getTriggerId(), "trigger_id");
        RecordChecks.requireText(t.getModelId(), "model_id");
        RecordChecks.requireText(t.getHorizon(), "horizon");
        String expected = ModelKey.of(t.getModelId(), t.getHorizon());
        if (!expected.equals(key)) {
            throw new BadRecordException("key-not-model-horizon", "the record key must be model_id:horizon '"
                    + expected + "', was " + (key == null ? "null" : "'" + key + "'"));
        }
        RecordChecks.requireTime(t.getDetectedAt(), "detected_at", nowMs, FUTURE_TOLERANCE);
        optionalTime(t.getRecentWindowStart(), "recent_window_start", nowMs);
        optionalTime(t.getRecentWindowEnd(), "recent_window_end", nowMs);
        optionalTime(t.getReferenceWindowStart(), "reference_window_start", nowMs);
        optionalTime(t.getReferenceWindowEnd(), "reference_window_end", nowMs);
        for (String f : new String[] {"recent_rmse", "baseline_rmse", "degradation_pct", "ks_statistic", "ks_pvalue",
            "p_value", "q_value", "ratio_lower", "ratio_upper"}) {
            Object v = t.get(f);
            if (v != null) {
                RecordChecks.requireFinite((Double) v, f);
            }
        }
        if (t.getDetails() != null) {
            for (Map.Entry<String, Double> e : t.getDetails().entrySet()) {
                if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                    throw new BadRecordException("non-finite-details", "details." + e.getKey()
                            + " must be a finite number, was " + e.getValue());
                }
            }
        }
        return t;
    }

    private static void optionalTime(Instant t, String field, long nowMs) {
        if (t != null) {
            RecordChecks.requireTime(t, field, nowMs, FUTURE_TOLERANCE);
        }
    }
}
