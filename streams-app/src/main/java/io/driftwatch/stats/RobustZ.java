package io.driftwatch.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.commons.math3.special.Erf;

/**
 * Robust z-score of a new residual against a bounded rolling window of past residuals:
 * {@code z = (x - median) / scale}, where {@code scale = c_n * MAD} (MAD = median absolute
 * deviation from the median of the n values in the window). {@code c_n} is the finite-sample
 * consistency factor that makes {@code c_n * MAD} unbiased for sigma on normal data
 * ({@link #madFactor}, the definition of Park, Kim &amp; Wang 2020): it tends to 1.4826 =
 * 1 / Phi^-1(3/4) but is 1.625 at n = 10 and 1.502 at n = 60, where 1.4826 underestimates sigma
 * (z values are therefore 9% smaller at n = 10 and 1.3% smaller at n = 60 than with 1.4826).
 *
 * <p><b>Calibrated decisions.</b> Even with an unbiased scale, z over a window of 60 is not standard
 * normal: the median and the MAD of 60 values are noisy, so |z| > 3.5 happens on Gaussian residuals
 * about 4 times as often as the nominal 2 Phi(-3.5) = 0.47 per 1,000 (and 50 times as often at
 * n = 10). {@link #exceeds(double, double, int)} therefore decides on the tail probability of z under a
 * Student-t model, {@code z / sqrt(1 + pi / (2n)) ~ t(nu_n)} ({@code pi / (2n)} the variance of the
 * window median relative to sigma^2; {@code nu_n ~ 0.4 n} the effective degrees of freedom of the
 * MAD scale, matched by simulation so that the rule flags Gaussian residuals at the nominal rate of
 * the threshold, see {@link #effectiveDf}): a threshold t flags exactly when that tail probability
 * is below {@code 2 Phi(-t)}, i.e. when |z| exceeds {@link #cutoff}(t, n) (3.5 becomes 4.09 at
 * n = 60, 9.53 at n = 10). Simulated rates of that rule on Gaussian residuals are 0.9 to 1.1 times
 * the nominal rate for thresholds 2.5 to 4.5 and windows of 10 to 400 (reference/robust_z.py),
 * where the former rule (1.4826 MAD, |z| > 3.5) flagged 4.7 times nominal at n = 60 and 70 times at
 * n = 10. The reported z stays the plain robust z. The calibration assumes continuous residuals
 * (no MAD-of-zero fallback, see below).
 *
 * <p>When MAD is 0 (more than half the window equals the median) the scale falls back to
 * {@code 1.2533 * meanAD}, meanAD the mean absolute deviation from the median (1.2533 =
 * sqrt(pi/2), the same normal-consistency idea; IBM SPSS' modified z uses this fallback). When
 * that is 0 too the window is constant: z is 0 for a value equal to it and signed infinity for any
 * other value (a departure from a perfectly constant history is flagged by any threshold). An
 * empty window gives NaN (no opinion: every threshold comparison is false).
 *
 * <p>Representation: {@link #zScore} runs once per matched pair, so the window is kept twice,
 * in insertion order (a ring, for eviction and {@link #toBytes()}) and in ascending order (kept
 * sorted on every {@link #add} by one binary search and one {@code System.arraycopy} of the values
 * between the evicted and the new value's positions). The median is then O(1) and the MAD O(n)
 * without sorting or allocating: the absolute deviations of the sorted values from the median form
 * two ascending runs, walking outward from the middle to the left and to the right, so merging
 * them up to the middle element gives the median deviation. The median, the MAD and the mean-AD
 * fallback are bit for bit those of the former copy-and-sort implementation (same subtractions,
 * same order of the ties, the mean-AD fallback summed oldest first as before; the MAD's scale factor
 * is the finite-sample one now); the sorted order uses the total order of
 * {@link Arrays#sort(double[])} ({@code -0.0} before {@code 0.0}).
 *
 * <p>Bounded state: at most {@code capacity} doubles (default 60) on the wire, oldest evicted
 * first; {@link #toBytes()} is {@code 13 + 8 * size} bytes (the sorted copy is rebuilt by
 * {@link #fromBytes}, one sort per decode). Not thread-safe.
 */
public final class RobustZ {

