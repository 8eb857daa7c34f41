package io.driftwatch.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The former {@link io.driftwatch.stats.RobustZ} (copy and sort per call), kept verbatim apart from
 * its name and visibility as the "old" side of {@link StatsBenchmark}. Not used by the app.
 */
final class LegacyRobustZ {

    /** Default window length. */
    public static final int DEFAULT_CAPACITY = 60;
    /** 1 / Phi^-1(0.75). */
    public static final double MAD_SCALE = 1.4826;
    /** sqrt(pi / 2). */
    public static final double MEAN_AD_SCALE = 1.2533;

    private static final byte VERSION = 1;

    private final double[] ring;
    private int size;
    private int next;

    LegacyRobustZ() {
        this(DEFAULT_CAPACITY);
    }

    LegacyRobustZ(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.ring = new double[capacity];
    }

    /** Appends a residual, evicting the oldest when full. */
    LegacyRobustZ add(double residual) {
        if (!Double.isFinite(residual)) {
            throw new IllegalArgumentException("residual must be finite, got " + residual);
        }
        ring[next] = residual;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        return this;
    }

    public int size() {
        return size;
    }

    /** Median of the window (mean of the two middle values for even sizes); NaN when empty. */
    public double median() {
        return median(window());
    }

    /** Unscaled median absolute deviation; NaN when empty. */
    public double mad() {
        double[] w = window();
        double med = median(w);
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.abs(w[i] - med);
        }
        return median(w);
    }

    /** The sigma estimate used as divisor, see the class comment (may be 0). */
    public double scale() {
        double[] w = window();
        if (w.length == 0) {
            return Double.NaN;
        }
        double mad = mad();
        if (mad > 0) {
            return MAD_SCALE * mad;
        }
        double med = median(w);
        double sum = 0;
        for (double v : w) {
            sum += Math.abs(v - med);
        }
        return MEAN_AD_SCALE * sum / w.length;
    }

    /**
     * Robust z of {@code value} against the current window (the value is not added). Same numbers as
     * {@code (value - median()) / scale()}, with two sorts instead of four (it runs once per pair).
     */
    public double zScore(double value) {
        if (size == 0) {
            return Double.NaN;
        }
        double[] w = window();
        double[] sorted = w.clone();
        Arrays.sort(sorted);
        double med = medianOfSorted(sorted);
        double sumAbs = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.abs(w[i] - med);
            sumAbs += w[i];
        }
        Arrays.sort(w);
        double mad = medianOfSorted(w);
        double scale = mad > 0 ? MAD_SCALE * mad : MEAN_AD_SCALE * sumAbs / w.length;
        double dev = value - med;
        if (scale > 0) {
            return dev / scale;
        }
        return dev == 0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, dev);
    }

    /** Version, capacity, size, then the values oldest first. */
    public byte[] toBytes() {
        double[] w = window();
        ByteBuffer buf = ByteBuffer.allocate(1 + 2 * Integer.BYTES + Integer.BYTES + 8 * w.length);
        buf.put(VERSION).putInt(ring.length).putInt(w.length).putInt(0);
        for (double v : w) {
            buf.putDouble(v);
        }
        return buf.array();
    }

    /** Inverse of {@link #toBytes()}. */
    static LegacyRobustZ fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < 13 || bytes[0] != VERSION) {
            throw new IllegalArgumentException("not a version " + VERSION + " RobustZ");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        int capacity = buf.getInt();
        int n = buf.getInt();
        buf.getInt();
        if (capacity < 1 || n < 0 || n > capacity || buf.remaining() != 8 * n) {
            throw new IllegalArgumentException("corrupt RobustZ: capacity " + capacity + ", size " + n);
        }
        LegacyRobustZ z = new LegacyRobustZ(capacity);
        for (int i = 0; i < n; i++) {
            z.add(buf.getDouble());
        }
        return z;
    }

    /** Window contents, oldest first (a copy). */
    private double[] window() {
        double[] w = new double[size];
        int start = size < ring.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            w[i] = ring[(start + i) % ring.length];
        }
        return w;
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return medianOfSorted(s);
    }

    private static double medianOfSorted(double[] s) {
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }
}
