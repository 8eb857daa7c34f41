package io.driftwatch.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.driftwatch.config.Durations;
import io.driftwatch.kafka.WriteBackStore;

import io.driftwatch.stats.AndersonDarling;
import io.driftwatch.stats.AndersonDarlingPermutation;
import io.driftwatch.stats.BucketedSamples;
import io.driftwatch.stats.KolmogorovSmirnov;
import io.driftwatch.stats.ScaleTest;
import io.driftwatch.stats.SeverityRules;

/**
 * The per-series store of the matching stage: key {@code mh NUL series}, value the model, horizon
 * and tenant of the series, its drift samples per bucket ({@link SeriesSamples}) from the oldest
 * reference window still to be evaluated on, and its residual window (scored by {@link SeriesStage}).
 * A bucket is raw up to {@code monitor.ks.exact-max} values and a KLL sketch above (k = {@code monitor.ks.sketch-k},
 * ~15 KB at 800), so an entry is bounded by (recent + reference) / bucket + 2 buckets whatever the event rate.
 *
 * <p>Buckets no later window end needs are dropped from an entry when its series' next pair is added (the entry is
 * written then anyway), not at the window end: a daily evaluation writes nothing for a series that is still alive,
 * so it does not rewrite every series of the partition at the day boundary. An entry whose every bucket is out of
 * reach is deleted at the evaluation.
 *
 * <p>A series lives in one matching partition, so its KS test runs there, in parallel with the other
 * partitions: {@link #evaluate} runs the tests of every series for each window end that this
 * partition has just closed and reports those a false-discovery rule could reject ({@link StageReport.Drift},
 * p <= monitor.fdr.q) with the number of series it tested per model:horizon and end ({@link StageReport.Tested});
 * the window stage applies the rule across partitions and turns the rejected ones into triggers.
 * A q-value at or below q depends only on the p-values at or below q and on the number of tests, so
 * reporting only those keeps the rule exact.
 */
final class SeriesDrift {

    private final WriteBackStore<SeriesSamples> store;
    private final int exactMax;
    private final int k;
    private final long bucketMs;
    private final long recentMs;
    private final long baselineMs;
    private final boolean ad;
    private final int permutations;
    private final boolean fdr;
    private final int upstream;
    private String lastHorizon;
    /** Buckets before this are needed by no window end still to come (set by {@link #evaluate}). */
    private long pruneBefore = Long.MIN_VALUE;
    private int lastHorizonBuckets;

    SeriesDrift(WriteBackStore<SeriesSamples> store, int exactMax, int k, long bucketMs, long recentMs, long baselineMs,
                boolean ad, int permutations, boolean fdr, int upstream) {
        this.ad = ad;
        this.permutations = permutations;
        this.fdr = fdr;
        this.upstream = upstream;
        this.store = store;
        this.exactMax = exactMax;
        this.k = k;
        this.bucketMs = bucketMs;
        this.recentMs = recentMs;
        this.baselineMs = baselineMs;
    }

    /**
     * The entry of {@code key} = {@code mh NUL series} of the pair, created if new, with the pair's names and bucket
     * and without the buckets no window end still to come needs; the caller adds to it and {@link #put}s it back.
     */
    SeriesSamples entry(String key, MatchedPair p, long bucketStart) {
        SeriesSamples e = store.get(key);
        if (e == null) {
            e = new SeriesSamples(exactMax, k);
        }
        // the names are canonical instances: a write only when one changes (a write into a long-lived entry is
        // work for the collector)
        if (e.modelId != p.modelId()) {
            e.modelId = p.modelId();
        }
        if (e.horizon != p.horizon()) {
            e.horizon = p.horizon();
        }
        if (p.tenantId() != null && e.tenantId != p.tenantId()) {
            e.tenantId = p.tenantId();
        }
        if (bucketStart > e.lastPairBucket) {
            e.lastPairBucket = bucketStart;
        }
        e.samples.dropBefore(pruneBefore);
        return e;
    }

    /** Writes back an entry of {@link #entry}. */
    void put(String key, SeriesSamples e) {
        store.put(key, e);
    }