    /** Default window length. */
    public static final int DEFAULT_CAPACITY = 60;
    /** 1 / Phi^-1(0.75): the large-sample limit of {@link #madFactor}. */
    public static final double MAD_SCALE = 1.4826;
    /** 1 / Phi^-1(0.75) to double precision, for the finite-sample factors. */
    static final double C_INF = 1.482602218505602;
    /**
     * E[c_n MAD_n] = 1 for n iid N(0, 1) values, n = 0..10 (0 and 1 unused: MAD is 0), by Monte Carlo
     * (reference/robust_z.py, 4e7 normal values per n); n = 2 is within 5e-5 of the exact sqrt(pi).
     */
    private static final double[] MAD_FACTORS = {
        C_INF,
        C_INF,
        1.7723660088907782,
        2.2049647728836654,
        2.0176616617294454,
        1.8040119689184617,
        1.7635720000871469,
        1.686587318335748,
        1.6716837071776698,
        1.6326544322473702,
        1.6249005763102915
    };
    /** c_n = C_INF / (1 + a / n + b / n^2) for n > 10: {a, b} for even n, then for odd n (fitted, n = 11..100). */
    private static final double[] MAD_FIT = {
        -0.7621148388145177, -1.0903260836908084, -0.7627368103738139, -0.5781427254794502
    };
    /** Effective degrees of freedom nu_n for n = 0..10 (0 and 1 as 2), tail-matched by simulation. */
    private static final double[] DF = {
        1.0514777827042452, 1.0514777827042452, 1.0514777827042452, 0.998365958715546,
        1.9876238401685211, 1.954013304711795, 2.878796307332629, 2.851213696910693,
        3.7511049825751117, 3.7143699852464103, 4.593149269407321
    };
    /** nu_n = slope * n + intercept for n > 10: {slope, intercept} for even n, then for odd n. */
    private static final double[] DF_FIT = {
        0.40007272130095844, 0.650160978691586, 0.3996921418398857, 0.22557824539149804
    };
    /** sqrt(pi / 2). */
    public static final double MEAN_AD_SCALE = 1.2533;

    private static final byte VERSION = 1;

    /** Insertion order; the oldest value is at {@code next} once full, at 0 before. */
    private final double[] ring;
    /** The same values ascending in {@code [0, size)}. */
    private final double[] sorted;

    private int size;
    private int next;

    public RobustZ() {
        this(DEFAULT_CAPACITY);
    }

    public RobustZ(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.ring = new double[capacity];
        this.sorted = new double[capacity];
    }

    /** Appends a residual, evicting the oldest when full. */
    public RobustZ add(double residual) {
        if (!Double.isFinite(residual)) {
            throw new IllegalArgumentException("residual must be finite, got " + residual);
        }
        int at = insertionPoint(residual);
        if (size == ring.length) {
            // any copy of an equal (same bits) value will do: the multiset is what counts
            int out = Arrays.binarySearch(sorted, 0, size, ring[next]);
            if (at <= out) {
                System.arraycopy(sorted, at, sorted, at + 1, out - at);
            } else {
                System.arraycopy(sorted, out + 1, sorted, out, at - 1 - out);
                at--;
            }
        } else {
            System.arraycopy(sorted, at, sorted, at + 1, size - at);
            size++;
        }
        sorted[at] = residual;
        ring[next] = residual;
        next = next + 1 == ring.length ? 0 : next + 1;
        return this;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return ring.length;
    }

    /** Median of the window (mean of the two middle values for even sizes); NaN when empty. */
    public double median() {
        if (size == 0) {
            return Double.NaN;
        }
        int mid = size / 2;
        return size % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Unscaled median absolute deviation; NaN when empty. */
    public double mad() {
        return size == 0 ? Double.NaN : mad(median());
    }

    /** The sigma estimate used as divisor, see the class comment (may be 0). */
    public double scale() {
        return size == 0 ? Double.NaN : scale(median());
    }

    /**
     * Robust z of {@code value} against the current window (the value is not added). Same numbers as
     * {@code (value - median()) / scale()}; O(n), allocates nothing (it runs once per pair).
     */
    public double zScore(double value) {
        if (size == 0) {
            return Double.NaN;
        }
        double med = median();
        double scale = scale(med);
        double dev = value - med;
        if (scale > 0) {
            return dev / scale;
        }
        return dev == 0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, dev);
    }

    /** The calibrated decision for {@code value} against the current window: {@link #exceeds(double, double, int)}. */
    public boolean exceeds(double value, double threshold) {
        return exceeds(zScore(value), threshold, size);
    }

