package io.driftwatch.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.Severity;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.stats.ErrorSummary;
import io.driftwatch.stats.SeverityRules;

/** Builds {@link DriftTrigger}s with deterministic ids and the window bounds of one evaluation. */
final class Triggers {

    private Triggers() {
    }

    /** Where and when one evaluation happened: model:horizon, window bounds (half-open), detection time. */
    record Scope(
            String modelId,
            String horizon,
            String tenantId,
            Integer configVersion,
            long recentStart,
            long recentEnd,
            long referenceStart,
            long referenceEnd,
            long detectedAt) {}

    /** Deterministic id: the same model, horizon, series, type and window end always give the same id. */
    static String triggerId(String model, String horizon, String series, TriggerType type, long recentEnd) {
        String name = model + "|" + horizon + "|" + (series == null ? "" : series) + "|" + type + "|" + recentEnd;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static DriftTrigger.Builder base(Scope s, String series, TriggerType type, SeverityRules.Level level,
                                     Recommendation recommendation) {
        return DriftTrigger.newBuilder()
            .setTriggerId(triggerId(s.modelId(), s.horizon(), series, type, s.recentEnd()))
            .setModelId(s.modelId())
            .setHorizon(s.horizon())
            .setSeriesId(series)
            .setTenantId(s.tenantId())
            .setType(type)
            .setSeverity(Severity.valueOf(level.name()))
            .setRecommendation(recommendation)
            .setDetectedAt(Instant.ofEpochMilli(s.detectedAt()))
            .setRecentWindowStart(Instant.ofEpochMilli(s.recentStart()))
            .setRecentWindowEnd(Instant.ofEpochMilli(s.recentEnd()))
            .setReferenceWindowStart(Instant.ofEpochMilli(s.referenceStart()))
            .setReferenceWindowEnd(Instant.ofEpochMilli(s.referenceEnd()))
            .setConfigVersion(s.configVersion())
            .setSuppressed(false);
    }

    /** Sets the error figures of both windows: RMSE, n, degradation % and the other metrics in details. */
    static DriftTrigger.Builder withErrors(DriftTrigger.Builder b, ErrorSummary recent, ErrorSummary baseline) {
        b.setRecentRmse(finiteOrNull(recent.rmse()))
            .setBaselineRmse(finiteOrNull(baseline.rmse()))
            .setNRecent(recent.n())
            .setNReference(baseline.n());
        double degradation = SeverityRules.degradation(recent.rmse(), baseline.rmse());
        b.setDegradationPct(finiteOrNull(degradation * 100.0));
        Map<String, Double> details = new TreeMap<>();
        put(details, "recent", recent);
        put(details, "baseline", baseline);
        return b.setDetails(details);
    }

    private static void put(Map<String, Double> details, String prefix, ErrorSummary s) {
        putFinite(details, prefix + "_mae", s.mae());
        putFinite(details, prefix + "_mape", s.mape());
        putFinite(details, prefix + "_bias", s.bias());
        putFinite(details, prefix + "_error_std", s.errorStd());
        putFinite(details, prefix + "_ci95_coverage", s.ci95Coverage());
    }

    private static void putFinite(Map<String, Double> m, String k, double v) {
        if (Double.isFinite(v)) {
            m.put(k, v);
        }
    }

    static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
