package io.driftwatch.stats;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.DoubleConsumer;

/**
 * Samples of one monitored quantity per time bucket, and the two-sample KS test of a recent window
 * of buckets against the reference window before it. Two layouts: while every bucket holds at most
 * {@code exactMax} values (the usual case: a few values per series and day) the raw values sit in
 * flat arrays (bucket starts, counts, values), which a codec copies in bulk and which give each
 * window as a contiguous slice; once a bucket outgrows that, the samples switch for good to one
 * {@link DriftWindow} per bucket (raw or a KLL sketch), bounded whatever the event rate. Either way
 * a window's KS test equals that of the union of its buckets' {@link DriftWindow}s.
 *
 * <p>Not thread-safe. A caller that stores the samples reads the layout with {@link #isSketched()},
 * {@link #flatStart}, {@link #flatCount} and {@link #copyFlatValuesTo}, or {@link #sketchedBuckets()}, and rebuilds
 * them with {@link #flat} or {@link #sketched}.
 */
public final class BucketedSamples {

    private final int exactMax;
    private final int k;
    // flat layout (windows == null): buckets in start order, values of bucket i at [offset(i), offset(i) + counts[i])
    private long[] starts = new long[0];
    private int[] counts = new int[0];
    /**
     * offset(i) for 0 <= i <= {@link #prefixBuckets} (memory only). Kept and refilled in place after a change: the
     * samples live long (old in the collector's terms), and a new array each day for each series was a reference
     * from an old object to a young one, which the next young collection must find and copy.
     */
    private int[] prefix;
    /** The buckets {@link #prefix} holds the offsets of: -1 when the buckets changed since it was filled. */
    private int prefixBuckets = -1;
    /** Room a new {@link #prefix} leaves for more buckets (a series' windows gain one on some days). */
    private static final int PREFIX_SLACK = 4;
    private double[] values = new double[0];
    private int buckets;
    private int total;
    private TreeMap<Long, DriftWindow> windows;
    // not part of the layout: sorted copies of the windows last tested, so that the next day's test (each window one
    // bucket further) updates them instead of sorting again
    private final SortedWindow recentSorted = new SortedWindow();
    private final SortedWindow referenceSorted = new SortedWindow();
    /** Buckets before this were dropped: a sorted window reaching below it cannot be updated, only rebuilt. */
    private long droppedBefore = Long.MIN_VALUE;
    /** Sorted-window updates that slid instead of sorting again. */
    private int slides;

    /**
     * Empty samples in the flat layout.
     *
     * @param exactMax values a bucket (and a window) holds raw before the test sketches it, see {@link DriftWindow}
     * @param k the KLL sketch accuracy parameter of a sketched bucket
     */
    public BucketedSamples(int exactMax, int k) {
        this.exactMax = exactMax;
        this.k = k;
    }

    /**
     * Samples in the flat layout over these arrays (taken, not copied): bucket i starts at {@code starts[i]}
     * (ascending) and holds {@code counts[i]} values, stored one bucket after the other in {@code values}.
     */
    public static BucketedSamples flat(long[] starts, int[] counts, double[] values, int exactMax, int k) {
        BucketedSamples s = new BucketedSamples(exactMax, k);
        s.starts = starts;
        s.counts = counts;
        s.values = values;
        s.buckets = starts.length;
        s.total = values.length;
        return s;
    }

    /** Samples in the sketched layout over this map (taken, not copied) of bucket start to window. */
    public static BucketedSamples sketched(TreeMap<Long, DriftWindow> windows, int exactMax, int k) {
        BucketedSamples s = new BucketedSamples(exactMax, k);
        s.windows = windows;
        return s;
    }

    /** True once a bucket outgrew {@code exactMax}: the samples are one {@link DriftWindow} per bucket. */
    public boolean isSketched() {
        return windows != null;
    }

    /** Buckets of the flat layout. */
    public int flatBuckets() {
        return windows == null ? buckets : 0;
    }

    /** Values of the flat layout. */
    public int flatValues() {
        return windows == null ? total : 0;
    }