    /**
     * Finite-sample consistency factor of the MAD for a window of {@code n} values: {@code c_n} with
     * {@code E[c_n MAD_n] = sigma} on normal data. Tabulated for {@code n <= 10}, beyond that
     * {@code 1.4826... / (1 + a / n + b / n^2)} with {@code a, b} fitted separately for odd and even n
     * (the fit is within the Monte Carlo noise, ~2e-4 relative, of the simulated factors up to 100).
     */
    public static double madFactor(int n) {
        if (n <= 10) {
            return MAD_FACTORS[Math.max(n, 0)];
        }
        int at = n % 2 == 0 ? 0 : 2;
        return C_INF / (1 + MAD_FIT[at] / n + MAD_FIT[at + 1] / ((double) n * n));
    }

    /**
     * Effective degrees of freedom {@code nu_n} of the Student-t model of z for a window of {@code n}
     * values: the value for which the rule of {@link #exceeds(double, double, int)} at threshold 3.5 flags
     * Gaussian residuals at exactly the nominal rate 2 Phi(-3.5) (computed by simulation in
     * reference/robust_z.py; about 0.4 n, the MAD's asymptotic efficiency 0.37 times n plus a
     * small-sample margin). The same model then holds the rate within ~10% of nominal for thresholds
     * 2.5 to 4.5 at n >= 10.
     */
    public static double effectiveDf(int n) {
        if (n <= 10) {
            return DF[Math.max(n, 0)];
        }
        int at = n % 2 == 0 ? 0 : 2;
        return DF_FIT[at] * n + DF_FIT[at + 1];
    }

