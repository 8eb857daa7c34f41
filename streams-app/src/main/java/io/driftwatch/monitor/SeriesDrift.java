package io.driftwatch.monitor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.driftwatch.stats.DriftWindow;

/**
 * The drift-sample store of the window stage: key {@code mh NUL series}, value that series' drift
 * samples per bucket, one {@link DriftWindow} per bucket from the oldest reference window still to
 * be evaluated on (each evaluation drops older buckets). A window is raw up to
 * {@code monitor.ks.exact-max} values and a KLL sketch above (k = {@code monitor.ks.sketch-k},
 * ~15 KB at 800), so an entry is bounded by (recent + reference + how far the partition runs ahead
 * of the slowest one) / bucket windows whatever the event rate. One entry per series keeps an evaluation at one read per series (instead of one
 * per series and bucket).
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
        String key = Keys.join(mh, series);
        TreeMap<Long, DriftWindow> buckets = decode(store.get(key));
        // no pruning here: a partition's pairs may run ahead of the evaluations (which wait for the slowest
        // partition), so only an evaluation knows which buckets are no longer needed
        buckets.computeIfAbsent(bucketStart, b -> new DriftWindow(exactMax, k)).add(value);
        store.put(key, encode(buckets));
    }

    /** Recent and reference windows of one series. */
    record Windows(DriftWindow recent, DriftWindow reference) {
    }

    /**
     * Per series (in series order), the union of its buckets in [refStart, recentStart) and
     * [recentStart, end); drops buckets that start before {@code refStart}.
     */
    Map<String, Windows> windows(String mh, long refStart, long recentStart, long end) {
        Map<String, Windows> out = new TreeMap<>();
        List<KeyValue<String, byte[]>> changed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(Keys.from(mh), Keys.to(mh))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                TreeMap<Long, DriftWindow> buckets = decode(kv.value);
                if (!buckets.isEmpty() && buckets.firstKey() < refStart) {
                    buckets.headMap(refStart, false).clear();
                    changed.add(KeyValue.pair(kv.key, buckets.isEmpty() ? null : encode(buckets)));
                }
                Windows w = new Windows(new DriftWindow(exactMax, k), new DriftWindow(exactMax, k));
                buckets.subMap(refStart, true, recentStart, false).values().forEach(w.reference()::merge);
                buckets.subMap(recentStart, true, end, false).values().forEach(w.recent()::merge);
                out.put(Keys.split(kv.key)[1], w);
            }
        }
        changed.forEach(kv -> store.put(kv.key, kv.value));
        return out;
    }

    /** True when the store holds nothing of {@code mh}. */
    boolean isEmpty(String mh) {
        try (KeyValueIterator<String, byte[]> it = store.range(Keys.from(mh), Keys.to(mh))) {
            return !it.hasNext();
        }
    }

    private static byte[] encode(TreeMap<Long, DriftWindow> buckets) {
        List<byte[]> parts = new ArrayList<>(buckets.size());
        int size = Integer.BYTES;
        for (DriftWindow w : buckets.values()) {
            byte[] b = w.toBytes();
            parts.add(b);
            size += Long.BYTES + Integer.BYTES + b.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size).putInt(buckets.size());
        int i = 0;
        for (Long start : buckets.keySet()) {
            byte[] b = parts.get(i++);
            buf.putLong(start).putInt(b.length).put(b);
        }
        return buf.array();
    }

    private static TreeMap<Long, DriftWindow> decode(byte[] bytes) {
        TreeMap<Long, DriftWindow> buckets = new TreeMap<>();
        if (bytes == null) {
            return buckets;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int n = buf.getInt();
        for (int i = 0; i < n; i++) {
            long start = buf.getLong();
            byte[] b = new byte[buf.getInt()];
            buf.get(b);
            buckets.put(start, DriftWindow.fromBytes(b));
        }
        return buckets;
    }
}
