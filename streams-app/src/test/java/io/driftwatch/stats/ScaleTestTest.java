package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/** {@link ScaleTest}: exact moments by enumeration, its level and power, relabelling under ties. */
class ScaleTestTest {

    @Test
    void scoresAreHalfNormalQuantiles() {
        assertThat(ScaleTest.scores(1)[0]).isCloseTo(0.6744897501960817, within(1e-12)); // Phi^-1(3/4)
        double[] a = ScaleTest.scores(74);
        assertThat(a).hasSize(74);
        assertThat(a[0]).isCloseTo(0.0168, within(1e-4)); // Phi^-1(1/2 + 1/150)
        for (int i = 1; i < a.length; i++) {
            assertThat(a[i]).isGreaterThan(a[i - 1]);
        }
        ScaleTest.scores(60);
        assertThat(ScaleTest.scores(74)).as("kept per size, not only the last one").isSameAs(a);
    }

    /**
     * The merge walk of {@link ScaleTest#test} ({@link ScaleTest.Sum}) against ranks counted one by one and against
     * {@link ScaleTest.Pool}'s passes over the midscores: the same double for the first sample's score sum, with or
     * without ties, and the same z to 1e-12 from the moments it derives (a tie group's loss off the sum of squares).
     */
    @Test
    void mergeWalkSumsEqualRanksCountedOneByOneAndMidscorePasses() {
        SplittableRandom random = new SplittableRandom(5);
        int tiedPairs = 0;
        for (int r = 0; r < 4_000; r++) {
            int n1 = 1 + random.nextInt(20);
            int n2 = 1 + random.nextInt(70);
            double[] a = new double[n1];
            double[] b = new double[n2];
            // untied, few ties (values on a grid of 1,000: mostly one or two), many ties (a grid of 30)
            int grid = r % 3 == 0 ? 0 : r % 3 == 1 ? 1_000 : 30;
            for (int i = 0; i < n1; i++) {
                a[i] = grid == 0 ? random.nextDouble() : random.nextInt(grid);
            }
            for (int i = 0; i < n2; i++) {
                b[i] = grid == 0 ? random.nextDouble() : random.nextInt(grid);
            }
            Arrays.sort(a);
            Arrays.sort(b);
            double[] scores = ScaleTest.scores(n1 + n2);
            double[] pooled = DoubleStream.concat(Arrays.stream(a), Arrays.stream(b)).sorted().toArray();
            double expected = 0;
            for (double v : a) {
                int below = 0;
                int equal = 0;
                for (double w : pooled) {
                    below += w < v ? 1 : 0;
                    equal += w == v ? 1 : 0;
                }
                double mid = 0;
                for (int q = below; q < below + equal; q++) {
                    mid += scores[q];
                }
                expected += mid / equal;
            }
            long distinct = Arrays.stream(pooled).distinct().count();
            ScaleTest.Sum sum = new ScaleTest.Sum(a, b, scores);
            ScaleTest.Pool pool = new ScaleTest.Pool(a, b);
            assertThat(sum.observed).as("pair %d", r).isCloseTo(expected, within(1e-9));
            assertThat(sum.observed).as("pair %d: the midscore pass' double", r).isEqualTo(pool.observed);
            assertThat(sum.groups).as("pair %d", r).isEqualTo((int) distinct);
            if (distinct == pooled.length) {
                assertThat(sum.tieLoss).as("pair %d", r).isZero();
            } else {
                tiedPairs++;
            }
            ScaleTest.Result result = ScaleTest.test(a, b);
            if (pool.variance == 0) {
                assertThat(result).as("pair %d", r).isNull();
            } else {
                double z = (pool.observed - pool.mean) / Math.sqrt(pool.variance);
                assertThat(result.z()).as("pair %d", r).isCloseTo(z, within(1e-12 * Math.max(1, Math.abs(z))));
            }
        }
        assertThat(tiedPairs).isGreaterThan(2_000);
    }

