package io.driftwatch.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.stats.ErrorBucket;
import io.driftwatch.stats.ErrorSummary;
import io.driftwatch.stats.KolmogorovSmirnov;
import io.driftwatch.stats.SeverityRules;

/**
 * One evaluation of one model:horizon at window end {@code end}: decides which triggers fire from
 * the error buckets, the per-series drift windows and the promoted config, then applies the
 * cooldown. Triggers come out in a fixed order (degradation, MAPE ceiling, per-series
 * degradation, data drift by series id, time-based, post-deploy regression), so replays give the same output.
 */
final class Evaluation {

    private final long recentMs;
    private final long baselineMs;
    private final long bucketGraceMs;
    private final String ksQuantity;
    private final long activeFromMs;
    private final long bucketMs;
    private final long watchMs;
    private final double rollbackThreshold;
    private final int rollbackMinSamples;

    /**
     * @param activeFromMs windows ending before this emit their triggers suppressed (monitor.triggers.active-from)
     * @param watchMs, rollbackThreshold, rollbackMinSamples the post-deploy watch (monitor.rollback.*)
     */
    Evaluation(long recentMs, long baselineMs, long bucketGraceMs, String ksQuantity, long activeFromMs, long bucketMs,
               long watchMs, double rollbackThreshold, int rollbackMinSamples) {
        this.activeFromMs = activeFromMs;
        this.bucketMs = bucketMs;
        this.watchMs = watchMs;
        this.rollbackThreshold = rollbackThreshold;
        this.rollbackMinSamples = rollbackMinSamples;
        this.recentMs = recentMs;
        this.baselineMs = baselineMs;
        this.bucketGraceMs = bucketGraceMs;
        this.ksQuantity = ksQuantity;
    }

    long oldestKept(long end) {
        return end - recentMs - baselineMs;
    }

    Triggers.Scope scope(EvalState s, long end) {
        Integer version = s.configVersion == Integer.MIN_VALUE ? null : s.configVersion;
        return new Triggers.Scope(s.modelId, s.horizon, s.tenantId, version, end - recentMs, end,
            end - recentMs - baselineMs, end - recentMs, end + bucketGraceMs);
    }

    /**
     * @param errors  visible error buckets per scope (see {@link ErrorWindows#visible})
     * @param drift   the significant KS results of the series at this end, in series order
     * @param config  the promoted config of this model:horizon, null when there is none
     */
    List<DriftTrigger> evaluate(EvalState s, long end, Thresholds t, Map<String, TreeMap<Long, ErrorBucket>> errors,
                                List<Flow.Drift> drift, ModelConfig config) {
        Triggers.Scope scope = scope(s, end);
        List<DriftTrigger> out = new ArrayList<>();
        degradation(scope, null, errors.get(ErrorWindows.ALL), t, out);
        mapeCeiling(scope, errors.get(ErrorWindows.ALL), t, out);
        for (Map.Entry<String, TreeMap<Long, ErrorBucket>> e : errors.entrySet()) {
            if (e.getKey().startsWith("s")) {
                degradation(scope, e.getKey().substring(1), e.getValue(), t, out);
            }
        }
        for (Flow.Drift d : drift) {
            dataDrift(scope, d, t, out);
        }
        timeBased(scope, config, t, out);
        postDeploy(s, end, errors, t, out);
        if (end < activeFromMs) {
            return out.stream().map(trigger -> DriftTrigger.newBuilder(trigger).setSuppressed(true)
                .setReason(trigger.getReason() + " (suppressed: window ends before monitor.triggers.active-from)").build()).toList();
        }
        return applyCooldown(s, end, t, out);
    }

