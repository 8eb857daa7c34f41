package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.driftwatch.stats.AndersonDarling;
import io.driftwatch.stats.ScaleTest;

/** The pure parts of the drift test: the dependence of h-step residuals and the spread test. */
class SeriesDriftTest {

    /** Median of the estimated inflation over seeded series of length n. */
    private static double medianDependence(boolean overlapping, int h, int n) {
        Random rnd = new Random(42);
        double[] f = new double[501];
        for (int r = 0; r < f.length; r++) {
            double[] eps = new double[n + h];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = rnd.nextGaussian();
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                if (overlapping) {
                    for (int k = 0; k < h; k++) {
                        v[i] += eps[i + k]; // h-step error of a random walk: the sum of h daily shocks
                    }
                } else {
                    v[i] = eps[i];
                }
            }
            f[r] = SeriesDrift.dependence(v, h);
        }
        Arrays.sort(f);
        return f[f.length / 2];
    }

    @Test
    void overlappingSevenStepErrorsCountAsAboutASeventhOfTheirNumber() {
        assertThat(medianDependence(true, 7, 60)).isGreaterThan(6.0).isLessThanOrEqualTo(7.0);
        assertThat(medianDependence(false, 7, 60))
                .as("independent residuals keep most of their weight")
                .isLessThan(1.6);
        assertThat(SeriesDrift.dependence(new double[10], 7)).as("too short to tell: full overlap").isEqualTo(7.0);
    }

    @Test
    void theDefaultCountsHStepErrorsAsFullyOverlappingAndEstimatesOnlyWhenAsked() {
        double[] independent = new Random(3).doubles(60).toArray();
        assertThat(SeriesDrift.dependenceFactor(1, false, () -> independent)).isEqualTo(1.0);
        assertThat(SeriesDrift.dependenceFactor(1, true, () -> independent)).isEqualTo(1.0);
        assertThat(SeriesDrift.dependenceFactor(7, false, () -> {
            throw new AssertionError("the window is not read for the full overlap");
        })).isEqualTo(7.0);
        assertThat(SeriesDrift.dependenceFactor(7, true, () -> independent)).isLessThan(3.0);
    }

    @Test
    void theDependenceIsEstimatedByDefaultAndCountedAsTheHorizonWhereAModelAsks() {
        MonitorConfig config = new MonitorConfig(Map.of());
        assertThat(Thresholds.resolve(config, Map.of(), Map.of()).dependenceEstimated()).isTrue();
        assertThat(Thresholds.resolve(config, Map.of(), Map.of(MonitorConfig.DRIFT_DEPENDENCE, "horizon"))
            .dependenceEstimated()).as("a model's override").isFalse();
        assertThat(Thresholds.resolve(config, Map.of(MonitorConfig.DRIFT_DEPENDENCE, "horizon"),
            Map.of(MonitorConfig.DRIFT_DEPENDENCE, "estimate")).dependenceEstimated())
            .as("the model's override wins over its tenant's").isTrue();
        assertThat(Thresholds.resolve(config, Map.of(), Map.of(MonitorConfig.DRIFT_DEPENDENCE, "overlap"))
            .dependenceEstimated()).as("an unknown value is ignored").isTrue();
    }

    @Test
    void theSpreadTestSeesADoubledNoiseThatTheValuesTestMisses() {
        Random rnd = new Random(9);
        int spreadWins = 0;
        for (int r = 0; r < 200; r++) {
            double[] reference = new double[60];
            double[] recent = new double[14];
            for (int i = 0; i < reference.length; i++) {
                reference[i] = rnd.nextGaussian();
            }
            for (int i = 0; i < recent.length; i++) {
                recent[i] = 2 * rnd.nextGaussian();
            }
            double values = AndersonDarling.test(recent, reference).pValue();
            double spread = SeriesDrift.spreadTest(recent, reference, 1.0).pValue();
            spreadWins += spread < values ? 1 : 0;
        }
        assertThat(spreadWins)
                .as("of 200 doubled-noise windows, the spread test has the smaller p-value")
                .isGreaterThan(140);
        double[] same = {1, 1, 1};
        assertThat(SeriesDrift.spreadTest(same, same, 1.0)).as("no spread at all").isNull();
    }

    @Test
    void theLinearSpreadTestEqualsTheSortingOneBitForBit() {
        Random rnd = new Random(17);
        for (int r = 0; r < 500; r++) {
            double[] recent = new double[1 + rnd.nextInt(20)];
            double[] reference = new double[1 + rnd.nextInt(70)];
            for (double[] w : new double[][] {recent, reference}) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = r % 3 == 0 ? rnd.nextInt(5) : rnd.nextGaussian() * (1 + r % 4); // ties in every third
                }
            }
            ScaleTest.Result expected = bySorting(recent, reference);
            ScaleTest.Result actual = SeriesDrift.spreadTest(recent, reference, 1.0);
            if (expected == null) {
                assertThat(actual).isNull();
            } else {
                assertThat(actual.pValue()).isEqualTo(expected.pValue());
                assertThat(actual.z()).isEqualTo(expected.z());
            }
        }
    }

    /** The definition: sort the pooled values for the median, sort each window's absolute deviations. */
    private static ScaleTest.Result bySorting(double[] recent, double[] reference) {
        double[] pooled = new double[recent.length + reference.length];
        System.arraycopy(recent, 0, pooled, 0, recent.length);
        System.arraycopy(reference, 0, pooled, recent.length, reference.length);
        Arrays.sort(pooled);
        int n = pooled.length;
        double median = n % 2 == 1 ? pooled[n / 2] : (pooled[n / 2 - 1] + pooled[n / 2]) / 2;
        double[] a = new double[recent.length];
        double[] b = new double[reference.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(recent[i] - median);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.abs(reference[i] - median);
        }
        Arrays.sort(a);
        Arrays.sort(b);
        if (a[0] == a[a.length - 1] && b[0] == b[b.length - 1] && a[0] == b[0]) {
            return null;
        }
        return ScaleTest.test(a, b);
    }
}