    /**
     * Every C(9, 3) = 84 split of a pool with ties: the statistic's exact mean and variance over the splits are the
     * ones the test standardizes with, and the relabelling p-value is the share of splits at least as extreme.
     */
    @Test
    void momentsAndRelabellingAreExactOverAllSplits() {
        double[] a = {0.5, 2.0, 3.0};
        double[] b = {0.0, 0.5, 0.5, 1.0, 1.0, 1.5};
        double[] pooled = {0.0, 0.5, 0.5, 0.5, 1.0, 1.0, 1.5, 2.0, 3.0};
        double[] t = new double[84];
        int k = 0;
        for (int x = 0; x < 9; x++) {
            for (int y = x + 1; y < 9; y++) {
                for (int z = y + 1; z < 9; z++) {
                    double[] sa = {pooled[x], pooled[y], pooled[z]};
                    double[] sb = new double[6];
                    int m = 0;
                    for (int i = 0; i < 9; i++) {
                        if (i != x && i != y && i != z) {
                            sb[m++] = pooled[i];
                        }
                    }
                    t[k++] = ScaleTest.test(sa, sb).z();
                }
            }
        }
        double mean = Arrays.stream(t).average().orElseThrow();
        double variance = Arrays.stream(t).map(v -> (v - mean) * (v - mean)).sum() / t.length;
        assertThat(mean).as("E[z] over all splits").isCloseTo(0.0, within(1e-12));
        assertThat(variance).as("Var[z] over all splits").isCloseTo(1.0, within(1e-12));
        double observed = ScaleTest.test(a, b).z();
        assertThat(observed).as("the first sample is the more spread").isGreaterThan(1.0);
        long extreme = Arrays.stream(t).filter(v -> Math.abs(v) >= Math.abs(observed) * (1 - 1e-12)).count();
        double relabelled = ScaleTest.relabelledPValue(a, b, 1, 400_000, Integer.MAX_VALUE);
        assertThat(relabelled).isCloseTo(extreme / 84.0, within(0.004));
    }

    /**
     * 20,000 pairs of 14 against 60 values: at its level under H0 (Gaussian and Student-t(3)), and with a doubled
     * standard deviation it rejects at 0.005 more often than Anderson-Darling on the same deviations.
     */
    @Test
    void holdsItsLevelAndBeatsAndersonDarlingOnADoubledNoise() {
        for (boolean heavy : new boolean[] {false, true}) {
            SplittableRandom random = new SplittableRandom(heavy ? 2 : 1);
            int pairs = 20_000;
            int falseRejections = 0;
            int scaleRejections = 0;
            int adRejections = 0;
            for (int r = 0; r < pairs; r++) {
                double[] reference = draw(random, 60, 1.0, heavy);
                double[] same = draw(random, 14, 1.0, heavy);
                double[] doubled = draw(random, 14, 2.0, heavy);
                falseRejections += ScaleTest.test(deviations(same, reference)[0],
                    deviations(same, reference)[1]).pValue() <= 0.005 ? 1 : 0;
                double[][] d = deviations(doubled, reference);
                scaleRejections += ScaleTest.test(d[0], d[1]).pValue() <= 0.005 ? 1 : 0;
                adRejections += AndersonDarling.testSorted(d[0], d[1]).pValue() <= 0.005 ? 1 : 0;
            }
            assertThat(falseRejections / (double) pairs).as("level at 0.005").isBetween(0.003, 0.007);
            assertThat(scaleRejections).as("power against a doubled sd").isGreaterThan((int) (1.1 * adRejections));
            assertThat(scaleRejections / (double) pairs).isGreaterThan(heavy ? 0.3 : 0.5);
        }
    }

    /** 70% of the values tied: the relabelling p-value keeps its level. */
    @Test
    void relabellingKeepsItsLevelWhereMostDeviationsAreTied() {
        SplittableRandom random = new SplittableRandom(4);
        int pairs = 4_000;
        int below = 0;
        for (int r = 0; r < pairs; r++) {
            double[] x = intermittent(random, 14);
            double[] y = intermittent(random, 60);
            double[][] d = deviations(x, y);
            below += ScaleTest.relabelledPValue(d[0], d[1], r, 999, 20) <= 0.05 ? 1 : 0;
        }
        assertThat(below / (double) pairs).isBetween(0.035, 0.06);
    }