    /**
     * Runs the KS test of every series at each window end in (previousClosed, closed] where both its
     * windows hold data, reports those with p < alpha and severity >= MEDIUM, then deletes the entries of the series
     * with no pair in a bucket a later window end needs (at or after closed - recent - baseline), residual window
     * included; the others lose such buckets at their next pair.
     */
    void evaluate(long previousClosed, long closed, ThresholdLookup thresholds, Consumer<StageReport> out) {
        long keepFrom = closed - recentMs - baselineMs;
        Map<String, TestedCounts> tested = new TreeMap<>();
        List<String> gone = new ArrayList<>();
        // the walk is in the cache's order (sorting 100,000s of keys cost more than what it reported); the few reports
        // are sent in key order, each series' window ends ascending, so a replay sends what was sent before
        List<Map.Entry<String, StageReport>> reports = new ArrayList<>();
        store.forEach((key, e) -> {
            if (e.samples.isEmpty()) { // pairs without a drift quantity so far (a change without the previous actual)
                if (e.lastPairBucket < keepFrom) {
                    gone.add(key);
                }
                return;
            }
            // both windows non-empty: first bucket < end - recent, and last bucket >= end - recent
            long from = Math.max(previousClosed == Long.MIN_VALUE ? Long.MIN_VALUE : previousClosed + bucketMs,
                e.samples.firstBucket() + recentMs + bucketMs);
            long to = Math.min(closed, e.samples.lastBucket() + recentMs);
            from = Math.floorDiv(from + bucketMs - 1, bucketMs) * bucketMs; // window ends are bucket boundaries
            if (from <= to) {
                String series = key.substring(key.indexOf(Keys.SEP) + 1); // key: mh NUL series
                Thresholds t = thresholds.of(e.modelId, e.tenantId);
                String mh = key.substring(0, key.indexOf(Keys.SEP));
                Consumer<StageReport> found = r -> reports.add(Map.entry(key, r));
                for (long end = from; end <= to; end += bucketMs) {
                    if (test(e, series, end, t, found)) {
                        tested.computeIfAbsent(mh, x -> new TestedCounts(e.modelId, e.horizon)).add(end);
                    }
                }
            }
            if (e.lastPairBucket < keepFrom) {
                gone.add(key);
            }
        });
        pruneBefore = Math.max(pruneBefore, keepFrom);
        reports.sort(Map.Entry.comparingByKey()); // stable: a series' ends stay in order
        reports.forEach(r -> out.accept(r.getValue()));
        tested.values().forEach(c -> c.perEnd.forEach((end, count) ->
            out.accept(new StageReport.Tested(c.modelId, c.horizon, end, upstream, count[0]))));
        gone.forEach(store::delete);
    }

    /**
     * The scale test ({@link ScaleTest}) on the spread: both windows' absolute deviations from their pooled median
     * (the Brown-Forsythe idea with a rank test, so it stays distribution-free under H0). A doubled noise that leaves
     * the residuals' centre where it was moves their spread clearly; null when every deviation is equal.
     */
    static ScaleTest.Result spreadTest(double[] recent, double[] reference, double factor) {
        double[] a = recent.clone();
        double[] b = reference.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        return spreadTestSorted(a, b, factor);
    }

    /**
     * {@link #spreadTest} of two sorted windows, in linear time: the pooled median by a merge walk, and each window's
     * absolute deviations, already in order, by merging the part below the median (reversed) with the part above.
     */
    static ScaleTest.Result spreadTestSorted(double[] recent, double[] reference, double factor) {
        double[][] d = deviations(recent, reference);
        return d == null ? null : ScaleTest.deflate(ScaleTest.test(d[0], d[1]), factor);
    }

    /** Both sorted windows' absolute deviations from their pooled median, sorted; null when they are all equal. */
    static double[][] deviations(double[] recent, double[] reference) {
        double median = pooledMedian(recent, reference);
        double[] a = sortedDeviations(recent, median);
        double[] b = sortedDeviations(reference, median);
        if (a[0] == a[a.length - 1] && b[0] == b[b.length - 1] && a[0] == b[0]) {
            return null;
        }
        return new double[][] {a, b};
    }

    /** Splits at least as extreme as the observed windows after which relabelling stops (Besag-Clifford). */
    static final int STOP_AFTER = 20;

    /**
     * The p-values of the shape and spread tests of two sorted windows with tied values by relabelling
     * ({@link AndersonDarlingPermutation}, {@link ScaleTest#relabelledPValue}), seeded by the series and window end
     * so that every instance and replay draws the same splits: {shape, spread}, the spread 1 when every deviation is
     * equal.
     */
    static double[] relabelledPValues(double[] recent, double[] reference, String series, long end,
                                      int permutations) {
        long seed = ((long) series.hashCode() << 32) ^ end;
        double shape = AndersonDarlingPermutation.pValue(recent, reference, seed, permutations, STOP_AFTER);
        double[][] d = deviations(recent, reference);
        double spread = d == null ? 1.0 : ScaleTest.relabelledPValue(d[0], d[1], seed + 1, permutations, STOP_AFTER);
        return new double[] {shape, spread};
    }