    private void degradation(Triggers.Scope sc, String series, TreeMap<Long, ErrorBucket> buckets, Thresholds t,
                             List<DriftTrigger> out) {
        ErrorSummary recent = ErrorWindows.sum(buckets, sc.recentStart(), sc.recentEnd()).summary();
        ErrorSummary baseline = ErrorWindows.sum(buckets, sc.referenceStart(), sc.referenceEnd()).summary();
        if (recent.n() < t.minSamples() || baseline.n() < t.minSamples() || !(baseline.rmse() > 0)) {
            return;
        }
        if (recent.rmse() < baseline.rmse() * (1 + t.degradationThreshold())) {
            return;
        }
        double degradation = SeverityRules.degradation(recent.rmse(), baseline.rmse());
        SeverityRules.Level level = t.degradationSeverity().levelOf(degradation);
        if (level == SeverityRules.Level.LOW) {
            level = SeverityRules.Level.MEDIUM; // past the trigger threshold is never "low"
        }
        out.add(Triggers.withErrors(Triggers.base(sc, series, TriggerType.PERFORMANCE_DEGRADATION, level, Recommendation.RETRAIN),
                recent, baseline)
            .setMetric("rmse")
            .setReason(String.format(Locale.ROOT, "recent RMSE %.6g is %.1f%% above the baseline RMSE %.6g",
                recent.rmse(), degradation * 100, baseline.rmse()))
            .build());
    }

    private void mapeCeiling(Triggers.Scope sc, TreeMap<Long, ErrorBucket> buckets, Thresholds t, List<DriftTrigger> out) {
        if (!(t.mapeCeiling() > 0)) {
            return;
        }
        ErrorSummary recent = ErrorWindows.sum(buckets, sc.recentStart(), sc.recentEnd()).summary();
        ErrorSummary baseline = ErrorWindows.sum(buckets, sc.referenceStart(), sc.referenceEnd()).summary();
        if (recent.n() < t.minSamples() || !(recent.mape() > t.mapeCeiling())) {
            return;
        }
        SeverityRules.Level level = recent.mape() > 2 * t.mapeCeiling() ? SeverityRules.Level.HIGH : SeverityRules.Level.MEDIUM;
        DriftTrigger.Builder b = Triggers.withErrors(
            Triggers.base(sc, null, TriggerType.ERROR_THRESHOLD, level, Recommendation.RETRAIN), recent, baseline);
        b.getDetails().put("mape_ceiling", t.mapeCeiling());
        out.add(b.setMetric("mape")
            .setReason(String.format(Locale.ROOT, "recent MAPE %.4f is above the ceiling %.4f", recent.mape(), t.mapeCeiling()))
            .build());
    }

    /** A series' KS result (tested upstream, see {@link SeriesDrift}) as a trigger, under the current thresholds. */
    private void dataDrift(Triggers.Scope sc, Flow.Drift d, Thresholds t, List<DriftTrigger> out) {
        SeverityRules.Level level = t.ksSeverity().levelOf(d.statistic());
        if (!(d.pValue() < t.ksAlpha()) || level == SeverityRules.Level.LOW) {
            return;
        }
        out.add(Triggers.base(sc, d.seriesId(), TriggerType.DATA_DRIFT, level, Recommendation.RETRAIN)
            .setKsStatistic(d.statistic())
            .setKsPvalue(d.pValue())
            .setNRecent(d.nRecent())
            .setNReference(d.nReference())
            .setMetric(ksQuantity)
            .setDetails(new TreeMap<>(Map.of("ks_exact", d.method() == KolmogorovSmirnov.Method.EXACT ? 1.0 : 0.0)))
            .setReason(String.format(Locale.ROOT, "KS test on the %s of series %s: D=%.4f, p=%.3g (%s)",
                ksQuantity, d.seriesId(), d.statistic(), d.pValue(), d.method()))
            .build());
    }