    /**
     * Two-sided tail probability of a robust z from a window of {@code n} values when the residuals
     * are Gaussian and the model is right: {@code 2 P(T > |z| / sqrt(1 + pi / (2n)))},
     * {@code T ~ t(effectiveDf(n))}. NaN for NaN z; 0 for infinite z. Windows under 2 values use n = 2.
     */
    public static double tailProbability(double z, int n) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        int m = Math.max(n, 2);
        return Math.min(1.0, 2 * StudentT.sf(Math.abs(z) / Math.sqrt(1 + Math.PI / (2.0 * m)), effectiveDf(m)));
    }

    /**
     * The calibrated anomaly decision: true when z from a window of {@code n} values is as rare on
     * Gaussian residuals as a standard normal beyond {@code +-threshold}, i.e.
     * {@code tailProbability(z, n) < 2 Phi(-threshold)}. Equivalent to {@code |z| > cutoff(threshold, n)}.
     * False for NaN z. The cutoff is always above the threshold (heavier tail and inflation above 1), so
     * a caller may skip this call when {@code |z| <= threshold}; {@code |z| / cutoff(threshold, n)} is
     * the calibrated counterpart of {@code |z| / threshold} (e.g. for a severity).
     */
    public static boolean exceeds(double z, double threshold, int n) {
        return tailProbability(z, n) < Erf.erfc(threshold / Math.sqrt(2));
    }

    /** The |z| above which {@link #exceeds(double, double, int)} holds: {@code threshold} translated to the t-model. */
    public static double cutoff(double threshold, int n) {
        int m = Math.max(n, 2);
        double tail = 0.5 * Erf.erfc(threshold / Math.sqrt(2));
        return -StudentT.quantile(tail, effectiveDf(m)) * Math.sqrt(1 + Math.PI / (2.0 * m));
    }

    /** Version, capacity, size, 0, then the values oldest first. */
    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(byteSize());
        writeTo(buf);
        return buf.array();
    }

    /** The length of {@link #toBytes()}. */
    public int byteSize() {
        return 1 + 2 * Integer.BYTES + Integer.BYTES + 8 * size;
    }

    /** Writes {@link #toBytes()} at the buffer's position, advancing it by {@link #byteSize()}. */
    public void writeTo(ByteBuffer buf) {
        buf.put(VERSION).putInt(ring.length).putInt(size).putInt(0);
        int start = oldest();
        int firstPart = Math.min(size, ring.length - start);
        buf.asDoubleBuffer().put(ring, start, firstPart).put(ring, 0, size - firstPart);
        buf.position(buf.position() + 8 * size);
    }

    /** Inverse of {@link #toBytes()}. */
    public static RobustZ fromBytes(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("not a version " + VERSION + " RobustZ");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        RobustZ z = readFrom(buf);
        if (buf.hasRemaining()) {
            throw new IllegalArgumentException("corrupt RobustZ: " + buf.remaining() + " bytes after its values");
        }
        return z;
    }

    /** The {@code i}-th oldest value of the window (0 <= i < {@link #size()}). */
    public double valueAt(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("value " + i + " of " + size);
        }
        int at = oldest() + i;
        return ring[at < ring.length ? at : at - ring.length];
    }

    /**
     * A window of {@code capacity} holding {@code values[from, from + n)}, oldest first: the window those {@code n}
     * {@link #add}s into an empty one leave (n <= capacity).
     */
    public static RobustZ of(int capacity, double[] values, int from, int n) {
        if (capacity < 1 || n < 0 || n > capacity) {
            throw new IllegalArgumentException("corrupt RobustZ: capacity " + capacity + ", size " + n);
        }
        RobustZ z = new RobustZ(capacity);
        System.arraycopy(values, from, z.ring, 0, n);
        return z.filled(n);
    }

    /** Reads what {@link #writeTo} wrote at the buffer's position, advancing it past. */
    public static RobustZ readFrom(ByteBuffer buf) {
        if (buf.remaining() < 13 || buf.get() != VERSION) {
            throw new IllegalArgumentException("not a version " + VERSION + " RobustZ");
        }
        int capacity = buf.getInt();
        int n = buf.getInt();
        buf.getInt();
        if (capacity < 1 || n < 0 || n > capacity || buf.remaining() < 8 * n) {
            throw new IllegalArgumentException("corrupt RobustZ: capacity " + capacity + ", size " + n);
        }
        RobustZ z = new RobustZ(capacity);
        buf.slice().asDoubleBuffer().get(z.ring, 0, n);
        buf.position(buf.position() + 8 * n);
        return z.filled(n);
    }

    /** With the first {@code n} ring slots set, oldest first: checks them, sorts them, sets the size. */
    private RobustZ filled(int n) {
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(ring[i])) {
                throw new IllegalArgumentException("residual must be finite, got " + ring[i]);
            }
        }
        System.arraycopy(ring, 0, sorted, 0, n);
        Arrays.sort(sorted, 0, n);
        size = n;
        next = n == ring.length ? 0 : n;
        return this;
    }

    /** Where {@code v} goes in {@code sorted[0, size)}: before an equal value, else after all smaller. */
    private int insertionPoint(double v) {
        int i = Arrays.binarySearch(sorted, 0, size, v);
        return i >= 0 ? i : -i - 1;
    }

    private int oldest() {
        return size < ring.length ? 0 : next;
    }

    private double scale(double med) {
        double mad = mad(med);
        if (mad > 0) {
            return madFactor(size) * mad;
        }
        // rare (more than half the window on the median): summed oldest first, as it always was
        double sum = 0;
        int start = oldest();
        for (int i = 0; i < size; i++) {
            int k = start + i;
            sum += Math.abs(ring[k < ring.length ? k : k - ring.length] - med);
        }
        return MEAN_AD_SCALE * sum / size;
    }

    /**
     * Median of {@code |v - med|} over the window, {@code size > 0}. {@code med} lies in
     * {@code [sorted[mid - 1], sorted[mid]]} (floating rounding is monotone), so the deviations of
     * {@code sorted[mid - 1], sorted[mid - 2], ...} and of {@code sorted[mid], sorted[mid + 1], ...}
     * are each ascending; merge them until the middle one(s).
     */
    private double mad(double med) {
        int left = size / 2 - 1;
        int right = size / 2;
        double lower = 0;
        double current = 0;
        for (int k = 0; k <= size / 2; k++) {
            lower = current;
            if (left < 0) {
                current = Math.abs(sorted[right++] - med);
            } else if (right >= size) {
                current = Math.abs(sorted[left--] - med);
            } else {
                double l = Math.abs(sorted[left] - med);
                double r = Math.abs(sorted[right] - med);
                if (l <= r) {
                    current = l;
                    left--;
                } else {
                    current = r;
                    right++;
                }
            }
        }
        // after the loop current is deviation number size / 2 (0-based), lower the one before it
        return size % 2 == 1 ? current : (lower + current) / 2;
    }
}
