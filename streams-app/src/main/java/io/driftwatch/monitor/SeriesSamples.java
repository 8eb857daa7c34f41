package io.driftwatch.monitor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.apache.kafka.common.utils.ByteUtils;

import io.driftwatch.stats.BucketedSamples;
import io.driftwatch.stats.DriftWindow;
import io.driftwatch.stats.RobustZ;

/**
 * A value of the {@code monitor-series-drift} store ({@link SeriesDrift}): the model, horizon and
 * tenant of one series, its drift samples per bucket ({@link BucketedSamples}, which does the
 * statistics), its window of recent residuals for anomaly scoring ({@link RobustZ}) and the bucket of its last pair,
 * with the byte format of the store and its changelog. One entry holds all of a series' per-pair state, so a pair
 * looks up one entry and a commit writes one record per series.
 *
 * <p>Format (version 5): version byte, layout byte (0 flat, 1 sketched), then model id, horizon and
 * tenant id (int length and UTF-8 bytes; tenant length -1 when absent), the start of the last pair's bucket (long),
 * the residual window: an int, -1 when absent, {@link #SHARED_RESIDUALS} when the window's values are the last values
 * of the flat samples in the same order (then its capacity and size, two ints), else the length of
 * {@link RobustZ#toBytes()} and those bytes; then the samples.
 * Flat: bucket count and value count
 * (unsigned varints); with at least one bucket, the first bucket's start (long), the step (zig-zag varlong: the
 * greatest common divisor of the gaps between consecutive starts, 0 with one bucket) and each later start's gap in
 * steps (zig-zag varlongs: 1 byte for consecutive buckets); the buckets' counts (unsigned varints) and the values
 * (doubles, one bulk copy). About 10 bytes per daily value instead of version 2's 20. Sketched: bucket count, then
 * per bucket its start (long), the length (int) and bytes of its {@link DriftWindow}.
 *
 * <p>The shared residual window: with the drift test on residuals (the default) and pairs in time order, the last
 * {@code monitor.anomaly.window} residuals are the last values of the drift samples, and writing them once takes 8
 * bytes per residual (480 of a daily series' ~1,140) off every entry the changelog and RocksDB receive. Whether they
 * are is checked value by value at each write (same bits), so late pairs, another drift quantity or sketched samples
 * simply write the window itself.
 *
 * <p>Version 4 (read, no longer written) always wrote the residual window itself. Version 3 (read) had no last-pair
 * bucket nor residual window: read, the residual window starts empty and the last pair's bucket is the last sample's.
 * Version 2 (read) had version 3's head; flat: bucket count, value count (ints), the bucket starts (longs), their
 * counts (ints) and the values (doubles).
 */
final class SeriesSamples {

    private static final byte VERSION = 5;
    private static final byte VERSION_4 = 4;
    private static final byte VERSION_3 = 3;
    private static final byte VERSION_2 = 2;
    private static final byte FLAT = 0;
    private static final byte WINDOWS = 1;
    /** The residual window's length field when the entry has none. */
    private static final int NO_RESIDUALS = -1;
    /** The residual window's length field when its values are the last of the flat samples (version 5). */
    private static final int SHARED_RESIDUALS = -2;

    String modelId;
    String horizon;
    String tenantId;
    final BucketedSamples samples;
    /** The series' recent residuals (null until its first pair, or read from a version 3 entry). */
    RobustZ residuals;
    /** The start of the bucket of the series' latest pair; {@link Long#MIN_VALUE} before any. */
    long lastPairBucket = Long.MIN_VALUE;

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
        boolean sketched = samples.isSketched();
        boolean shared = !sketched && residualsShared();
        int head = 2 + 3 * Integer.BYTES + model.length + hz.length + (tenant == null ? 0 : tenant.length)
            + Long.BYTES + Integer.BYTES
            + (residuals == null ? 0 : shared ? 2 * Integer.BYTES : residuals.byteSize());
        NavigableMap<Long, DriftWindow> windows = samples.sketchedBuckets();
        int buckets = samples.flatBuckets();
        int total = samples.flatValues();
        byte[][] parts = null;
        int body;
        long step = 0;
        if (!sketched) {
            body = ByteUtils.sizeOfUnsignedVarint(buckets) + ByteUtils.sizeOfUnsignedVarint(total)
                + total * Double.BYTES;
            if (buckets > 0) {
                step = samples.flatStep();
                body += Long.BYTES + ByteUtils.sizeOfVarlong(step);
                for (int i = 0; i < buckets; i++) {
                    if (i > 0) {
                        body += ByteUtils.sizeOfVarlong((samples.flatStart(i) - samples.flatStart(i - 1)) / step);
                    }
                    body += ByteUtils.sizeOfUnsignedVarint(samples.flatCount(i));
                }
            }
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
        buf.putLong(lastPairBucket);
        if (residuals == null) {
            buf.putInt(NO_RESIDUALS);
        } else if (shared) {
            buf.putInt(SHARED_RESIDUALS).putInt(residuals.capacity()).putInt(residuals.size());
        } else {
            buf.putInt(residuals.byteSize());
            residuals.writeTo(buf);
        }
        if (!sketched) {
            ByteUtils.writeUnsignedVarint(buckets, buf);
            ByteUtils.writeUnsignedVarint(total, buf);
            if (buckets > 0) {
                buf.putLong(samples.flatStart(0));
                ByteUtils.writeVarlong(step, buf);
                for (int i = 1; i < buckets; i++) {
                    ByteUtils.writeVarlong((samples.flatStart(i) - samples.flatStart(i - 1)) / step, buf);
                }
                for (int i = 0; i < buckets; i++) {
                    ByteUtils.writeUnsignedVarint(samples.flatCount(i), buf);
                }
            }
            samples.copyFlatValuesTo(buf.asDoubleBuffer());
        } else {
            buf.putInt(windows.size());
            int i = 0;
            for (Long start : windows.keySet()) {
                buf.putLong(start).putInt(parts[i].length).put(parts[i++]);
            }
        }
        return buf.array();
    }

