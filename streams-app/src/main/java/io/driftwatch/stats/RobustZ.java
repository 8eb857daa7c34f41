package io.driftwatch.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Robust z-score of a new residual against a bounded rolling window of past residuals:
 * {@code z = (x - median) / scale}, where {@code scale = 1.4826 * MAD} (MAD = median absolute
 * deviation from the median; 1.4826 = 1 / Phi^-1(3/4) makes it estimate sigma for normal data).
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
 * them up to the middle element gives the median deviation. The numbers are bit for bit those of
 * the former copy-and-sort implementation (same subtractions, same order of the ties, the
 * mean-AD fallback summed oldest first as before); the sorted order uses the total order of
 * {@link Arrays#sort(double[])} ({@code -0.0} before {@code 0.0}).
 *
 * <p>Bounded state: at most {@code capacity} doubles (default 60) on the wire, oldest evicted
 * first; {@link #toBytes()} is {@code 13 + 8 * size} bytes (the sorted copy is rebuilt by
 * {@link #fromBytes}, one sort per decode). Not thread-safe.
 */
public final class RobustZ {

  /** Default window length. */
  public static final int DEFAULT_CAPACITY = 60;
  /** 1 / Phi^-1(0.75). */
  public static final double MAD_SCALE = 1.4826;
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

  /** Version, capacity, size, 0, then the values oldest first. */
  public byte[] toBytes() {
    ByteBuffer buf = ByteBuffer.allocate(1 + 2 * Integer.BYTES + Integer.BYTES + 8 * size);
    buf.put(VERSION).putInt(ring.length).putInt(size).putInt(0);
    int start = oldest();
    int firstPart = Math.min(size, ring.length - start);
    buf.asDoubleBuffer().put(ring, start, firstPart).put(ring, 0, size - firstPart);
    return buf.array();
  }

  /** Inverse of {@link #toBytes()}. */
  public static RobustZ fromBytes(byte[] bytes) {
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
    RobustZ z = new RobustZ(capacity);
    buf.slice().asDoubleBuffer().get(z.ring, 0, n);
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(z.ring[i])) {
        throw new IllegalArgumentException("residual must be finite, got " + z.ring[i]);
      }
    }
    System.arraycopy(z.ring, 0, z.sorted, 0, n);
    Arrays.sort(z.sorted, 0, n);
    z.size = n;
    z.next = n == capacity ? 0 : n;
    return z;
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
      return MAD_SCALE * mad;
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