    /** The median of the union of two sorted arrays (the mean of the middle two for an even count). */
    static double pooledMedian(double[] x, double[] y) {
        int n = x.length + y.length;
        int i = 0;
        int j = 0;
        double previous = Double.NaN;
        double current = Double.NaN;
        for (int k = 0; k <= n / 2; k++) {
            previous = current;
            current = j >= y.length || i < x.length && x[i] <= y[j] ? x[i++] : y[j++];
        }
        return n % 2 == 1 ? current : (previous + current) / 2;
    }

    /** |x[i] - m| for a sorted {@code x}, sorted: the values below m, read backwards, merged with those above. */
    static double[] sortedDeviations(double[] x, double m) {
        int split = 0;
        while (split < x.length && x[split] < m) {
            split++;
        }
        double[] out = new double[x.length];
        int lo = split - 1;
        int hi = split;
        for (int k = 0; k < out.length; k++) {
            if (hi >= x.length || lo >= 0 && m - x[lo] <= x[hi] - m) {
                out[k] = m - x[lo--];
            } else {
                out[k] = x[hi++] - m;
            }
        }
        return out;
    }

    /** The horizon in buckets (rounded up), 1 when it is not a duration. */
    private int horizonBuckets(String horizon) {
        if (horizon.equals(lastHorizon)) {
            return lastHorizonBuckets;
        }
        int h;
        try {
            h = (int) Math.max(1, (Durations.parse(horizon).toMillis() + bucketMs - 1) / bucketMs);
        } catch (RuntimeException ex) {
            h = 1;
        }
        lastHorizon = horizon;
        lastHorizonBuckets = h;
        return h;
    }

    /**
     * Variance inflation of a mean of h-step forecast errors, from their autocorrelations in time order: errors of
     * targets less than h buckets apart share shocks (an MA(h-1) structure), so {@code f = 1 + 2 sum_{k<h} rho_k},
     * divided by {@code 1 - (2h - 1) / n} (sample autocorrelations of a short, mean-removed series are biased
     * low: without it the median estimate for overlapping 7-step random-walk errors was 5.7 of the true 7 at
     * n = 60), clamped to [1, h]. The drift test then counts the windows as {@code n / f} independent values
     * ({@link AndersonDarling#deflate}).
     */
    static double dependence(double[] v, int h) {
        int n = v == null ? 0 : v.length;
        double shrink = 1 - (2.0 * h - 1) / Math.max(n, 1);
        if (n < 2 * h + 2 || shrink < 0.3) {
            return h; // too short to estimate: assume full overlap
        }
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= n;
        double c0 = 0;
        for (double x : v) {
            c0 += (x - mean) * (x - mean);
        }
        if (!(c0 > 0)) {
            return 1.0;
        }
        double f = 1;
        for (int k = 1; k < h; k++) {
            double ck = 0;
            for (int i = k; i < n; i++) {
                ck += (v[i] - mean) * (v[i - k] - mean);
            }
            f += 2 * ck / c0;
        }
        return Math.max(1.0, Math.min(h, f / shrink));
    }

    /**
     * The dependence factor of a series' windows ({@link AndersonDarling#deflate}): 1 for a 1-bucket horizon; for h > 1
     * buckets, the reference window's estimate ({@link #dependence}, monitor.drift.dependence=estimate, the default)
     * or h (monitor.drift.dependence=horizon: errors of targets less than h apart share up to h - 1 of their h shocks,
     * the MA(h - 1) of an h-step forecast error of a random walk, so n errors carry about n / h values' worth of
     * information). On the detector harness' stable random walks (a naive 7-day model, true f = 7) the estimate from a
     * full 60-error window was below 5 in 11% of the windows, and the test flagged 2.74 series per 1,000 series-days;
     * with h, none.
     */
    private double dependenceFactor(BucketedSamples samples, long recentStart, int h, boolean estimate) {
        return dependenceFactor(h, estimate, () -> samples.inTimeOrder(recentStart - baselineMs, recentStart));
    }

    /** {@link #dependenceFactor(BucketedSamples, long, int, boolean)} of a reference window in time order. */
    static double dependenceFactor(int h, boolean estimate, Supplier<double[]> referenceInTimeOrder) {
        if (h <= 1) {
            return 1.0;
        }
        return estimate ? dependence(referenceInTimeOrder.get(), h) : h;
    }

