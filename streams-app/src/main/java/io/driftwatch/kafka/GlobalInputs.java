package io.driftwatch.kafka;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.avro.ValidationMetrics;
import io.driftwatch.topics.ModelKey;

/**
 * Contract checks of the records on the global stores' topics ({@code model-configs},
 * {@code monitor-settings}), run by {@link CheckedGlobalPut} before a record replaces a key's
 * value. A failure is a {@link BadRecordException}; the record is skipped and reported (see
 * {@link DeadLetterCounter}), and the key keeps its previous value. Pure functions.
 */
public final class GlobalInputs {

    /**
     * How far ahead of the wall clock a created_at / updated_at may be: generous (simulations and
     * replays write configs stamped with their own time), it only rejects absurd times such as year 9999.
     */
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(3660);

    private GlobalInputs() {
    }

    /** A promoted config: key {@code model_id:horizon}, names set, version >= 1, sane created_at, finite numbers. */
    public static void checkModelConfig(String key, ModelConfig c, long nowMs) {
        RecordChecks.requireText(c.getModelId(), "model_id");
        RecordChecks.requireText(c.getHorizon(), "horizon");
        RecordChecks.requireText(c.getAlgorithm(), "algorithm");
        String expected = ModelKey.of(c.getModelId(), c.getHorizon());
        if (!expected.equals(key)) {
            throw new BadRecordException("key-not-model-horizon", "the record key must be model_id:horizon '"
                    + expected + "', was " + quoted(key));
        }
        if (c.getVersion() < 1) {
            throw new BadRecordException("bad-version", "version must be >= 1, was " + c.getVersion());
        }
        RecordChecks.requireTime(c.getCreatedAt(), "created_at", nowMs, FUTURE_TOLERANCE);
        requireFiniteValues(c.getParams(), "params");
        ValidationMetrics m = c.getValidationMetrics();
        if (m != null) {
            for (String f : new String[] {"rmse", "mae", "mape", "bias", "error_std", "ci95_coverage"}) {
                RecordChecks.requireFinite((double) m.get(f), "validation_metrics." + f);
            }
        }
    }

    /** An override: key {@code <scope>:<scope_id>} with scope model or tenant, sane updated_at, finite numbers. */
    public static void checkMonitorSettings(String key, MonitorSettings s, long nowMs) {
        String scope = RecordChecks.requireText(s.getScope(), "scope").toLowerCase(Locale.ROOT);
        if (!scope.equals("model") && !scope.equals("tenant")) {
            throw new BadRecordException("unknown-scope", "scope must be MODEL or TENANT, was '" + s.getScope() + "'");
        }
        String expected = scope + ":" + RecordChecks.requireText(s.getScopeId(), "scope_id");
        if (!expected.equals(key)) {
            throw new BadRecordException("key-not-scope", "the record key must be '" + expected + "', was "
                    + quoted(key));
        }
        RecordChecks.requireTime(s.getUpdatedAt(), "updated_at", nowMs, FUTURE_TOLERANCE);
        requireFiniteValues(s.getSettings(), "settings");
    }

    /** Values that read as numbers must be finite: "NaN" or "Infinity" would poison a threshold or a parameter. */
    private static void requireFiniteValues(Map<String, String> values, String field) {
        if (values == null) {
            return;
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue() == null ? "" : e.getValue().trim();
            if (v.equalsIgnoreCase("nan") || v.matches("(?i)[+-]?inf(inity)?")) {
                throw new BadRecordException("non-finite-" + field, field + "." + e.getKey() + " must be a finite"
                        + " number, was '" + e.getValue() + "'");
            }
        }
    }

    private static String quoted(String key) {
        return key == null ? "null" : "'" + key + "'";
    }
}