    private void timeBased(Triggers.Scope sc, ModelConfig config, Thresholds t, List<DriftTrigger> out) {
        long now = sc.detectedAt();
        if (config != null && now - config.getCreatedAt().toEpochMilli() <= t.maxConfigAgeMs()) {
            return;
        }
        DriftTrigger.Builder b = Triggers.base(sc, null, TriggerType.TIME_BASED, SeverityRules.Level.MEDIUM, Recommendation.RETRAIN);
        if (config == null) {
            b.setReason("model " + sc.modelId() + " horizon " + sc.horizon() + " has predictions but no promoted config in model-configs");
        } else {
            double ageDays = (now - config.getCreatedAt().toEpochMilli()) / 86_400_000.0;
            b.setConfigVersion(config.getVersion())
                .setDetails(new TreeMap<>(Map.of("config_age_days", ageDays, "max_config_age_days", t.maxConfigAgeMs() / 86_400_000.0)))
                .setReason(String.format(Locale.ROOT, "promoted config version %d is %.1f days old (max %.1f)",
                    config.getVersion(), ageDays, t.maxConfigAgeMs() / 86_400_000.0));
        }
        out.add(b.setMetric("config_age").build());
    }

    /**
     * Post-deploy watch, once per config version: at the first window end at or after start + watch
     * (start = the bucket of the version's earliest pair), the new version's pairs in [start, start +
     * watch) against the previous version's in [start - watch, start).
     */
    private void postDeploy(EvalState s, long end, Map<String, TreeMap<Long, ErrorBucket>> errors, Thresholds t,
                            List<DriftTrigger> out) {
        if (s.configVersion == Integer.MIN_VALUE || s.previousVersion == Integer.MIN_VALUE || s.versionSince == EvalState.NONE
            || s.watchedVersion == s.configVersion) {
            return;
        }
        long start = Math.floorDiv(s.versionSince, bucketMs) * bucketMs;
        if (end < start + watchMs) {
            return;
        }
        s.watchedVersion = s.configVersion;
        ErrorSummary recent = ErrorWindows.sum(errors.get(ErrorWindows.version(s.configVersion)), start, start + watchMs).summary();
        ErrorSummary previous = ErrorWindows.sum(errors.get(ErrorWindows.version(s.previousVersion)), start - watchMs, start).summary();
        if (recent.n() < rollbackMinSamples || previous.n() < rollbackMinSamples || !(previous.rmse() > 0)
            || recent.rmse() < previous.rmse() * (1 + rollbackThreshold)) {
            return;
        }
        double degradation = SeverityRules.degradation(recent.rmse(), previous.rmse());
        SeverityRules.Level level = t.degradationSeverity().levelOf(degradation);
        if (level == SeverityRules.Level.LOW) {
            level = SeverityRules.Level.MEDIUM;
        }
        Triggers.Scope sc = new Triggers.Scope(s.modelId, s.horizon, s.tenantId, s.configVersion, start, start + watchMs,
            start - watchMs, start, end + bucketGraceMs);
        DriftTrigger.Builder b = Triggers.withErrors(
            Triggers.base(sc, null, TriggerType.POST_DEPLOY_REGRESSION, level, Recommendation.ROLLBACK), recent, previous);
        b.getDetails().put("previous_config_version", (double) s.previousVersion);
        out.add(b.setMetric("rmse")
            .setReason(String.format(Locale.ROOT,
                "config version %d: RMSE %.6g over its first %.1f days is %.1f%% above version %d's RMSE %.6g before it",
                s.configVersion, recent.rmse(), watchMs / 86_400_000.0, degradation * 100, s.previousVersion, previous.rmse()))
            .build());
    }

    /** RETRAIN triggers within the cooldown of the last unsuppressed one are marked suppressed (never dropped). */
    private static List<DriftTrigger> applyCooldown(EvalState s, long end, Thresholds t, List<DriftTrigger> triggers) {
        List<DriftTrigger> out = new ArrayList<>(triggers.size());
        for (DriftTrigger trigger : triggers) {
            if (trigger.getRecommendation() == Recommendation.RETRAIN) {
                if (s.lastRetrainEnd != EvalState.NONE && end - s.lastRetrainEnd < t.cooldownMs()) {
                    trigger = DriftTrigger.newBuilder(trigger).setSuppressed(true).build();
                } else {
                    s.lastRetrainEnd = end;
                }
            }
            out.add(trigger);
        }
        return out;
    }
}
