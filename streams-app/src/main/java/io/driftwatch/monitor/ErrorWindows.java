package io.driftwatch.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.driftwatch.stats.ErrorBucket;

/**
 * The error-bucket store of the window stage. Key {@code mh NUL scope NUL bucketStart NUL
 * visibleFrom NUL upstream}, value an {@link ErrorBucket}: scope {@code *} is the model:horizon as a whole,
 * {@code s<series>} one series (with {@code monitor.per-series}), {@code v<version>} one config
 * version (post-deploy watch). {@code visibleFrom} is 0 for on-time pairs; late pairs go to a
 * separate sub-bucket counted only by evaluations ending at or after it, which keeps every
 * evaluation independent of the order in which partitions deliver. {@code upstream} (the matching
 * partition) keeps floating-point sums exact across replays: the partials ({@link StageReport.Delta}) of one
 * upstream always arrive in the same order, and sub-buckets are merged in key order.
 *
 * <p>Bounded: each evaluation deletes the buckets of its model:horizon that start before
 * {@code end - recent - baseline}, so a key holds at most (recent + baseline) / bucket + a few
 * buckets per scope (x late sub-buckets, at most match grace / bucket of them, x input partitions).
 */
final class ErrorWindows {

    static final String ALL = "*";

    /** Scope of one config version's pairs (post-deploy watch). */
    static String version(int configVersion) {
        return "v" + configVersion;
    }

    private final KeyValueStore<String, byte[]> store;

    ErrorWindows(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** Merges a partial from one matching partition into its sub-bucket. */
    void add(String mh, String scope, StageReport.Delta d) {
        String key = Keys.join(
                mh, scope, Keys.time(d.bucketStart()), Keys.time(d.visibleFrom()), Integer.toString(d.upstream()));
        byte[] old = store.get(key);
        ErrorBucket b = old == null ? new ErrorBucket() : ErrorBucket.fromBytes(old);
        b.merge(d.bucket());
        store.put(key, b.toBytes());
    }

    /**
     * Buckets of {@code mh} visible at window end {@code end} and starting in [oldest, end), per
     * scope and bucket start (late sub-buckets merged in). Deletes buckets starting before
     * {@code oldest}.
     */
    Map<String, TreeMap<Long, ErrorBucket>> visible(String mh, long oldest, long end) {
        Map<String, TreeMap<Long, ErrorBucket>> out = new TreeMap<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(Keys.from(mh), Keys.to(mh))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                String[] parts = Keys.split(kv.key);
                long start = Long.parseLong(parts[2]);
                long visibleFrom = Long.parseLong(parts[3]);
                if (start < oldest) {
                    expired.add(kv.key);
                } else if (start < end && visibleFrom <= end) {
                    out.computeIfAbsent(parts[1], s -> new TreeMap<>())
                        .merge(start, ErrorBucket.fromBytes(kv.value), ErrorBucket::merge);
                }
            }
        }
        expired.forEach(store::delete);
        return out;
    }

    /** Union of the buckets starting in [from, to). */
    static ErrorBucket sum(TreeMap<Long, ErrorBucket> buckets, long from, long to) {
        ErrorBucket total = new ErrorBucket();
        if (buckets != null) {
            buckets.subMap(from, true, to, false).values().forEach(total::merge);
        }
        return total;
    }

    /** True when the store holds nothing of {@code mh} (after the pruning of the last evaluation). */
    boolean isEmpty(String mh) {
        try (KeyValueIterator<String, byte[]> it = store.range(Keys.from(mh), Keys.to(mh))) {
            return !it.hasNext();
        }
    }
}