    /** Copies the values of the flat layout ({@link #flatValues()} doubles, bucket after bucket) into the buffer. */
    public void copyFlatValuesTo(DoubleBuffer valuesOut) {
        if (windows != null) {
            throw new IllegalStateException("sketched: use sketchedBuckets()");
        }
        valuesOut.put(values, 0, total);
    }

    /** Value {@code i} (0 <= i < {@link #flatValues()}) of the flat layout, bucket after bucket. */
    public double flatValue(int i) {
        if (windows != null || i < 0 || i >= total) {
            throw new IndexOutOfBoundsException("flat value " + i + " of " + flatValues());
        }
        return values[i];
    }

    /** The start of bucket {@code i} (0 <= i < {@link #flatBuckets()}) of the flat layout. */
    public long flatStart(int i) {
        return starts[i];
    }

    /** The greatest common divisor of the gaps between consecutive bucket starts (flat layout); 0 below 2 buckets. */
    public long flatStep() {
        long step = 0;
        for (int i = 1; i < buckets; i++) {
            step = KolmogorovSmirnov.gcd(step, starts[i] - starts[i - 1]);
        }
        return step;
    }

    /** The number of values in bucket {@code i} (0 <= i < {@link #flatBuckets()}) of the flat layout. */
    public int flatCount(int i) {
        return counts[i];
    }

    /** The sketched layout: bucket start to window, in start order (read-only); empty in the flat layout. */
    public NavigableMap<Long, DriftWindow> sketchedBuckets() {
        return windows == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(windows);
    }

    /** Sorted-window updates that slid the windows of the last test instead of sorting again (for tests). */
    public int slides() {
        return slides;
    }

    public boolean isEmpty() {
        return windows == null ? buckets == 0 : windows.isEmpty();
    }

    public long firstBucket() {
        return windows == null ? starts[0] : windows.firstKey();
    }

    public long lastBucket() {
        return windows == null ? starts[buckets - 1] : windows.lastKey();
    }

    public void add(long bucketStart, double value) {
        recentSorted.invalidateIfCovers(bucketStart);
        referenceSorted.invalidateIfCovers(bucketStart);
        if (windows != null) {
            windows.computeIfAbsent(bucketStart, b -> new DriftWindow(exactMax, k)).add(value);
            return;
        }
        int i;
        if (buckets > 0 && bucketStart >= starts[buckets - 1]) {
            // the usual case, pairs in time order: the latest bucket, or a new one after it (what the search returns)
            i = bucketStart == starts[buckets - 1] ? buckets - 1 : -(buckets + 1);
        } else {
            i = Arrays.binarySearch(starts, 0, buckets, bucketStart);
        }
        if (i >= 0 && counts[i] >= exactMax) {
            toWindows();
            add(bucketStart, value);
            return;
        }
        if (i < 0) {
            i = -i - 1;
            if (buckets == starts.length) {
                starts = Arrays.copyOf(starts, Math.max(8, buckets * 2));
                counts = Arrays.copyOf(counts, starts.length);
            }
            System.arraycopy(starts, i, starts, i + 1, buckets - i);
            System.arraycopy(counts, i, counts, i + 1, buckets - i);
            starts[i] = bucketStart;
            counts[i] = 0;
            buckets++;
            prefixBuckets = -1;
        }
        // the last bucket's values end at total: no offsets needed (and none rebuilt) for an append
        boolean last = i == buckets - 1;
        int at = last ? total : offset(i) + counts[i];
        if (total == values.length) {
            values = Arrays.copyOf(values, Math.max(16, total * 2));
        }
        System.arraycopy(values, at, values, at + 1, total - at);
        values[at] = value;
        counts[i]++;
        total++;
        if (last && prefixBuckets == buckets) {
            prefix[buckets] = total; // only the end of the last bucket moved
        } else {
            prefixBuckets = -1;
        }
    }

