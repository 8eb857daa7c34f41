package io.driftwatch.stats;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Two-sided two-sample Kolmogorov-Smirnov test with the p-value convention of scipy's
 * {@code ks_2samp(x, y)}: {@code P(D >= d_observed)} under H0 (not the strict {@code P(D > d)} of
 * commons-math3's two-argument {@code kolmogorovSmirnovTest}).
 *
 * <p>Usage:
 * <pre>{@code
 * KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(recent, reference);
 * if (r.pValue() < 0.05) { ... r.statistic() ... }
 * }</pre>
 *
 * <p><b>Exact path</b> (both samples hold at most {@code exactMax} values, default 10,000 like
 * scipy's {@code method='auto'}): the statistic is computed as an integer {@code h} on the lattice
 * of step {@code 1/lcm(n, m)} (no floating rounding, ties handled like scipy's
 * {@code searchsorted(side='right')}, i.e. both ECDFs are evaluated after all copies of a tied
 * value). The p-value is the exact lattice-path probability, ported from scipy 1.10:
 * {@code _compute_prob_outside_square} when {@code n == m} (O(n)), otherwise
 * {@code _compute_outer_prob_inside_method} (Hodges' inside method with Viehmann's 1-p recursion,
 * arXiv:2102.08037), whose cost is O(max(n,m) * (2 d min(n,m) + 2)) double operations and
 * O(min(n,m)) memory: at most ~1e8 operations at 10,000 x 9,999 (fractions of a second; figures in
 * docs/benchmarks.md). Every value in
 * that recursion is a probability in [0, 1], so it cannot overflow.
 *
 * <p><b>Asymptotic path</b> (either sample above {@code exactMax}, {@code lcm(n,m) >= 2^31}, or
 * an exact result outside [0, 1]): like scipy's {@code method='asymp'} two-sided branch,
 * {@code p = kstwo.sf(d, round(n m / (n + m)))}, see {@link KolmogorovDistribution#sf}.
 *
 * <p><b>Thresholded tests</b> ({@link #test(double[], double[], int, double, double)}): a caller that
 * only acts when {@code p < alpha} and {@code D >= minStatistic} (the monitor: one test per series
 * and day, reported only if significant and at least of MEDIUM severity) needs the p-value of the
 * reportable tests only. Those methods return the same statistic and method as
 * {@link #test(double[], double[], int)}, and either the same p-value bit for bit or
 * {@code Double.NaN} when the test is known not to be reportable; see there.
 *
 * <p>Inputs must be non-empty and free of NaN. Input arrays are not modified, except by the
 * {@code testInPlace} methods, which sort the arrays they are handed instead of copying them.
 */
public final class KolmogorovSmirnov {

    /** Largest per-sample size for which scipy's {@code method='auto'} stays exact. */
    public static final int DEFAULT_EXACT_MAX = 10_000;

    /** Which computation produced a p-value. */
    public enum Method {
        /** Exact lattice-path p-value. */
        EXACT,
        /** kstwo survival function at the effective sample size. */
        ASYMPTOTIC,
        /** D estimated from quantile sketches, conservative p-value ({@link DriftWindow}). */
        SKETCH
    }

    /**
     * Outcome of a test.
     *
     * @param statistic D = sup |F_x - F_y|, in [0, 1]
     * @param pValue P(D >= statistic) under H0, in [0, 1]; NaN only from the thresholded tests
     *     ("not computed: not reportable")
     * @param method how the p-value was computed
     */
    public record Result(double statistic, double pValue, Method method) {}

    /**
     * Most (n, m, alpha) keys the significance memo holds; when full it is cleared (a key costs ~100
     * bytes; the monitor meets a few hundred size pairs).
     */
    static final int MEMO_MAX_KEYS = 4096;

    /**
     * The memo serves alpha up to this only. The computed exact p-value is non-increasing in h except
     * for last-ulp wiggles where it is within 1e-15 of 1 (n == m: e.g. 0.9999999999999998 then
     * 0.9999999999999999 at 200 x 200), checked over the whole lattice of 271 size pairs up to 200;
     * below 0.99 it never increased. An alpha at most 0.5 can therefore not fall between the two values
     * of a wiggle.
     */
    static final double MEMO_MAX_ALPHA = 0.5;

    /**
     * Per (min(n,m), max(n,m), alpha): bounds on the lattice statistic h seen so far, see
     * {@link #test(double[], double[], int, double, double)}. Shared by all callers (stream threads
     * run concurrently: ConcurrentHashMap, immutable values merged atomically); values depend only on
     * n, m, h and alpha, so sharing is safe.
     */
    private static final ConcurrentHashMap<MemoKey, Bounds> MEMO = new ConcurrentHashMap<>();

    private record MemoKey(int n, int m, double alpha) {}

    /**
     * {@code maxNotSignificant}: largest h seen with exact p >= alpha (-1 if none);
     * {@code minSignificant}: smallest h seen with p < alpha (Long.MAX_VALUE if none).
     */
    private record Bounds(long maxNotSignificant, long minSignificant) {
        static Bounds of(long h, boolean significant) {
            return significant ? new Bounds(-1, h) : new Bounds(h, Long.MAX_VALUE);
        }

        Bounds union(Bounds o) {
            return new Bounds(
                    Math.max(maxNotSignificant, o.maxNotSignificant), Math.min(minSignificant, o.minSignificant));
        }

        /**
         * Whether h is known to be not significant. Only while the bounds are consistent: should
         * floating rounding ever make the computed p-value non-monotone in h for a key (not observed,
         * see the tests), a non-significant h would sit above a significant one and the key would stop
         * short-cutting for good (union keeps the crossing).
         */
        boolean knownNotSignificant(long h) {
            return h <= maxNotSignificant && maxNotSignificant < minSignificant;
        }
    }

    private KolmogorovSmirnov() {}

    /** Test with {@link #DEFAULT_EXACT_MAX}. */
    public static Result test(double[] x, double[] y) {
        return test(x, y, DEFAULT_EXACT_MAX);
    }

    /**
     * Two-sided two-sample test.
     *
     * @param exactMax exact p-value while both samples hold at most this many values
     * @throws IllegalArgumentException if a sample is null, empty or contains NaN
     */
    public static Result test(double[] x, double[] y, int exactMax) {
        return testSorted(sortedCopy(x, "x"), sortedCopy(y, "y"), exactMax);
    }

    /**
     * {@link #test(double[], double[], int)} without copying: sorts {@code x} and {@code y} in place
     * (for callers that built the arrays for this test and hand them over).
     */
    public static Result testInPlace(double[] x, double[] y, int exactMax) {
        return testSorted(sortInPlace(x, "x"), sortInPlace(y, "y"), exactMax);
    }

    /**
     * Two-sided two-sample test for a caller that acts only when {@code p < alpha} and
     * {@code D >= minStatistic}: it spends the O(n m) exact p-value only on tests that can be
     * reported. The statistic is always that of {@link #test(double[], double[], int)}; the p-value is
     * either computed, and then the whole result equals that method's, or {@code Double.NaN}, "not
     * computed: not reportable", with the method the sizes select (exact within {@code exactMax}).
     * NaN compares false with {@code p < alpha}, so {@code p < alpha && D >= minStatistic} gives the
     * same verdict as with the full p-value; a caller must not report or store the NaN as a
     * probability.
     *
     * <p>NaN is returned when
     * <ul>
     *   <li>{@code D < minStatistic} (whatever the method), or
     *   <li>exact method and {@code alpha <= 0.5}: D is at most the largest statistic already found
     *   not significant for the same n, m (in either order) and alpha. The exact {@code P(D >= d)}
     *   is non-increasing in d for fixed n and m (more paths leave a narrower band; as computed, up
     *   to last-ulp wiggles near 1, see {@link #MEMO_MAX_ALPHA}, checked over whole lattices in the
     *   tests), so a smaller D is not significant either. Every exact p-value computed here updates
     *   that memo, a process-wide, thread-safe map of at most {@value #MEMO_MAX_KEYS} (n, m, alpha)
     *   keys, cleared when full. The first tests of each size pair and alpha are all computed; the
     *   memo pays off because the monitor meets the same few size pairs day after day.
     * </ul>
     * The asymptotic p-value is cheap and is always computed once {@code D >= minStatistic}. A
     * statistic of 0 with {@code minStatistic <= 0} gives p = 1 as always.
     *
     * @param alpha significance level; p-values {@code >= alpha} count as not significant
     * @param minStatistic smallest reportable D (e.g. the MEDIUM severity boundary)
     * @throws IllegalArgumentException if a sample is null, empty or contains NaN, or alpha or
     *     minStatistic is NaN
     */
    public static Result test(double[] x, double[] y, int exactMax, double alpha, double minStatistic) {
        return testSorted(sortedCopy(x, "x"), sortedCopy(y, "y"), exactMax, alpha, minStatistic);
    }

    /**
     * {@link #test(double[], double[], int, double, double)} without copying: sorts {@code x} and
     * {@code y} in place (for callers that built the arrays for this test and hand them over).
     */
    public static Result testInPlace(double[] x, double[] y, int exactMax, double alpha, double minStatistic) {
        return testSorted(sortInPlace(x, "x"), sortInPlace(y, "y"), exactMax, alpha, minStatistic);
    }

    /** The statistic on the lattice of n*m/gcd steps: D = h / lcm, exact in integers. */
    private record Lattice(int n, int m, long lcm, long h) {
        static Lattice of(double[] a, double[] b) {
            int n = a.length;
            int m = b.length;
            long g = gcd(n, m);
            long ng = n / g;
            return new Lattice(n, m, ng * m, latticeStatistic(a, b, ng, m / g));
        }
    }

    private static Result testSorted(double[] a, double[] b, int exactMax) {
        Lattice l = Lattice.of(a, b);
        int n = l.n();
        int m = l.m();
        long lcm = l.lcm();
        long h = l.h();
        double d = (double) h / lcm;
        if (h == 0) {
            return new Result(0.0, 1.0, Method.EXACT);
        }
        if (Math.max(n, m) <= exactMax && lcm < Integer.MAX_VALUE) {
            double p = exactPValue(n, m, h);
            if (p >= 0.0 && p <= 1.0) {
                return new Result(d, p, Method.EXACT);
            }
        }
        return new Result(d, asymptoticPValue(n, m, d), Method.ASYMPTOTIC);
    }

    /**
     * {@link #test(double[], double[], int, double, double)} of samples the caller keeps sorted
     * (ascending, in {@code Arrays.sort} order, no NaN; not checked), e.g. sliding windows updated
     * incrementally instead of sorted for every test.
     */
    public static Result testOfSorted(
            double[] sortedX, double[] sortedY, int exactMax, double alpha, double minStatistic) {
        if (sortedX.length == 0 || sortedY.length == 0) {
            throw new IllegalArgumentException("samples must not be empty");
        }
        return testSorted(sortedX, sortedY, exactMax, alpha, minStatistic);
    }

    private static Result testSorted(double[] a, double[] b, int exactMax, double alpha, double minStatistic) {
        if (Double.isNaN(alpha) || Double.isNaN(minStatistic)) {
            throw new IllegalArgumentException("alpha and minStatistic must not be NaN");
        }
        Lattice l = Lattice.of(a, b);
        int n = l.n();
        int m = l.m();
        long lcm = l.lcm();
        long h = l.h();
        double d = (double) h / lcm;
        boolean exact = Math.max(n, m) <= exactMax && lcm < Integer.MAX_VALUE;
        if (d < minStatistic) {
            return new Result(d, Double.NaN, exact ? Method.EXACT : Method.ASYMPTOTIC);
        }
        if (h == 0) {
            return new Result(0.0, 1.0, Method.EXACT);
        }
        if (exact) {
            MemoKey key = alpha <= MEMO_MAX_ALPHA ? new MemoKey(Math.min(n, m), Math.max(n, m), alpha) : null;
            Bounds known = key == null ? null : MEMO.get(key);
            if (known != null && known.knownNotSignificant(h)) {
                return new Result(d, Double.NaN, Method.EXACT);
            }
            double p = exactPValue(n, m, h);
            if (p >= 0.0 && p <= 1.0) {
                if (key != null) {
                    remember(key, h, p < alpha);
                }
                return new Result(d, p, Method.EXACT);
            }
        }
        return new Result(d, asymptoticPValue(n, m, d), Method.ASYMPTOTIC);
    }

    private static void remember(MemoKey key, long h, boolean significant) {
        if (MEMO.size() >= MEMO_MAX_KEYS && !MEMO.containsKey(key)) {
            MEMO.clear();
        }
        MEMO.merge(key, Bounds.of(h, significant), Bounds::union);
    }

    /**
     * Exact {@code P(D >= h / lcm(n, m))} for samples of sizes n and m (scipy's two-sided exact
     * branch). May return a value outside [0, 1] only if floating error made it meaningless.
     *
     * @param h statistic times lcm(n, m), 0 <= h <= lcm(n, m)
     */
    public static double exactPValue(int n, int m, long h) {
        if (n <= 0 || m <= 0) {
            throw new IllegalArgumentException("sample sizes must be positive, got " + n + " and " + m);
        }
        long g = gcd(n, m);
        long lcm = (n / g) * (long) m;
        if (h < 0 || h > lcm) {
            throw new IllegalArgumentException("h must be in [0, lcm(n,m)=" + lcm + "], got " + h);
        }
        if (h == 0) {
            return 1.0;
        }
        return n == m ? probOutsideSquare(n, (int) h) : outerProbInsideMethod(n, m, g, h);
    }

    /**
     * scipy's {@code method='asymp'} two-sided p-value: {@code kstwo.sf(d, round(en))} with
     * {@code en = n m / (n + m)} rounded half-to-even (numpy), at least 1.
     */
    public static double asymptoticPValue(long n, long m, double d) {
        double en = (double) n * (double) m / ((double) n + (double) m);
        long effective = Math.max(1L, (long) Math.rint(en));
        return KolmogorovDistribution.sf(d, effective);
    }

    /**
     * max over the pooled values v of |n_x(v) mg - n_y(v) ng|, i.e. D times lcm(n, m), where
     * n_x(v) counts x values <= v.
     */
    private static long latticeStatistic(double[] a, double[] b, long ng, long mg) {
        int i = 0;
        int j = 0;
        long best = 0;
        while (i < a.length || j < b.length) {
            double v = (j >= b.length || (i < a.length && a[i] <= b[j])) ? a[i] : b[j];
            while (i < a.length && a[i] <= v) {
                i++;
            }
            while (j < b.length && b[j] <= v) {
                j++;
            }
            // i/n - j/m = (i*mg - j*ng) / lcm
            best = Math.max(best, Math.abs(i * mg - j * ng));
        }
        return best;
    }

    /**
     * P(D_{n,n} >= h/n) = 2 (A0 - A0 A1 + A0 A1 A2 - ...), Horner-like to avoid cancellation
     * (scipy {@code _compute_prob_outside_square}).
     */
    private static double probOutsideSquare(int n, int h) {
        double p = 0.0;
        for (long k = n / h; k >= 0; k--) {
            double p1 = 1.0;
            for (long j = 0; j < h; j++) {
                p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            }
            p = p1 * (1.0 - p);
        }
        return 2 * p;
    }

    /**
     * Proportion of lattice paths from (0,0) to (m,n) that leave the band |x/m - y/n| < h/lcm,
     * computed directly as 1-p per Viehmann (scipy {@code _compute_outer_prob_inside_method}). Only
     * the sliding window [minj, maxj) of one column is kept.
     */
    private static double outerProbInsideMethod(int n1, int n2, long g, long h) {
        int m = Math.max(n1, n2);
        int n = Math.min(n1, n2);
        long mg = m / g;
        long ng = n / g;
        int minj = 0;
        int maxj = (int) Math.min(ceilDiv(h, mg), n + 1L);
        int curlen = maxj - minj;
        int lenA = Math.min(2 * maxj + 2, n + 1);
        double[] a = new double[lenA];
        Arrays.fill(a, 1.0);
        Arrays.fill(a, minj, maxj, 0.0);
        for (int i = 1; i <= m; i++) {
            int lastminj = minj;
            int lastlen = curlen;
            minj = (int) Math.min(Math.max(Math.floorDiv(ng * i - h, mg) + 1, 0L), n);
            maxj = (int) Math.min(ceilDiv(ng * i + h, mg), n + 1L);
            if (maxj <= minj) {
                return 1.0;
            }
            double val = minj == 0 ? 0.0 : 1.0;
            for (int jj = 0; jj < maxj - minj; jj++) {
                int j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen) {
                // numpy clips slices at the array end; Java must do it explicitly
                Arrays.fill(a, maxj - minj, Math.min(a.length, maxj - minj + (lastlen - curlen)), 1.0);
            }
        }
        return a[maxj - minj - 1];
    }

    private static long ceilDiv(long num, long den) {
        return -Math.floorDiv(-num, den);
    }

    static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    static double[] sortedCopy(double[] values, String name) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("sample " + name + " must not be empty");
        }
        return sortInPlace(values.clone(), name);
    }

    private static double[] sortInPlace(double[] values, String name) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("sample " + name + " must not be empty");
        }
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("sample " + name + " contains NaN");
            }
        }
        Arrays.sort(values);
        return values;
    }
}