    /** Whether the residual window's values are the last values of the flat samples, in the same order. */
    private boolean residualsShared() {
        if (residuals == null) {
            return false;
        }
        int n = residuals.size();
        int total = samples.flatValues();
        if (n > total) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (Double.doubleToRawLongBits(residuals.valueAt(i))
                    != Double.doubleToRawLongBits(samples.flatValue(total - n + i))) {
                return false;
            }
        }
        return true;
    }

    static SeriesSamples fromBytes(byte[] bytes, int exactMax, int k) {
        if (bytes == null) {
            return new SeriesSamples(exactMax, k);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte version = buf.get();
        if (version != VERSION && version != VERSION_4 && version != VERSION_3 && version != VERSION_2) {
            throw new IllegalArgumentException("unknown series drift entry version " + version);
        }
        byte layout = buf.get();
        String modelId = string(buf, buf.getInt());
        String horizon = string(buf, buf.getInt());
        int tenantLength = buf.getInt();
        String tenantId = tenantLength < 0 ? null : string(buf, tenantLength);
        long lastPairBucket = Long.MIN_VALUE;
        RobustZ residuals = null;
        int sharedCapacity = 0;
        int sharedSize = -1;
        if (version >= VERSION_4) {
            lastPairBucket = buf.getLong();
            int length = buf.getInt();
            if (length == SHARED_RESIDUALS && version == VERSION && layout == FLAT) {
                sharedCapacity = buf.getInt();
                sharedSize = buf.getInt();
            } else if (length >= 0) {
                int end = buf.position() + length;
                residuals = RobustZ.readFrom(buf);
                if (buf.position() != end) {
                    throw new IllegalArgumentException("corrupt series drift entry: residual window of " + length
                        + " bytes read " + (buf.position() - end + length));
                }
            } else if (length != NO_RESIDUALS) {
                throw new IllegalArgumentException("corrupt series drift entry: residual window length " + length);
            }
        }
        SeriesSamples s;
        if (layout == FLAT && version == VERSION_2) {
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
        } else if (layout == FLAT) {
            int buckets = ByteUtils.readUnsignedVarint(buf);
            int total = ByteUtils.readUnsignedVarint(buf);
            long[] starts = new long[buckets];
            int[] counts = new int[buckets];
            double[] values = new double[total];
            if (buckets > 0) {
                starts[0] = buf.getLong();
                long step = ByteUtils.readVarlong(buf);
                for (int i = 1; i < buckets; i++) {
                    starts[i] = starts[i - 1] + ByteUtils.readVarlong(buf) * step;
                }
                for (int i = 0; i < buckets; i++) {
                    counts[i] = ByteUtils.readUnsignedVarint(buf);
                }
            }
            buf.asDoubleBuffer().get(values);
            s = new SeriesSamples(BucketedSamples.flat(starts, counts, values, exactMax, k));
            if (sharedSize >= 0) {
                if (sharedSize > total) {
                    throw new IllegalArgumentException("corrupt series drift entry: a residual window of " + sharedSize
                        + " shared with " + total + " samples");
                }
                residuals = RobustZ.of(sharedCapacity, values, total - sharedSize, sharedSize);
            }
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
        s.residuals = residuals;
        s.lastPairBucket = version >= VERSION_4 || s.samples.isEmpty() ? lastPairBucket : s.samples.lastBucket();
        return s;
    }

    private static String string(ByteBuffer buf, int length) {
        String s = new String(buf.array(), buf.position(), length, StandardCharsets.UTF_8);
        buf.position(buf.position() + length);
        return s;
    }
}