    /** Drops the buckets that start before {@code from}; true if any was dropped. */
    public boolean dropBefore(long from) {
        if (windows != null) {
            if (windows.isEmpty() || windows.firstKey() >= from) {
                return false;
            }
            windows.headMap(from, false).clear();
            return true;
        }
        int i = 0;
        int dropped = 0;
        while (i < buckets && starts[i] < from) {
            dropped += counts[i++];
        }
        if (i == 0) {
            return false;
        }
        droppedBefore = Math.max(droppedBefore, from);
        // in place: a series drops its oldest bucket and adds a new one each day, so the arrays keep their size
        // (copies here were followed by a doubling copy at the next add); they shrink only when mostly empty
        int keptValues = total - dropped;
        if (values.length > 64 && keptValues * 4 < values.length) {
            values = Arrays.copyOfRange(values, dropped, dropped + Math.max(16, keptValues * 2));
        } else {
            System.arraycopy(values, dropped, values, 0, keptValues);
        }
        System.arraycopy(starts, i, starts, 0, buckets - i);
        System.arraycopy(counts, i, counts, 0, buckets - i);
        buckets -= i;
        prefixBuckets = -1;
        total -= dropped;
        return true;
    }

    /**
     * KS test of the buckets in [recentStart, end) against those in [refStart, recentStart); null
     * when either window holds fewer than {@code minSamples} values.
     */
    public KolmogorovSmirnov.Result test(long refStart, long recentStart, long end, int minSamples) {
        return test(refStart, recentStart, end, minSamples, false, 0, 0);
    }

    /**
     * {@link #test(long, long, long, int)} for a caller that reports a drift only when
     * {@code p < alpha} and {@code D >= minStatistic}: same statistic, method and null, but the
     * p-value is NaN ("not computed: not reportable", false in {@code p < alpha}) when the test
     * cannot be reported, see {@link KolmogorovSmirnov#test(double[], double[], int, double, double)}.
     */
    public KolmogorovSmirnov.Result test(long refStart, long recentStart, long end, int minSamples, double alpha,
                                         double minStatistic) {
        return test(refStart, recentStart, end, minSamples, true, alpha, minStatistic);
    }

    /** The raw values of the buckets in [from, to) in time order (bucket by bucket); null when sketched. */
    public double[] inTimeOrder(long from, long to) {
        if (windows != null) {
            return null;
        }
        int a = lowerBound(from);
        int c = lowerBound(to);
        return Arrays.copyOfRange(values, offset(a), offset(c));
    }

    /**
     * Both windows' values sorted ({@code [0]} recent [recentStart, end), {@code [1]} reference [refStart,
     * recentStart)) when the samples are raw (not sketched) and each window holds {@code minSamples} to
     * {@code exactMax} values; else null (use {@link #test}). The arrays are copies the caller may keep.
     */
    public double[][] exactWindows(long refStart, long recentStart, long end, int minSamples) {
        if (windows != null) {
            return null;
        }
        int a = lowerBound(refStart);
        int b = lowerBound(recentStart);
        int c = lowerBound(end);
        int nRef = offset(b) - offset(a);
        int nRecent = offset(c) - offset(b);
        if (nRecent < minSamples || nRef < minSamples || nRecent > exactMax || nRef > exactMax) {
            return null;
        }
        return new double[][] {sorted(recentSorted, recentStart, end), sorted(referenceSorted, refStart, recentStart)};
    }

    private KolmogorovSmirnov.Result test(long refStart, long recentStart, long end, int minSamples,
                                          boolean thresholded, double alpha, double minStatistic) {
        if (windows == null) {
            int a = lowerBound(refStart);
            int b = lowerBound(recentStart);
            int c = lowerBound(end);
            int nRef = offset(b) - offset(a);
            int nRecent = offset(c) - offset(b);
            if (nRecent < minSamples || nRef < minSamples) {
                return null;
            }
            if (nRecent <= exactMax && nRef <= exactMax) {
                if (thresholded) {
                    return KolmogorovSmirnov.testOfSorted(sorted(recentSorted, recentStart, end),
                        sorted(referenceSorted, refStart, recentStart), exactMax, alpha, minStatistic);
                }
                // one copy of each window (values is the layout), sorted in place by the test
                double[] recent = Arrays.copyOfRange(values, offset(b), offset(c));
                double[] reference = Arrays.copyOfRange(values, offset(a), offset(b));
                return KolmogorovSmirnov.testInPlace(recent, reference, exactMax);
            }
        }
        TreeMap<Long, DriftWindow> w = windows != null ? windows : asWindows();
        DriftWindow reference = union(w.subMap(refStart, true, recentStart, false));
        DriftWindow recent = union(w.subMap(recentStart, true, end, false));
        if (recent.count() < minSamples || reference.count() < minSamples) {
            return null;
        }
        return thresholded
            ? DriftWindow.ksTest(recent, reference, alpha, minStatistic)
            : DriftWindow.ksTest(recent, reference);
    }

