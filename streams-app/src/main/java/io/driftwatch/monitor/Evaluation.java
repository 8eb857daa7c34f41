package io.driftwatch.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.config.Durations;
import io.driftwatch.stats.BinomialCoverage;
import io.driftwatch.stats.ErrorBucket;
import io.driftwatch.stats.ErrorSummary;
import io.driftwatch.stats.FalseDiscovery;
import io.driftwatch.stats.KolmogorovSmirnov;
import io.driftwatch.stats.LossRatioTest;
import io.driftwatch.stats.SeverityRules;

/**
 * One evaluation of one model:horizon at window end {@code end}: decides which triggers fire from
 * the error buckets, the per-series drift windows and the promoted config, then applies the
 * cooldown. Triggers come out in a fixed order (degradation, MAPE ceiling, coverage, per-series
 * degradation and coverage by series id, data drift by series id, time-based, post-deploy regression), so
 * replays give the same output.
 *
 * <p>Every per-series decision of one evaluation is one family of tests: its p-values go through the
 * false-discovery rule of {@code monitor.fdr.method} at {@code monitor.fdr.q} across the series of the
 * model:horizon (each trigger carries its q-value), so a fleet of many stable series does not raise a
 * steady trickle of flags.
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
    private final String fdrMethod;
    private final int persistK;
    private final int persistM;
    private final double coverageNominal;

    /**
     * @param activeFromMs windows ending before this emit their triggers suppressed (monitor.triggers.active-from)
     * @param watchMs, rollbackThreshold, rollbackMinSamples the post-deploy watch (monitor.rollback.*)
     */
    Evaluation(long recentMs, long baselineMs, long bucketGraceMs, String ksQuantity, long activeFromMs, long bucketMs,
               long watchMs, double rollbackThreshold, int rollbackMinSamples, String fdrMethod, int[] persistence,
               double coverageNominal) {
        this.fdrMethod = fdrMethod;
        this.persistK = persistence[0];
        this.persistM = persistence[1];
        this.coverageNominal = coverageNominal;
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

    /**
     * The version is the newest one with pairs in buckets before {@code end}: a newer version whose first pairs lie
     * after the window may already have reached this stage from a faster partition, or not, so "the newest seen"
     * would depend on the order in which partitions deliver.
     */
    Triggers.Scope scope(EvalState s, long end) {
        int newest = s.versionSince != EvalState.NONE
                        && s.versionSince >= end
                        && s.previousVersion != Integer.MIN_VALUE
                ? s.previousVersion
                : s.configVersion;
        Integer version = newest == Integer.MIN_VALUE ? null : newest;
        return new Triggers.Scope(s.modelId, s.horizon, s.tenant(), version, end - recentMs, end,
            end - recentMs - baselineMs, end - recentMs, end + bucketGraceMs);
    }

    /**
     * @param errors  visible error buckets per scope (see {@link ErrorWindows#visible})
     * @param drift   the significant KS results of the series at this end, in series order
     * @param config  the promoted config of this model:horizon, null when there is none
     */
    List<DriftTrigger> evaluate(EvalState s, long end, Thresholds t, Map<String, TreeMap<Long, ErrorBucket>> errors,
                                DriftResults.AtEnd drift, ModelConfig config) {
        return evaluate(s, end, t, errors, drift, config, new EvaluationFigures());
    }

    /** As {@link #evaluate(EvalState, long, Thresholds, Map, DriftResults.AtEnd, ModelConfig)}, filling figures. */
    List<DriftTrigger> evaluate(EvalState s, long end, Thresholds t, Map<String, TreeMap<Long, ErrorBucket>> errors,
                                DriftResults.AtEnd drift, ModelConfig config, EvaluationFigures figures) {
        Triggers.Scope scope = scope(s, end);
        List<DriftTrigger> out = new ArrayList<>();
        Family modelLevel = new Family(0);
        degradation(scope, null, errors.get(ErrorWindows.ALL), t, modelLevel, figures);
        mapeCeiling(scope, errors.get(ErrorWindows.ALL), t, out);
        coverage(scope, null, errors.get(ErrorWindows.ALL), t, modelLevel, figures);
        out.addAll(modelLevel.decide(t, false));
        Family seriesDegradation = new Family(0);
        Family seriesCoverage = new Family(0);
        for (Map.Entry<String, TreeMap<Long, ErrorBucket>> e : errors.entrySet()) {
            if (e.getKey().startsWith("s")) {
                figures.seriesEvaluated++;
                degradation(scope, e.getKey().substring(1), e.getValue(), t, seriesDegradation, null);
                coverage(scope, e.getKey().substring(1), e.getValue(), t, seriesCoverage, null);
            }
        }
        out.addAll(seriesDegradation.decide(t, true));
        out.addAll(seriesCoverage.decide(t, true));
        Family drifts = new Family(drift.tested());
        figures.driftTests = drift.tested();
        for (StageReport.Drift d : drift.results()) {
            if (Double.isNaN(figures.driftMinPValue) || d.pValue() < figures.driftMinPValue) {
                figures.driftMinPValue = d.pValue();
            }
            dataDrift(scope, d, t, drifts);
        }
        out.addAll(persist(s, drifts.decide(t, true)));
        timeBased(scope, config, t, out);
        postDeploy(s, end, errors, t, out);
        if (end < activeFromMs) {
            return out.stream()
                    .map(trigger -> DriftTrigger.newBuilder(trigger)
                            .setSuppressed(true)
                            .setReason(trigger.getReason()
                                    + " (suppressed: window ends before monitor.triggers.active-from)")
                            .build())
                    .toList();
        }
        return applyCooldown(s, end, t, out);
    }

    /**
     * PERFORMANCE_DEGRADATION: the RMSE ratio recent/baseline is at least 1 + threshold (the effect-size floor)
     * and the increase of the per-bucket mean squared error is significant (one-sided HAC test, lag >= the
     * horizon in buckets - 1: h-step errors overlap). Not before the baseline holds min-samples pairs spread
     * over at least half its length. Severity from the lower confidence bound of the ratio.
     */
    private void degradation(Triggers.Scope sc, String series, TreeMap<Long, ErrorBucket> buckets, Thresholds t,
                             Family family, EvaluationFigures figures) {
        ErrorBucket recentBucket = ErrorWindows.sum(buckets, sc.recentStart(), sc.recentEnd());
        ErrorBucket baselineBucket = ErrorWindows.sum(buckets, sc.referenceStart(), sc.referenceEnd());
        ErrorSummary recent = recentBucket.summary();
        ErrorSummary baseline = baselineBucket.summary();
        if (recent.n() < t.minSamples() || baseline.n() < t.minSamples() || !(baseline.rmse() > 0)) {
            return;
        }
        Map.Entry<Long, ErrorBucket> first = buckets.ceilingEntry(sc.referenceStart());
        if (first == null || first.getKey() > sc.referenceEnd() - (sc.referenceEnd() - sc.referenceStart()) / 2) {
            return; // the baseline is not half full in time yet
        }
        double[] losses = new double[(int) ((sc.recentEnd() - sc.referenceStart()) / bucketMs) + 1];
        int nb = 0;
        int n = 0;
        for (Map.Entry<Long, ErrorBucket> e :
                buckets.subMap(sc.referenceStart(), true, sc.recentEnd(), false).entrySet()) {
            if (e.getValue().count() == 0) {
                continue;
            }
            losses[n++] = e.getValue().sumSquaredErrors() / e.getValue().count();
            if (e.getKey() < sc.referenceEnd()) {
                nb++;
            }
        }
        losses = Arrays.copyOf(losses, n);
        // the one-sided test at alpha goes with the lower bound of the two-sided (1 - 2 alpha) interval
        double ciAlpha = Math.min(0.5, Math.max(1e-12, 2 * t.degradationAlpha()));
        LossRatioTest.Result r = LossRatioTest.test(losses, nb, Math.min(hacLag(sc.horizon(), n), Math.max(0, n - 3)),
            ciAlpha, LossRatioTest.Method.FIXED_B_WELCH);
        double pValue = r.pValue();
        if (Double.isNaN(pValue) && nb >= 2 && n - nb >= 2 && constant(losses, 0, nb) && constant(losses, nb, n)) {
            pValue = losses[nb] > losses[0] ? 0.0 : 1.0; // no sampling noise at all: the change is certain
        }
        if (figures != null) {
            figures.degradationPValue = pValue;
            figures.ratioLower = r.rmseRatioLower();
            figures.ratioUpper = r.rmseRatioUpper();
        }
        double ratio = recent.rmse() / baseline.rmse();
        boolean floor = ratio >= 1 + t.degradationThreshold();
        double degradationLower = Double.isFinite(r.rmseRatioLower()) ? r.rmseRatioLower() - 1 : ratio - 1;
        SeverityRules.Level level = t.degradationSeverity().levelOf(degradationLower);
        if (level == SeverityRules.Level.LOW) {
            level = SeverityRules.Level.MEDIUM; // past the trigger threshold is never "low"
        }
        DriftTrigger.Builder b = Triggers.withErrors(
                        Triggers.base(sc, series, TriggerType.PERFORMANCE_DEGRADATION, level, Recommendation.RETRAIN),
                        recent,
                        baseline)
                .setMetric("rmse")
                .setTest("hac-loss-ratio")
                .setPValue(Triggers.finiteOrNull(pValue))
                .setRatioLower(Triggers.finiteOrNull(r.rmseRatioLower()))
                .setRatioUpper(Triggers.finiteOrNull(r.rmseRatioUpper()));
        b.getDetails().put("hac_lag", (double) r.lag());
        putFinite(b, "t_statistic", r.t());
        putFinite(b, "mse_ratio", r.ratio());
        putIntervalScores(b, recentBucket, baselineBucket);
        String reason = String.format(
                Locale.ROOT,
                "recent RMSE %.6g is %.1f%% above the baseline RMSE %.6g (ratio %.3f, %.0f%% CI %.3f-%.3f, one-sided"
                        + " p=%.3g, HAC lag %d)",
                recent.rmse(),
                (ratio - 1) * 100,
                baseline.rmse(),
                ratio,
                100 * (1 - ciAlpha),
                r.rmseRatioLower(),
                r.rmseRatioUpper(),
                pValue,
                r.lag());
        family.add(new Candidate(b, () -> reason, pValue, floor, t.degradationAlpha()));
    }

    private static boolean constant(double[] v, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (v[i] != v[from]) {
                return false;
            }
        }
        return true;
    }

    /** Newey-West lag: at least the overlap of h-step errors (horizon in buckets - 1) and the usual 4(T/100)^(2/9). */
    private int hacLag(String horizon, int buckets) {
        long h;
        try {
            h = Durations.parse(horizon).toMillis();
        } catch (RuntimeException e) {
            h = bucketMs; // a horizon that is not a duration: no known overlap
        }
        int overlap = (int) Math.max(0, (h + bucketMs - 1) / bucketMs - 1);
        int rule = (int) Math.floor(4 * Math.pow(buckets / 100.0, 2.0 / 9.0));
        return Math.max(overlap, rule);
    }

    /**
     * COVERAGE_DRIFT: the recent window's interval coverage (pairs with upper > lower) differs from
     * monitor.coverage.nominal by at least monitor.coverage.min-gap and significantly (exact two-sided binomial
     * test). Under-coverage recommends RETRAIN, over-coverage (intervals too wide) CONTINUE.
     */
    private void coverage(Triggers.Scope sc, String series, TreeMap<Long, ErrorBucket> buckets, Thresholds t,
                          Family family, EvaluationFigures figures) {
        if (!(t.coverageAlpha() > 0)) {
            return;
        }
        ErrorBucket recent = ErrorWindows.sum(buckets, sc.recentStart(), sc.recentEnd());
        long n = recent.intervalPairs();
        if (n < t.minSamples()) {
            return;
        }
        long hits = recent.intervalPairHits();
        double coverage = (double) hits / n;
        double p = BinomialCoverage.twoSidedPValue((int) hits, (int) n, coverageNominal);
        if (figures != null) {
            figures.coveragePValue = p;
        }
        boolean floor = Math.abs(coverage - coverageNominal) >= t.coverageMinGap();
        boolean under = coverage < coverageNominal;
        double gap = Math.abs(coverage - coverageNominal);
        SeverityRules.Level level = gap >= 0.20 ? SeverityRules.Level.HIGH : SeverityRules.Level.MEDIUM;
        ErrorSummary recentSummary = recent.summary();
        ErrorBucket baselineBucket = ErrorWindows.sum(buckets, sc.referenceStart(), sc.referenceEnd());
        ErrorSummary baseline = baselineBucket.summary();
        DriftTrigger.Builder b = Triggers.withErrors(Triggers.base(sc, series, TriggerType.COVERAGE_DRIFT, level,
                under ? Recommendation.RETRAIN : Recommendation.CONTINUE), recentSummary, baseline)
            .setMetric("coverage")
            .setTest("binomial")
            .setPValue(p);
        b.getDetails().put("coverage", coverage);
        b.getDetails().put("coverage_nominal", coverageNominal);
        b.getDetails().put("coverage_n", (double) n);
        b.getDetails().put("coverage_hits", (double) hits);
        putIntervalScores(b, recent, baselineBucket);
        String reason = String.format(Locale.ROOT,
            "interval coverage %.3f over %d recent pairs is %s the nominal %.3f (exact binomial p=%.3g)%s", coverage, n,
            under ? "below" : "above", coverageNominal, p, series == null ? "" : " for series " + series);
        family.add(new Candidate(b, () -> reason, p, floor, t.coverageAlpha()));
    }

    /** Pinball loss of the interval bounds and Winkler score of both windows, in details. */
    private static void putIntervalScores(DriftTrigger.Builder b, ErrorBucket recent, ErrorBucket baseline) {
        putFinite(b, "recent_pinball", recent.meanPinball());
        putFinite(b, "baseline_pinball", baseline.meanPinball());
        putFinite(b, "recent_winkler", recent.meanWinkler());
        putFinite(b, "baseline_winkler", baseline.meanWinkler());
    }

    private static void putFinite(DriftTrigger.Builder b, String key, double v) {
        if (Double.isFinite(v)) {
            b.getDetails().put(key, v);
        }
    }

    private void mapeCeiling(
            Triggers.Scope sc, TreeMap<Long, ErrorBucket> buckets, Thresholds t, List<DriftTrigger> out) {
        if (!(t.mapeCeiling() > 0)) {
            return;
        }
        ErrorSummary recent = ErrorWindows.sum(buckets, sc.recentStart(), sc.recentEnd()).summary();
        ErrorSummary baseline = ErrorWindows.sum(buckets, sc.referenceStart(), sc.referenceEnd()).summary();
        if (recent.n() < t.minSamples() || !(recent.mape() > t.mapeCeiling())) {
            return;
        }
        SeverityRules.Level level =
                recent.mape() > 2 * t.mapeCeiling() ? SeverityRules.Level.HIGH : SeverityRules.Level.MEDIUM;
        DriftTrigger.Builder b = Triggers.withErrors(
            Triggers.base(sc, null, TriggerType.ERROR_THRESHOLD, level, Recommendation.RETRAIN), recent, baseline);
        b.getDetails().put("mape_ceiling", t.mapeCeiling());
        out.add(b.setMetric("mape")
                .setReason(String.format(
                        Locale.ROOT, "recent MAPE %.4f is above the ceiling %.4f", recent.mape(), t.mapeCeiling()))
                .build());
    }

    /**
     * A series' drift test result (tested upstream, see {@link SeriesDrift}) as a candidate trigger. KS decisions
     * keep the severity floor on D (>= MEDIUM); Anderson-Darling ones have none (a scale change moves D little).
     */
    private void dataDrift(Triggers.Scope sc, StageReport.Drift d, Thresholds t, Family family) {
        SeverityRules.Level level = t.ksSeverity().levelOf(d.statistic());
        boolean floor = d.byAd() || level != SeverityRules.Level.LOW;
        if (level == SeverityRules.Level.LOW) {
            level = SeverityRules.Level.MEDIUM;
        }
        DriftTrigger.Builder b = Triggers.base(sc, d.seriesId(), TriggerType.DATA_DRIFT, level, Recommendation.RETRAIN)
            .setKsStatistic(d.statistic())
            .setKsPvalue(Triggers.finiteOrNull(d.ksPValue()))
            .setNRecent(d.nRecent())
            .setNReference(d.nReference())
            .setMetric(ksQuantity)
            .setTest(!d.byAd() ? "ks" : d.bySpread() ? "normal-scores-scale" : "anderson-darling")
            .setPValue(d.pValue())
            .setDetails(new TreeMap<>(Map.of("ks_exact", d.method() == KolmogorovSmirnov.Method.EXACT ? 1.0 : 0.0)));
        if (d.byAd()) {
            b.getDetails().put(d.bySpread() ? "scale_z" : "ad_statistic", d.adStatistic());
        }
        // formatted only for a candidate that becomes a trigger: most of a day's candidates do not
        Supplier<String> reason = () -> d.byAd()
                ? String.format(
                        Locale.ROOT,
                        d.bySpread()
                            ? "Scale test (normal scores of |x - median|) on the %s of series %s: z=%.3f, p=%.3g"
                                + " (KS D=%.4f)"
                            : "Anderson-Darling test on the %s of series %s: T=%.3f, p=%.3g (KS D=%.4f)",
                        ksQuantity,
                        d.seriesId(),
                        d.adStatistic(),
                        d.pValue(),
                        d.statistic())
                : String.format(
                        Locale.ROOT,
                        "KS test on the %s of series %s: D=%.4f, p=%.3g (%s)",
                        ksQuantity,
                        d.seriesId(),
                        d.statistic(),
                        d.pValue(),
                        d.method());
        family.add(new Candidate(b, reason, d.pValue(), floor, t.ksAlpha()));
    }

    /**
     * monitor.drift.persistence k/m: a flagged series' DATA_DRIFT is emitted when it was flagged in at least k of
     * its last m evaluations (this one included). The flags of the series flagged within the last m evaluations
     * live in the model:horizon's {@link EvalState}.
     */
    private List<DriftTrigger> persist(EvalState s, List<DriftTrigger> flagged) {
        if (persistM == 1) {
            return flagged;
        }
        long keep = (1L << persistM) - 1;
        Map<String, Long> next = new TreeMap<>();
        s.driftFlags.forEach((series, bits) -> {
            long shifted = (bits << 1) & keep;
            if (shifted != 0) {
                next.put(series, shifted);
            }
        });
        List<DriftTrigger> out = new ArrayList<>();
        for (DriftTrigger trigger : flagged) {
            long bits = next.getOrDefault(trigger.getSeriesId(), 0L) | 1L;
            next.put(trigger.getSeriesId(), bits);
            int count = Long.bitCount(bits);
            if (count >= persistK) {
                trigger.getDetails().put("flagged_evaluations", (double) count);
                out.add(DriftTrigger.newBuilder(trigger).setReason(trigger.getReason() + String.format(Locale.ROOT,
                    " (flagged in %d of the last %d evaluations)", count, persistM)).build());
            }
        }
        s.driftFlags = next;
        return out;
    }

    /**
     * One decision candidate: a trigger (its reason still to be formatted), its p-value, whether it passes its
     * effect-size floor, its alpha alone.
     */
    private record Candidate(DriftTrigger.Builder builder, Supplier<String> reason, double pValue, boolean floor,
                             double alpha) {

        /** The trigger's builder with its reason set. */
        DriftTrigger.Builder trigger() {
            if (!builder.hasReason()) {
                builder.setReason(reason.get());
            }
            return builder;
        }
    }

    /**
     * One family of tests of one evaluation: the model-level tests (each decided at its own alpha), or the
     * per-series ones (decided together by the false-discovery rule over {@code tested} series).
     */
    private final class Family {
        private final List<Candidate> candidates = new ArrayList<>();
        /** Tests made, of which only those that may be rejected were reported; at least the candidates. */
        private final int tested;

        Family(int tested) {
            this.tested = tested;
        }

        void add(Candidate c) {
            candidates.add(c);
        }

        List<DriftTrigger> decide(Thresholds t, boolean fdr) {
            List<DriftTrigger> out = new ArrayList<>();
            if (fdr && !fdrMethod.equals("none")) {
                double[] p = new double[candidates.size()];
                for (int i = 0; i < p.length; i++) {
                    p[i] = Double.isNaN(candidates.get(i).pValue()) ? 1.0 : candidates.get(i).pValue();
                }
                int m = Math.max(tested, p.length);
                FalseDiscovery.Result r = FalseDiscovery.rejectPartial(p, m, t.fdrQ(),
                    fdrMethod.equals("by") ? FalseDiscovery.Method.BY : FalseDiscovery.Method.BH);
                double[] q = r.qValues();
                int flagged = 0;
                for (int i = 0; i < p.length; i++) {
                    flagged += r.rejected()[i] && candidates.get(i).floor() ? 1 : 0;
                }
                double fraction = (double) flagged / m;
                boolean retrain = fraction >= t.retrainFraction();
                for (int i = 0; i < p.length; i++) {
                    Candidate c = candidates.get(i);
                    if (r.rejected()[i] && c.floor()) {
                        c.trigger().getDetails().put("flagged_fraction", fraction);
                        c.trigger().setQValue(q[i]);
                        c.trigger().getDetails().put("fdr_tests", (double) m);
                        c.trigger().setReason(c.trigger().getReason() + String.format(Locale.ROOT,
                            ", q=%.3g over %d series", q[i], m));
                        if (!retrain && c.trigger().getRecommendation() == Recommendation.RETRAIN) {
                            c.trigger().setRecommendation(Recommendation.CONTINUE);
                            c.trigger().setReason(c.trigger().getReason() + String.format(Locale.ROOT,
                                "; %d of %d series flagged, below monitor.per-series.retrain-fraction %.3g: no retrain",
                                flagged, m, t.retrainFraction()));
                        }
                        out.add(c.trigger().build());
                    }
                }
                return out;
            }
            for (Candidate c : candidates) {
                if (c.pValue() < c.alpha() && c.floor()) {
                    out.add(c.trigger().build());
                }
            }
            return out;
        }
    }

    private void timeBased(Triggers.Scope sc, ModelConfig config, Thresholds t, List<DriftTrigger> out) {
        long now = sc.detectedAt();
        if (config != null && now - config.getCreatedAt().toEpochMilli() <= t.maxConfigAgeMs()) {
            return;
        }
        DriftTrigger.Builder b =
                Triggers.base(sc, null, TriggerType.TIME_BASED, SeverityRules.Level.MEDIUM, Recommendation.RETRAIN);
        if (config == null) {
            b.setReason("model " + sc.modelId() + " horizon " + sc.horizon()
                    + " has predictions but no promoted config in model-configs");
        } else {
            double ageDays = (now - config.getCreatedAt().toEpochMilli()) / 86_400_000.0;
            b.setConfigVersion(config.getVersion())
                    .setDetails(new TreeMap<>(Map.of(
                            "config_age_days", ageDays, "max_config_age_days", t.maxConfigAgeMs() / 86_400_000.0)))
                    .setReason(String.format(
                            Locale.ROOT,
                            "promoted config version %d is %.1f days old (max %.1f)",
                            config.getVersion(),
                            ageDays,
                            t.maxConfigAgeMs() / 86_400_000.0));
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
        if (s.configVersion == Integer.MIN_VALUE
                || s.previousVersion == Integer.MIN_VALUE
                || s.versionSince == EvalState.NONE
                || s.watchedVersion == s.configVersion) {
            return;
        }
        long start = Math.floorDiv(s.versionSince, bucketMs) * bucketMs;
        if (end < start + watchMs) {
            return;
        }
        s.watchedVersion = s.configVersion;
        ErrorSummary recent = ErrorWindows.sum(
                        errors.get(ErrorWindows.version(s.configVersion)), start, start + watchMs)
                .summary();
        ErrorSummary previous = ErrorWindows.sum(
                        errors.get(ErrorWindows.version(s.previousVersion)), start - watchMs, start)
                .summary();
        if (recent.n() < rollbackMinSamples || previous.n() < rollbackMinSamples || !(previous.rmse() > 0)
            || recent.rmse() < previous.rmse() * (1 + rollbackThreshold)) {
            return;
        }
        double degradation = SeverityRules.degradation(recent.rmse(), previous.rmse());
        SeverityRules.Level level = t.degradationSeverity().levelOf(degradation);
        if (level == SeverityRules.Level.LOW) {
            level = SeverityRules.Level.MEDIUM;
        }
        Triggers.Scope sc = new Triggers.Scope(
                s.modelId,
                s.horizon,
                s.tenant(),
                s.configVersion,
                start,
                start + watchMs,
                start - watchMs,
                start,
                end + bucketGraceMs);
        DriftTrigger.Builder b = Triggers.withErrors(
                Triggers.base(sc, null, TriggerType.POST_DEPLOY_REGRESSION, level, Recommendation.ROLLBACK),
                recent,
                previous);
        b.getDetails().put("previous_config_version", (double) s.previousVersion);
        out.add(b.setMetric("rmse")
                .setReason(String.format(
                        Locale.ROOT,
                        "config version %d: RMSE %.6g over its first %.1f days is %.1f%% above version %d's RMSE %.6g"
                                + " before it",
                        s.configVersion,
                        recent.rmse(),
                        watchMs / 86_400_000.0,
                        degradation * 100,
                        s.previousVersion,
                        previous.rmse()))
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
