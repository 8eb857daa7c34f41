package io.driftwatch.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.kafka.streams.KeyValue;

import io.driftwatch.kafka.WriteBackStore;

import io.driftwatch.stats.KolmogorovSmirnov;
import io.driftwatch.stats.SeverityRules;

/**
 * The drift-sample store of the matching stage: key {@code mh NUL series}, value the model, horizon
 * and tenant of the series and its drift samples per bucket ({@link SeriesSamples}) from the oldest
 * reference window still to be evaluated on. A bucket is raw up to {@code monitor.ks.exact-max}
 * values and a KLL sketch above (k = {@code monitor.ks.sketch-k}, ~15 KB at 800), so an entry is
 * bounded by (recent + reference) / bucket + 1 buckets whatever the event rate.
 *
 * <p>A series lives in one matching partition, so its KS test runs there, in parallel with the other
 * partitions: {@link #evaluate} runs the tests of every series for each window end that this
 * partition has just closed and reports the significant ones ({@link Flow.Drift}); the window stage
 * turns them into triggers.
 */
final class SeriesDrift {

    private final WriteBackStore<SeriesSamples> store;
    private final int exactMax;
    private final int k;
    private final long bucketMs;
    private final long recentMs;
    private final long baselineMs;

    SeriesDrift(WriteBackStore<SeriesSamples> store, int exactMax, int k, long bucketMs, long recentMs, long baselineMs) {
        this.store = store;
        this.exactMax = exactMax;
        this.k = k;
        this.bucketMs = bucketMs;
        this.recentMs = recentMs;
        this.baselineMs = baselineMs;
    }

    /** Adds {@code value} to the samples of {@code key} = {@code mh NUL series} of the pair. */
    void add(String key, Pair p, long bucketStart, double value) {
        SeriesSamples e = store.get(key);
        if (e == null) {
            e = new SeriesSamples(exactMax, k);
        }
        e.modelId = p.modelId();
        e.horizon = p.horizon();
        if (p.tenantId() != null) {
            e.tenantId = p.tenantId();
        }
        e.add(bucketStart, value);
        store.put(key, e);
    }

    /**
     * Runs the KS test of every series at each window end in (previousClosed, closed] where both its
     * windows hold data, reports those with p < alpha and severity >= MEDIUM, then drops the buckets
     * no later window end needs (before closed - recent - baseline).
     */
    void evaluate(long previousClosed, long closed, ThresholdLookup thresholds, Consumer<Flow.Drift> out) {
        long keepFrom = closed - recentMs - baselineMs;
        List<KeyValue<String, SeriesSamples>> changed = new ArrayList<>();
        store.forEachSorted((key, e) -> {
            if (e.isEmpty()) {
                changed.add(KeyValue.pair(key, null));
                return;
            }
            // both windows non-empty: first bucket < end - recent, and last bucket >= end - recent
            long from = Math.max(previousClosed == Long.MIN_VALUE ? Long.MIN_VALUE : previousClosed + bucketMs,
                e.firstBucket() + recentMs + bucketMs);
            long to = Math.min(closed, e.lastBucket() + recentMs);
            from = Math.floorDiv(from + bucketMs - 1, bucketMs) * bucketMs; // window ends are bucket boundaries
            if (from <= to) {
                String series = key.substring(key.indexOf(Keys.SEP) + 1); // key: mh NUL series
                Thresholds t = thresholds.of(e.modelId, e.tenantId);
                for (long end = from; end <= to; end += bucketMs) {
                    test(e, series, end, t, out);
                }
            }
            if (e.dropBefore(keepFrom)) {
                changed.add(KeyValue.pair(key, e.isEmpty() ? null : e));
            }
        });
        for (KeyValue<String, SeriesSamples> kv : changed) {
            if (kv.value == null) {
                store.delete(kv.key);
            } else {
                store.put(kv.key, kv.value);
            }
        }
    }

    private void test(SeriesSamples e, String series, long end, Thresholds t, Consumer<Flow.Drift> out) {
        long recentStart = end - recentMs;
        // the exact p-value (an O(n*m) programme) only where the result can be reported: D >= MEDIUM, and D above
        // every D already known not significant for these sample sizes; elsewhere p is NaN, never below alpha
        KolmogorovSmirnov.Result r = e.test(recentStart - baselineMs, recentStart, end, t.minSamples(), t.ksAlpha(),
            t.ksSeverity().medium());
        if (r == null) {
            return;
        }
        MonitorMeters.ksEvaluated(r.method());
        if (r.pValue() < t.ksAlpha() && t.ksSeverity().levelOf(r.statistic()) != SeverityRules.Level.LOW) {
            out.accept(new Flow.Drift(e.modelId, e.horizon, series, end, r.statistic(), r.pValue(), r.method(),
                e.count(recentStart, end), e.count(recentStart - baselineMs, recentStart)));
        }
    }
}