    /** Tests one series at one window end; true if it had enough samples to be tested. */
    private boolean test(SeriesSamples e, String series, long end, Thresholds t, Consumer<StageReport> out) {
        BucketedSamples samples = e.samples;
        long recentStart = end - recentMs;
        double bound = fdr ? t.fdrQ() : t.ksAlpha();
        if (ad) {
            double[][] w = samples.exactWindows(recentStart - baselineMs, recentStart, end, t.minSamples());
            if (w != null) {
                MonitorMeters.ksEvaluated(KolmogorovSmirnov.Method.EXACT);
                double[] recent = w[0];
                double[] reference = w[1];
                if (recent[0] == recent[recent.length - 1] && reference[0] == reference[reference.length - 1]
                    && recent[0] == reference[0]) {
                    return true; // one value in both windows: identical distributions, p = 1
                }
                int h = horizonBuckets(e.horizon);
                double factor = dependenceFactor(samples, recentStart, h, t.dependenceEstimated());
                AndersonDarling.Result shape =
                        AndersonDarling.deflate(AndersonDarling.testSorted(recent, reference), factor, 2);
                double[][] dev = deviations(recent, reference);
                double spreadZ = dev == null ? Double.NaN : ScaleTest.deflate(ScaleTest.z(dev[0], dev[1]), factor);
                // the spread's p-value only where it can decide: with the shape's p above bound / 2, a spread p above
                // it too leaves the Bonferroni p above the bound, so nothing is reported, whatever either p is
                boolean spreadDecides = !Double.isNaN(spreadZ)
                    && (2 * shape.pValue() <= bound || !ScaleTest.surelyAbove(spreadZ, bound / 2));
                double spreadP = spreadDecides ? ScaleTest.pValue(spreadZ) : Double.NaN;
                boolean bySpread = spreadDecides && spreadP < shape.pValue();
                double p = Math.min(1.0, 2 * (bySpread ? spreadP : shape.pValue())); // Bonferroni: 2 tests
                if (p <= bound && permutations > 0 && factor == 1.0
                    && AndersonDarlingPermutation.tied(recent, reference)) {
                    // the table's p-values assume continuous values: a candidate with ties is judged by relabelling
                    double[] pr = relabelledPValues(recent, reference, series, end, permutations);
                    bySpread = !Double.isNaN(spreadZ) && pr[1] < pr[0];
                    p = Math.min(1.0, 2 * Math.min(pr[0], pr[1]));
                }
                double statistic = bySpread ? spreadZ : shape.statistic();
                if (p <= bound) {
                    double d = KolmogorovSmirnov.testOfSorted(w[0], w[1], Integer.MAX_VALUE, bound,
                        Double.POSITIVE_INFINITY).statistic();
                    out.accept(new StageReport.Drift(e.modelId, e.horizon, series, end, d, p,
                        KolmogorovSmirnov.Method.EXACT, w[0].length, w[1].length, statistic, Double.NaN, bySpread));
                }
                return true;
            }
        }
        // the exact p-value (an O(n*m) programme) only where the result can be reported: D >= MEDIUM, and D above
        // every D already known not significant for these sample sizes; elsewhere p is NaN, never below alpha
        KolmogorovSmirnov.Result r = samples.test(recentStart - baselineMs, recentStart, end, t.minSamples(),
            Math.nextUp(bound), t.ksSeverity().medium());
        if (r == null) {
            return false;
        }
        MonitorMeters.ksEvaluated(r.method());
        if (r.pValue() <= bound && t.ksSeverity().levelOf(r.statistic()) != SeverityRules.Level.LOW) {
            out.accept(new StageReport.Drift(
                    e.modelId,
                    e.horizon,
                    series,
                    end,
                    r.statistic(),
                    r.pValue(),
                    r.method(),
                    samples.count(recentStart, end),
                    samples.count(recentStart - baselineMs, recentStart),
                    Double.NaN,
                    r.pValue(),
                    false));
        }
        return true;
    }

    /** Series tested per window end of one model:horizon, in one {@link #evaluate} call. */
    private static final class TestedCounts {
        final String modelId;
        final String horizon;
        final TreeMap<Long, int[]> perEnd = new TreeMap<>();

        TestedCounts(String modelId, String horizon) {
            this.modelId = modelId;
            this.horizon = horizon;
        }

        void add(long end) {
            perEnd.computeIfAbsent(end, x -> new int[1])[0]++;
        }
    }
}
