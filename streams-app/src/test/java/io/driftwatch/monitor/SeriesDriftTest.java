package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.driftwatch.stats.AndersonDarling;

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
}
