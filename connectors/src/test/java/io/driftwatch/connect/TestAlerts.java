package io.driftwatch.connect;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;

/** Alert values as JsonConverter (schemas.enable=false) delivers them, and sink records around them. */
public final class TestAlerts {
    public static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z

    private TestAlerts() {
    }

    public static Map<String, Object> trigger(String id, String severity) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trigger_id", id);
        m.put("model_id", "usdclp-ets");
        m.put("horizon", "7d");
        m.put("series_id", "USDCLP");
        m.put("tenant_id", null);
        m.put("type", "PERFORMANCE_DEGRADATION");
        m.put("severity", severity);
        m.put("recommendation", "RETRAIN");
        m.put("detected_at", T0);
        m.put("recent_window_start", T0 - 14 * 86_400_000L);
        m.put("recent_window_end", T0);
        m.put("recent_rmse", 12.3456789);
        m.put("baseline_rmse", 9.87);
        m.put("degradation_pct", 25.08);
        m.put("n_recent", 14L);
        m.put("n_reference", 60L);
        m.put("config_version", 3L);
        m.put("suppressed", false);
        m.put("metric", "rmse");
        m.put("reason", "Recent RMSE is 25% above the baseline.");
        m.put("details", new HashMap<String, Object>());
        return m;
    }

    public static Map<String, Object> anomaly(String id, String severity) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("anomaly_id", id);
        m.put("model_id", "sales-hw");
        m.put("horizon", "1d");
        m.put("series_id", "tenant-a/store-7");
        m.put("event_time", T0);
        m.put("detected_at", T0 + 3_600_000L);
        m.put("actual", 1520.0);
        m.put("yhat", 980.5);
        m.put("residual", 539.5);
        m.put("robust_z", 6.21);
        m.put("median", 12.0);
        m.put("mad", 58.1);
        m.put("threshold", 3.5);
        m.put("severity", severity);
        m.put("config_version", 7L);
        return m;
    }

    public static Map<String, Object> opsAlert(String id, String severity) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alert_id", id);
        m.put("type", "ROLLBACK_EXECUTED");
        m.put("severity", severity);
        m.put("model_id", "usdclp-ets");
        m.put("horizon", "30d");
        m.put("message", "Version 5 regressed after deploy; version 4 is live again as version 6.");
        m.put("created_at", "2026-01-01T10:15:00Z");
        m.put("details", Map.of("rolled_back_from", "5", "new_version", "6"));
        return m;
    }

    public static SinkRecord record(String topic, int partition, long offset, Object value) {
        return new SinkRecord(topic, partition, null, null, null, value, offset);
    }

    public static Alert alert(Map<String, Object> value, long offset) {
        try {
            return new AlertParser(Map.of()).parse(record("t", 0, offset, value));
        } catch (InvalidAlertException e) {
            throw new AssertionError(e);
        }
    }
}
