package io.driftwatch.forecast.app;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The recent history of one series: (bucket start, value) points sorted by time, at most
 * {@code maxPoints} of them, stored as a compact binary value (one entry per series in the
 * forecaster's history store).
 *
 * <p>Invariants: times strictly increase; every value is finite; {@code size() <= maxPoints}. When a
 * point would exceed the bound the oldest is dropped, so the store holds at most
 * {@code 13 + 16 * maxPoints} bytes per series (17.6 kB at the default 1,100 points, three years of
 * daily data plus a margin).
 *
 * <p>Updates ({@link #upsert}): a point for an existing time replaces its value (a correction); an
 * older time is inserted in place (out of order); a time older than the oldest kept point of a full
 * history is dropped, as it would be evicted at once. Binary layout: {@code byte format (1), int n,
 * n x (long time, double value)}. Not thread-safe; a processor owns each instance for one record.
 */
final class SeriesHistory {

    /** What an {@link #upsert} did to the history. */
    enum Change {
        /** A point newer than every other: the only change that triggers predictions. */
        APPENDED,
        /** An existing point got a new value (or the same: a redelivery). */
        REPLACED,
        /** An older point went in place (late or out of order). */
        INSERTED,
        /** Older than the oldest point of a full history: ignored. */
        DROPPED
    }

    private static final byte FORMAT = 1;
    private static final int HEADER = 5;
    private static final int POINT = 16;

    private final int maxPoints;
    private long[] times;
    private double[] values;
    private int size;

    private SeriesHistory(int maxPoints, long[] times, double[] values, int size) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be >= 1, got " + maxPoints);
        }
        this.maxPoints = maxPoints;
        this.times = times;
        this.values = values;
        this.size = size;
        trim();
    }

    static SeriesHistory empty(int maxPoints) {
        return new SeriesHistory(maxPoints, new long[8], new double[8], 0);
    }

    /**
     * Decodes a stored history ({@code null} = empty). A stored history longer than
     * {@code maxPoints} (the bound was lowered) keeps its newest points.
     */
    static SeriesHistory fromBytes(byte[] bytes, int maxPoints) {
        if (bytes == null) {
            return empty(maxPoints);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte format = buf.get();
        if (format != FORMAT) {
            throw new IllegalStateException("unknown series history format " + format);
        }
        int n = buf.getInt();
        if (n < 0 || bytes.length != HEADER + n * POINT) {
            throw new IllegalStateException("corrupt series history: " + n + " points in " + bytes.length + " bytes");
        }
        long[] t = new long[Math.max(n, 8)];
        double[] v = new double[Math.max(n, 8)];
        for (int i = 0; i < n; i++) {
            t[i] = buf.getLong();
            v[i] = buf.getDouble();
        }
        return new SeriesHistory(maxPoints, t, v, n);
    }

    byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(HEADER + size * POINT);
        buf.put(FORMAT).putInt(size);
        for (int i = 0; i < size; i++) {
            buf.putLong(times[i]).putDouble(values[i]);
        }
        return buf.array();
    }

    /**
     * Adds or corrects the point at {@code time}.
     *
     * @throws IllegalArgumentException if the value is not finite
     */
    Change upsert(long time, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, got " + value);
        }
        int at = Arrays.binarySearch(times, 0, size, time);
        if (at >= 0) {
            values[at] = value;
            return Change.REPLACED;
        }
        int insert = -at - 1;
        if (insert == 0 && size == maxPoints) {
            return Change.DROPPED;
        }
        ensureCapacity(size + 1);
        System.arraycopy(times, insert, times, insert + 1, size - insert);
        System.arraycopy(values, insert, values, insert + 1, size - insert);
        times[insert] = time;
        values[insert] = value;
        size++;
        boolean newest = insert == size - 1;
        trim();
        return newest ? Change.APPENDED : Change.INSERTED;
    }

    private void ensureCapacity(int n) {
        if (times.length < n) {
            int cap = Math.max(n, Math.min(maxPoints + 1, times.length * 2));
            times = Arrays.copyOf(times, cap);
            values = Arrays.copyOf(values, cap);
        }
    }

    /** Drops the oldest points beyond the bound. */
    private void trim() {
        int excess = size - maxPoints;
        if (excess > 0) {
            System.arraycopy(times, excess, times, 0, maxPoints);
            System.arraycopy(values, excess, values, 0, maxPoints);
            size = maxPoints;
        }
    }

    int size() {
        return size;
    }

    /** The values, oldest first (a copy): the forecasters' input. */
    double[] values() {
        return Arrays.copyOf(values, size);
    }

    /** The times, oldest first (a copy). */
    long[] times() {
        return Arrays.copyOf(times, size);
    }

    /** Time of the newest point; the history must not be empty. */
    long newestTime() {
        if (size == 0) {
            throw new IllegalStateException("empty history");
        }
        return times[size - 1];
    }
}
