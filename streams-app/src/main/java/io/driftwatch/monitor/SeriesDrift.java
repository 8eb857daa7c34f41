package io.driftwatch.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.driftwatch.stats.DriftWindow;

/**
 * The drift-sample store of the window stage: key {@code mh NUL series NUL bucketStart}, value a
 * {@link DriftWindow} of the monitored quantity of that series in that bucket. A window is raw up
 * to {@code monitor.ks.exact-max} values and a KLL sketch above (k = {@code monitor.ks.sketch-k},
 * ~15 KB at 800), so each entry is bounded whatever the event rate; evaluations delete buckets
 * older than recent + reference window, so a series holds at most (recent + reference) / bucket + 1
 * entries.
 */
final class SeriesDrift {

    private final KeyValueStore<String, byte[]> store;
    private final int exactMax;
    private final int k;

    SeriesDrift(KeyValueStore<String, byte[]> store, int exactMax, int k) {
        this.store = store;
        this.exactMax = exactMax;
        this.k = k;
    }

    void add(String mh, String series, long bucketStart, double value) {
        String key = Keys.join(mh, series, Keys.time(bucketStart));
        byte[] old = store.get(key);
        DriftWindow w = old == null ? new DriftWindow(exactMax, k) : DriftWindow.fromBytes(old);
        store.put(key, w.add(value).toBytes());
    }

    /** Recent and reference windows of one series. */
    record Windows(DriftWindow recent, DriftWindow reference) {
    }

    /**
     * Per series (in series order), the union of its buckets in [refStart, recentStart) and
     * [recentStart, end); deletes buckets that start before {@code refStart}.
     */
    Map<String, Windows> windows(String mh, long refStart, long recentStart, long end) {
        Map<String, Windows> out = new TreeMap<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(Keys.from(mh), Keys.to(mh))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                String[] parts = Keys.split(kv.key);
                long start = Long.parseLong(parts[2]);
                if (start < refStart) {
                    expired.add(kv.key);
                    continue;
                }
                if (start >= end) {
                    continue;
                }
                Windows w = out.computeIfAbsent(parts[1],
                    s -> new Windows(new DriftWindow(exactMax, k), new DriftWindow(exactMax, k)));
                (start < recentStart ? w.reference() : w.recent()).merge(DriftWindow.fromBytes(kv.value));
            }
        }
        expired.forEach(store::delete);
        return out;
    }

    /** True when the store holds nothing of {@code mh} (after the pruning of the last evaluation). */
    boolean isEmpty(String mh) {
        try (KeyValueIterator<String, byte[]> it = store.range(Keys.from(mh), Keys.to(mh))) {
            return !it.hasNext();
        }
    }
}
