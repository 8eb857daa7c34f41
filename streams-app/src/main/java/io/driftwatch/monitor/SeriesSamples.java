package io.driftwatch.monitor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.driftwatch.stats.BucketedSamples;
import io.driftwatch.stats.DriftWindow;

/**
 * A value of the {@code monitor-series-drift} store ({@link SeriesDrift}): the model, horizon and
 * tenant of one series and its drift samples per bucket ({@link BucketedSamples}, which does the
 * statistics), with the byte format of the store and its changelog.
 *
 * <p>Format (version 2): version byte, layout byte (0 flat, 1 sketched), then model id, horizon and
 * tenant id (int length and UTF-8 bytes; tenant length -1 when absent). Flat: bucket count, value
 * count, the bucket starts (longs), their counts (ints) and the values (doubles), each array in one
 * bulk copy. Sketched: bucket count, then per bucket its start (long), the length (int) and bytes
 * of its {@link DriftWindow}.
 */
final class SeriesSamples {

    private static final byte VERSION = 2;
    private static final byte FLAT = 0;
    private static final byte WINDOWS = 1;

    String modelId;
    String horizon;
    String tenantId;
    final BucketedSamples samples;

    SeriesSamples(int exactMax, int k) {
        this(new BucketedSamples(exactMax, k));
    }

    private SeriesSamples(BucketedSamples samples) {
        this.samples = samples;
    }

    byte[] toBytes() {
        byte[] model = modelId.getBytes(StandardCharsets.UTF_8);
        byte[] hz = horizon.getBytes(StandardCharsets.UTF_8);
        byte[] tenant = tenantId == null ? null : tenantId.getBytes(StandardCharsets.UTF_8);
        int head = 2 + 3 * Integer.BYTES + model.length + hz.length + (tenant == null ? 0 : tenant.length);
        boolean sketched = samples.isSketched();
        NavigableMap<Long, DriftWindow> windows = samples.sketchedBuckets();
        int buckets = samples.flatBuckets();
        int total = samples.flatValues();
        byte[][] parts = null;
        int body;
        if (!sketched) {
            body = 2 * Integer.BYTES + buckets * (Long.BYTES + Integer.BYTES) + total * Double.BYTES;
        } else {
            parts = new byte[windows.size()][];
            body = Integer.BYTES;
            int i = 0;
            for (DriftWindow w : windows.values()) {
                parts[i] = w.toBytes();
                body += Long.BYTES + Integer.BYTES + parts[i++].length;
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(head + body);
        buf.put(VERSION).put(sketched ? WINDOWS : FLAT);
        buf.putInt(model.length).put(model).putInt(hz.length).put(hz).putInt(tenant == null ? -1 : tenant.length);
        if (tenant != null) {
            buf.put(tenant);
        }
        if (!sketched) {
            buf.putInt(buckets).putInt(total);
            int startsAt = buf.position();
            int countsAt = startsAt + buckets * Long.BYTES;
            int valuesAt = countsAt + buckets * Integer.BYTES;
            samples.copyFlatTo(buf.position(startsAt).asLongBuffer(), buf.position(countsAt).asIntBuffer(),
                buf.position(valuesAt).asDoubleBuffer());
        } else {
            buf.putInt(windows.size());
            int i = 0;
            for (Long start : windows.keySet()) {
                buf.putLong(start).putInt(parts[i].length).put(parts[i++]);
            }
        }
        return buf.array();
    }

    static SeriesSamples fromBytes(byte[] bytes, int exactMax, int k) {
        if (bytes == null) {
            return new SeriesSamples(exactMax, k);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (buf.get() != VERSION) {
            throw new IllegalArgumentException("unknown series drift entry version");
        }
        byte layout = buf.get();
        String modelId = string(buf, buf.getInt());
        String horizon = string(buf, buf.getInt());
        int tenantLength = buf.getInt();
        String tenantId = tenantLength < 0 ? null : string(buf, tenantLength);
        SeriesSamples s;
        if (layout == FLAT) {
            int buckets = buf.getInt();
            int total = buf.getInt();
            long[] starts = new long[buckets];
            int[] counts = new int[buckets];
            double[] values = new double[total];
            buf.asLongBuffer().get(starts);
            buf.position(buf.position() + buckets * Long.BYTES);
            buf.asIntBuffer().get(counts);
            buf.position(buf.position() + buckets * Integer.BYTES);
            buf.asDoubleBuffer().get(values);
            s = new SeriesSamples(BucketedSamples.flat(starts, counts, values, exactMax, k));
        } else {
            TreeMap<Long, DriftWindow> windows = new TreeMap<>();
            int n = buf.getInt();
            for (int i = 0; i < n; i++) {
                long start = buf.getLong();
                byte[] w = new byte[buf.getInt()];
                buf.get(w);
                windows.put(start, DriftWindow.fromBytes(w));
            }
            s = new SeriesSamples(BucketedSamples.sketched(windows, exactMax, k));
        }
        s.modelId = modelId;
        s.horizon = horizon;
        s.tenantId = tenantId;
        return s;
    }

    private static String string(ByteBuffer buf, int length) {
        String s = new String(buf.array(), buf.position(), length, StandardCharsets.UTF_8);
        buf.position(buf.position() + length);
        return s;
    }
}