    @Test
    void noSpreadIsNothingToTestAndDeflatingShrinksZ() {
        assertThat(ScaleTest.test(new double[] {1, 1}, new double[] {1, 1, 1})).isNull();
        assertThat(ScaleTest.relabelledPValue(new double[] {1, 1}, new double[] {1, 1, 1}, 0, 10, 1)).isEqualTo(1.0);
        ScaleTest.Result r = new ScaleTest.Result(3.0, 0.0027);
        assertThat(ScaleTest.deflate(r, 4.0).z()).isEqualTo(1.5);
        assertThat(ScaleTest.deflate(r, 4.0).pValue()).isCloseTo(0.1336, within(1e-4));
        assertThat(ScaleTest.deflate(r, 1.0)).isSameAs(r);
    }

    @Test
    void surelyAboveNeverSaysSoOfAPValueAtOrBelowTheLevel() {
        SplittableRandom random = new SplittableRandom(5);
        for (double level : new double[] {0.05, 0.025, 0.0025, 1e-6, 1e-9}) {
            double critical = Math.sqrt(2) * Erf.erfcInv(level);
            int skipped = 0;
            for (int i = 0; i < 20_000; i++) {
                // around the critical z, and some exactly at it or a rounding step either side
                double z = i < 3 ? critical + (i - 1) * Math.ulp(critical) : critical * (0.5 + random.nextDouble());
                z = random.nextBoolean() ? z : -z;
                if (ScaleTest.surelyAbove(z, level)) {
                    skipped++;
                    assertThat(ScaleTest.pValue(z)).as("z %s at level %s", z, level).isGreaterThan(level);
                }
            }
            assertThat(skipped).as("it does skip the p-values far from the level").isGreaterThan(5_000);
        }
        assertThat(ScaleTest.surelyAbove(0.0, 1.0)).isFalse();
        assertThat(ScaleTest.surelyAbove(0.0, Double.NaN)).isFalse();
        assertThat(ScaleTest.surelyAbove(0.0, 1e-10)).as("below 1e-9 the critical z is not trusted").isFalse();
    }

    @Test
    void theZAloneIsTheZOfTheTest() {
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 200; i++) {
            double[][] d = deviations(intermittent(random, 14), intermittent(random, 60));
            ScaleTest.Result r = ScaleTest.test(d[0], d[1]);
            double z = ScaleTest.z(d[0], d[1]);
            if (r == null) {
                assertThat(z).isNaN();
            } else {
                assertThat(z).isEqualTo(r.z());
                assertThat(ScaleTest.pValue(z)).isEqualTo(r.pValue());
                assertThat(ScaleTest.deflate(z, 3.0)).isEqualTo(ScaleTest.deflate(r, 3.0).z());
            }
        }
    }

    /** Both samples' absolute deviations from their pooled median, sorted. */
    private static double[][] deviations(double[] x, double[] y) {
        double[] pooled = new double[x.length + y.length];
        System.arraycopy(x, 0, pooled, 0, x.length);
        System.arraycopy(y, 0, pooled, x.length, y.length);
        Arrays.sort(pooled);
        int n = pooled.length;
        double median = n % 2 == 1 ? pooled[n / 2] : (pooled[n / 2 - 1] + pooled[n / 2]) / 2;
        double[] a = Arrays.stream(x).map(v -> Math.abs(v - median)).sorted().toArray();
        double[] b = Arrays.stream(y).map(v -> Math.abs(v - median)).sorted().toArray();
        return new double[][] {a, b};
    }

    private static double[] draw(SplittableRandom random, int n, double sd, boolean heavy) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double e = random.nextGaussian();
            if (heavy) {
                double chi2 = 0;
                for (int k = 0; k < 3; k++) {
                    double g = random.nextGaussian();
                    chi2 += g * g;
                }
                e = e / Math.sqrt(chi2 / 3) / Math.sqrt(3);
            }
            v[i] = sd * e;
        }
        return v;
    }

    private static double[] intermittent(SplittableRandom random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (random.nextDouble() < 0.3 ? -7 * Math.log(1 - random.nextDouble()) : 0.0) - 2.1;
        }
        return v;
    }
}