    /**
     * The values of the buckets starting in [from, to), sorted: {@code w} updated by the buckets that left and
     * entered the window since its last use when that is possible (the usual daily step), else rebuilt.
     */
    private double[] sorted(SortedWindow w, long from, long to) {
        boolean slide = w.valid && from >= w.from && to >= w.to && from <= w.to && droppedBefore <= w.from;
        if (slide) {
            slides++;
            forEachValue(w.from, from, w::remove);
            forEachValue(w.to, to, w::insert);
        } else {
            w.n = 0;
            forEachValue(from, to, w::append);
            Arrays.sort(w.v, 0, w.n);
        }
        w.from = from;
        w.to = to;
        w.valid = true;
        return Arrays.copyOf(w.v, w.n);
    }

    private void forEachValue(long from, long to, DoubleConsumer action) {
        if (from >= to) {
            return;
        }
        int a = lowerBound(from);
        int c = lowerBound(to);
        for (int i = offset(a), end = offset(c); i < end; i++) {
            action.accept(values[i]);
        }
    }

    /** Sorted values of a window of buckets [from, to), in memory only. */
    private static final class SortedWindow {
        long from;
        long to;
        boolean valid;
        double[] v = new double[16];
        int n;

        void invalidateIfCovers(long bucketStart) {
            if (valid && bucketStart < to) {
                valid = false; // a value added to a bucket the window already took in
            }
        }

        void append(double x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = x;
        }

        void insert(double x) {
            int i = Arrays.binarySearch(v, 0, n, x);
            int at = i >= 0 ? i : -i - 1;
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            System.arraycopy(v, at, v, at + 1, n - at);
            v[at] = x;
            n++;
        }

        void remove(double x) {
            int i = Arrays.binarySearch(v, 0, n, x); // Arrays.sort's total order: -0.0 and 0.0 are told apart
            if (i < 0) {
                throw new IllegalStateException("sorted window lost track of " + x);
            }
            System.arraycopy(v, i + 1, v, i, n - i - 1);
            n--;
        }
    }

    /** Number of values in the buckets starting in [from, to). */
    public long count(long from, long to) {
        if (windows == null) {
            return offset(lowerBound(to)) - offset(lowerBound(from));
        }
        return windows.subMap(from, true, to, false).values().stream().mapToLong(DriftWindow::count).sum();
    }

    private DriftWindow union(Map<Long, DriftWindow> parts) {
        DriftWindow w = new DriftWindow(exactMax, k);
        parts.values().forEach(w::merge);
        return w;
    }

    private int lowerBound(long start) {
        int i = Arrays.binarySearch(starts, 0, buckets, start);
        return i >= 0 ? i : -i - 1;
    }

    private int offset(int bucket) {
        if (prefixBuckets != buckets) { // after a change: one pass, then every offset of the daily test is a lookup
            if (prefix == null || prefix.length < buckets + 1) {
                prefix = new int[buckets + 1 + PREFIX_SLACK];
            }
            prefix[0] = 0;
            for (int i = 0; i < buckets; i++) {
                prefix[i + 1] = prefix[i] + counts[i];
            }
            prefixBuckets = buckets;
        }
        return prefix[bucket];
    }

    private TreeMap<Long, DriftWindow> asWindows() {
        TreeMap<Long, DriftWindow> out = new TreeMap<>();
        int o = 0;
        for (int i = 0; i < buckets; i++) {
            DriftWindow w = new DriftWindow(exactMax, k);
            for (int j = 0; j < counts[i]; j++) {
                w.add(values[o + j]);
            }
            out.put(starts[i], w);
            o += counts[i];
        }
        return out;
    }

    private void toWindows() {
        windows = asWindows();
        starts = new long[0];
        counts = new int[0];
        values = new double[0];
        buckets = 0;
        total = 0;
        prefix = null;
        prefixBuckets = -1;
    }
}
