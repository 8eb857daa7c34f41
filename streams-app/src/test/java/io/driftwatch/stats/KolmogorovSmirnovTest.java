package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference values from scipy 1.10.1 (Debian python3-scipy), script:
 * <pre>
 * M = 2**64
 * def lcg(seed, n):
 *     s = seed % M; out = []
 *     for _ in range(n):
 *         s = (s * 6364136223846793005 + 1442695040888963407) % M
 *         out.append((s >> 11) / 2.0**53)
 *     return out
 * def cont(seed, n, shift): return np.array([u + shift for u in lcg(seed, n)])
 * def ties(seed, n, shift): return np.array([np.floor(u * 50 + shift) / 10.0 for u in lcg(seed, n)])
 * r = stats.ks_2samp(f(s1, n1, 0.0), f(s2, n2, shift), method='exact')   # or method='asymp'
 * </pre>
 */
class KolmogorovSmirnovTest {

    private static double[] data(String kind, long seed, int n, double shift) {
        return kind.equals("ties") ? Lcg.ties(seed, n, shift) : Lcg.continuous(seed, n, shift);
    }

    @ParameterizedTest(name = "{0} {2} vs {4}")
    @CsvSource({
        // kind, seed1, n1, seed2, n2, shift, scipy D, scipy p (method='exact')
        "ties, 1, 14, 2, 60, 0.0, 0.26904761904761904, 0.3182900469496067",
        "cont, 3, 60, 4, 200, 0.1, 0.15333333333333332, 0.20679400559937614",
        "cont, 5, 3, 6, 5, 0.5, 0.6, 0.4642857142857143",
        "ties, 7, 1000, 8, 1500, 3.0, 0.08166666666666667, 0.0006398528992307828",
        "ties, 9, 400, 10, 400, 1.0, 0.0775, 0.18096072488295206",
        "cont, 11, 10000, 12, 10000, 0.01, 0.0164, 0.13577561139814695",
        "cont, 13, 10000, 14, 9999, 0.01, 0.01899254925492549, 0.05307284196829293",
        "cont, 13, 10000, 14, 9999, 0.05, 0.05659596959695969, 2.270389164340923e-14",
        "ties, 15, 10000, 16, 7000, 1.0, 0.037014285714285715, 2.44455855186312e-05",
        "cont, 17, 2000, 18, 3001, 0.0, 0.022829056981006332, 0.5489003520519264",
    })
    void exactMatchesScipy(String kind, long s1, int n1, long s2, int n2, double shift, double scipyD, double scipyP) {
        double[] x = data(kind, s1, n1, 0.0);
        double[] y = data(kind, s2, n2, shift);
        long start = System.nanoTime();
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(x, y);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.method()).isEqualTo(KolmogorovSmirnov.Method.EXACT);
        assertThat(r.statistic()).isCloseTo(scipyD, within(1e-15));
        assertThat(r.pValue()).isCloseTo(scipyP, within(1e-12 + 1e-9 * scipyP));
        assertThat(millis).as("exact p-value time").isLessThan(5_000);
        // symmetric in its arguments
        assertThat(KolmogorovSmirnov.test(y, x).pValue()).isCloseTo(r.pValue(), within(1e-12));
    }

    @ParameterizedTest(name = "{0} {2} vs {4}")
    @CsvSource({
        // kind, seed1, n1, seed2, n2, shift, scipy D, scipy p (method='asymp')
        "cont, 21, 20000, 22, 15000, 0.01, 0.018966666666666576, 0.004142733125891772",
        "cont, 23, 5, 24, 20000, 0.2, 0.21785, 0.9289571194940819",
        "ties, 25, 200, 26, 12000, 0.5, 0.06733333333333336, 0.319206632075103",
    })
    void asymptoticAboveExactMaxMatchesScipy(
            String kind, long s1, int n1, long s2, int n2, double shift, double scipyD, double scipyP) {
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(data(kind, s1, n1, 0.0), data(kind, s2, n2, shift));
        assertThat(r.method()).isEqualTo(KolmogorovSmirnov.Method.ASYMPTOTIC);
        assertThat(r.statistic()).isCloseTo(scipyD, within(1e-12));
        assertThat(r.pValue()).isCloseTo(scipyP, within(1e-9));
    }

    @Test
    void agreesWithCommonsMathNonStrictWhereItIsExact() {
        // commons-math3 3.6.1 kolmogorovSmirnovTest(x, y, false) is exact while n*m < 10,000 and the
        // data have no ties (with ties it jitters the values at random first), so continuous data here;
        // ties are covered by the scipy references above.
        org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest commons = // same simple name as this test
                new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest(); // same simple name
        int[][] sizes = {{14, 60}, {7, 9}, {30, 30}, {50, 199}, {2, 3}, {2, 40}};
        long seed = 100;
        for (int[] s : sizes) {
            double[] x = Lcg.continuous(seed++, s[0], 0.0);
            double[] y = Lcg.continuous(seed++, s[1], 0.2);
            KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(x, y);
            assertThat(r.statistic()).isCloseTo(commons.kolmogorovSmirnovStatistic(x, y), within(1e-12));
            assertThat(r.pValue())
                    .as("sizes %s x %s", s[0], s[1])
                    .isCloseTo(commons.kolmogorovSmirnovTest(x, y, false), within(1e-9));
        }
    }

    @Test
    void exactMaxSwitchesToAsymptotic() {
        double[] x = Lcg.continuous(3, 60, 0.0);
        double[] y = Lcg.continuous(4, 200, 0.1);
        KolmogorovSmirnov.Result exact = KolmogorovSmirnov.test(x, y, 200);
        KolmogorovSmirnov.Result asymp = KolmogorovSmirnov.test(x, y, 199);
        assertThat(exact.method()).isEqualTo(KolmogorovSmirnov.Method.EXACT);
        assertThat(asymp.method()).isEqualTo(KolmogorovSmirnov.Method.ASYMPTOTIC);
        assertThat(asymp.statistic()).isEqualTo(exact.statistic());
        // scipy ks_2samp(x, y, method='asymp') on the same data = kstwo.sf(d, 46) = 0.20712604523681566
        assertThat(asymp.pValue()).isCloseTo(0.20712604523681566, within(1e-9));
    }

    @Test
    void identicalSamplesGiveZeroStatisticAndPValueOne() {
        double[] x = {1, 1, 2, 2, 3};
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(x, new double[] {3, 2, 1, 2, 1});
        assertThat(r.statistic()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void completeSeparationSquare() {
        // D = 1, P(D >= 1) = 2 / C(8, 4) = 2/70 (hand count: only the two extreme paths);
        // scipy exact: 0.028571428571428577
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8});
        assertThat(r.statistic()).isEqualTo(1.0);
        assertThat(r.pValue()).isCloseTo(2.0 / 70, within(1e-15));
    }

    @Test
    void completeSeparationUnequal() {
        // D = 1 with n=2, m=3: 2 extreme paths out of C(5, 2) = 10
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(new double[] {1, 2}, new double[] {5, 6, 7});
        assertThat(r.pValue()).isCloseTo(0.2, within(1e-15));
    }

    @Test
    void rejectsEmptyAndNaN() {
        assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x must not be empty");
        assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {1}, new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("y must not be empty");
        assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    /**
     * The thresholded test's short cut rests on P(D >= h / lcm) being non-increasing in h for fixed
     * n, m as computed in floating point, not only mathematically: every lattice value of a few size
     * pairs (equal, unequal, coprime, with common factors, the monitor's 14 x 60). The only increases
     * are last-ulp wiggles within 1e-12 of 1 (equal sizes), which no alpha <= MEMO_MAX_ALPHA can
     * separate. Also symmetric in (n, m) bit for bit, which the memo key relies on.
     */
    @Test
    void exactPValueIsNonIncreasingOverTheWholeLattice() {
        int[][] sizes = {
            {1, 9},
            {2, 3},
            {5, 7},
            {3, 12},
            {8, 12},
            {10, 10},
            {14, 60},
            {20, 30},
            {40, 41},
            {60, 60},
            {50, 75},
            {60, 200},
            {97, 101},
            {150, 150},
            {200, 200}
        };
        for (int[] s : sizes) {
            int n = s[0];
            int m = s[1];
            long lcm = n / KolmogorovSmirnov.gcd(n, m) * m;
            double previous = KolmogorovSmirnov.exactPValue(n, m, 0);
            assertThat(previous).isEqualTo(1.0);
            for (long h = 1; h <= lcm; h++) {
                double p = KolmogorovSmirnov.exactPValue(n, m, h);
                if (p > previous) {
                    assertThat(previous)
                            .as("%d x %d, h %d: %s after %s", n, m, h, p, previous)
                            .isGreaterThan(1 - 1e-12)
                            .isGreaterThan(KolmogorovSmirnov.MEMO_MAX_ALPHA);
                    assertThat(p - previous).isLessThan(1e-15);
                }
                assertThat(KolmogorovSmirnov.exactPValue(m, n, h))
                        .as("symmetric")
                        .isEqualTo(p);
                previous = p;
            }
        }
    }

    /**
     * For random samples (sizes 5..200, equal and unequal, continuous and heavily tied, no shift to
     * large shifts) and several alpha and minStatistic, the thresholded test gives the verdict
     * {@code p < alpha && D >= minStatistic} of the full test, the same statistic, and when its
     * p-value is finite the full test's result exactly. Four threads share the memo, as stream
     * threads do. Size pairs repeat so that the memo does short-cut (counted).
     */
    @Test
    void thresholdedVerdictEqualsTheFullTestsVerdict() throws Exception {
        Random sizes = new Random(11);
        List<int[]> pairs = new ArrayList<>(List.of(
                new int[] {14, 60},
                new int[] {7, 28},
                new int[] {30, 30},
                new int[] {5, 5},
                new int[] {200, 199},
                new int[] {60, 14}));
        while (pairs.size() < 40) {
            int n = 5 + sizes.nextInt(196);
            pairs.add(new int[] {n, sizes.nextBoolean() ? n : 5 + sizes.nextInt(196)});
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<long[]>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = 1000 + t;
                runs.add(pool.submit(() -> compareVerdicts(new Random(seed), pairs, 600)));
            }
            long skipped = 0;
            long computed = 0;
            for (Future<long[]> f : runs) {
                long[] counts = f.get();
                skipped += counts[0];
                computed += counts[1];
            }
            assertThat(skipped).as("tests answered by the memo").isGreaterThan(100);
            assertThat(computed).as("tests with a computed p-value").isGreaterThan(100);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Returns {memo short cuts, finite p-values}. */
    private static long[] compareVerdicts(Random rnd, List<int[]> pairs, int trials) {
        double[] alphas = {0.05, 0.01, 0.2, 0.9};
        double[] minStatistics = {0.0, 0.1, 0.2, 0.3};
        double[] shifts = {0.0, 0.0, 0.05, 0.1, 0.3, 1.0};
        long skipped = 0;
        long computed = 0;
        for (int i = 0; i < trials; i++) {
            int[] nm = pairs.get(rnd.nextInt(pairs.size()));
            boolean ties = rnd.nextBoolean();
            double shift = shifts[rnd.nextInt(shifts.length)];
            double[] x = ties ? Lcg.ties(rnd.nextLong(), nm[0], 0.0) : Lcg.continuous(rnd.nextLong(), nm[0], 0.0);
            double[] y =
                    ties ? Lcg.ties(rnd.nextLong(), nm[1], shift * 5) : Lcg.continuous(rnd.nextLong(), nm[1], shift);
            double alpha = alphas[rnd.nextInt(alphas.length)];
            double minStatistic = minStatistics[rnd.nextInt(minStatistics.length)];
            double[] xCopy = x.clone();
            KolmogorovSmirnov.Result full = KolmogorovSmirnov.test(x, y, KolmogorovSmirnov.DEFAULT_EXACT_MAX);
            KolmogorovSmirnov.Result got = rnd.nextBoolean()
                    ? KolmogorovSmirnov.test(x, y, KolmogorovSmirnov.DEFAULT_EXACT_MAX, alpha, minStatistic)
                    : KolmogorovSmirnov.testInPlace(
                            x.clone(), y.clone(), KolmogorovSmirnov.DEFAULT_EXACT_MAX, alpha, minStatistic);
            String at = nm[0] + " x " + nm[1] + ", alpha " + alpha + ", min D " + minStatistic + ", " + full;
            assertThat(x).as("input untouched").isEqualTo(xCopy);
            assertThat(got.statistic()).as(at).isEqualTo(full.statistic());
            assertThat(got.pValue() < alpha && got.statistic() >= minStatistic)
                    .as("verdict, got %s, %s", got, at)
                    .isEqualTo(full.pValue() < alpha && full.statistic() >= minStatistic);
            if (Double.isNaN(got.pValue())) {
                if (got.statistic() >= minStatistic) {
                    skipped++;
                }
            } else {
                assertThat(got).as(at).isEqualTo(full);
                computed++;
            }
        }
        return new long[] {skipped, computed};
    }

    @Test
    void belowMinStatisticNothingIsComputed() {
        double[] x = Lcg.continuous(31, 14, 0.0);
        double[] y = Lcg.continuous(32, 60, 0.0);
        KolmogorovSmirnov.Result full = KolmogorovSmirnov.test(x, y);
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(x, y, 10_000, 0.05, full.statistic() + 1e-9);
        assertThat(r.statistic()).isEqualTo(full.statistic());
        assertThat(r.method()).isEqualTo(KolmogorovSmirnov.Method.EXACT);
        assertThat(r.pValue()).isNaN();
        assertThat(r.pValue() < 0.05).as("NaN is not significant").isFalse();
        // asymptotic sizes too, and exactly at the boundary the p-value is computed
        KolmogorovSmirnov.Result asymp = KolmogorovSmirnov.test(x, y, 10, 0.05, full.statistic() + 1e-9);
        assertThat(asymp.method()).isEqualTo(KolmogorovSmirnov.Method.ASYMPTOTIC);
        assertThat(asymp.pValue()).isNaN();
        assertThat(KolmogorovSmirnov.test(x, y, 10, 0.05, full.statistic()))
                .isEqualTo(KolmogorovSmirnov.test(x, y, 10));
        assertThat(KolmogorovSmirnov.test(x, y, 10_000, 0.05, full.statistic())).isEqualTo(full);
        // D = 0 with no minimum: p = 1 as always
        assertThat(KolmogorovSmirnov.test(new double[] {1, 2}, new double[] {2, 1}, 10_000, 0.05, 0.0))
                .isEqualTo(new KolmogorovSmirnov.Result(0.0, 1.0, KolmogorovSmirnov.Method.EXACT));
    }

    /**
     * After a non-significant D for some (n, m, alpha), a smaller D >= minStatistic for the same sizes
     * (in either order) is answered NaN without the exact computation; a significant one still gets
     * its exact p-value.
     */
    @Test
    void memoAnswersSmallerStatisticsOfKnownNonSignificantSizes() {
        double alpha = 0.0123; // a key of its own
        int n = 14;
        int m = 61;
        // same-distribution samples: collect two non-significant results with different D
        List<double[][]> samples = new ArrayList<>();
        List<KolmogorovSmirnov.Result> results = new ArrayList<>();
        for (long seed = 500; results.size() < 40; seed += 2) {
            double[][] xy = {Lcg.continuous(seed, n, 0.0), Lcg.continuous(seed + 1, m, 0.0)};
            KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(xy[0], xy[1]);
            if (r.pValue() >= alpha) {
                samples.add(xy);
                results.add(r);
            }
        }
        int largest = 0;
        int smaller = -1;
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).statistic() > results.get(largest).statistic()) {
                largest = i;
            }
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).statistic() < results.get(largest).statistic()
                    && (smaller < 0
                            || results.get(i).statistic() > results.get(smaller).statistic())) {
                smaller = i;
            }
        }
        double minStatistic = results.get(smaller).statistic();
        double[][] big = samples.get(largest);
        double[][] small = samples.get(smaller);
        assertThat(KolmogorovSmirnov.test(big[0], big[1], 10_000, alpha, minStatistic))
                .isEqualTo(results.get(largest));
        KolmogorovSmirnov.Result answered = KolmogorovSmirnov.test(small[1], small[0], 10_000, alpha, minStatistic);
        assertThat(answered.statistic()).isEqualTo(results.get(smaller).statistic());
        assertThat(answered.method()).isEqualTo(KolmogorovSmirnov.Method.EXACT);
        assertThat(answered.pValue()).isNaN();
        // a significant statistic for the same sizes is computed exactly
        double[] shifted = Lcg.continuous(77, m, 0.6);
        KolmogorovSmirnov.Result significant = KolmogorovSmirnov.test(big[0], shifted, 10_000, alpha, minStatistic);
        assertThat(significant).isEqualTo(KolmogorovSmirnov.test(big[0], shifted));
        assertThat(significant.pValue()).isLessThan(alpha);
    }

    @Test
    void testInPlaceSortsTheGivenArraysAndMatches() {
        double[] x = Lcg.ties(41, 30, 0.0);
        double[] y = Lcg.ties(42, 45, 1.0);
        KolmogorovSmirnov.Result want = KolmogorovSmirnov.test(x, y);
        double[] xs = x.clone();
        double[] ys = y.clone();
        assertThat(KolmogorovSmirnov.testInPlace(xs, ys, KolmogorovSmirnov.DEFAULT_EXACT_MAX))
                .isEqualTo(want);
        Arrays.sort(x);
        assertThat(xs).isEqualTo(x);
        assertThatThrownBy(() -> KolmogorovSmirnov.test(x, y, 100, Double.NaN, 0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KolmogorovSmirnov.testInPlace(new double[0], y, 100, 0.05, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x must not be empty");
    }
}
