package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.stat.descriptive.moment.Variance;
import org.junit.jupiter.api.Test;

class BanditStalenessTest {

    @Test
    void knownVariances() {
        // means 0.75, 0.25: population variance 0.0625 -> not stale
        assertThat(BanditStaleness.posteriorMeanVariance(new double[] {3, 1}, new double[] {1, 3}))
                .isCloseTo(0.0625, within(1e-15));
        assertThat(BanditStaleness.isStale(new double[] {3, 1}, new double[] {1, 3}))
                .isFalse();
        // means 0.41, 0.59: variance 0.0081 < 0.01 -> stale
        assertThat(BanditStaleness.posteriorMeanVariance(new double[] {41, 59}, new double[] {59, 41}))
                .isCloseTo(0.0081, within(1e-15));
        assertThat(BanditStaleness.isStale(new double[] {41, 59}, new double[] {59, 41}))
                .isTrue();
        // means 0.4, 0.6: variance 0.01, not strictly below
        assertThat(BanditStaleness.isStale(new double[] {4, 6}, new double[] {6, 4}, 0.0099))
                .isFalse();
        assertThat(BanditStaleness.isStale(new double[] {1, 1}, new double[] {1, 1}))
                .isTrue();
    }

    @Test
    void matchesCommonsPopulationVariance() {
        double[] a = {2.5, 10, 1, 7, 3.25};
        double[] b = {4, 2, 9, 7, 1.5};
        double[] means = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            means[i] = a[i] / (a[i] + b[i]);
        }
        assertThat(BanditStaleness.posteriorMeanVariance(a, b))
                .isCloseTo(new Variance(false).evaluate(means), within(1e-15));
    }

    @Test
    void singleArmIsNeverStaleAndBadInputIsRejected() {
        assertThat(BanditStaleness.isStale(new double[] {5}, new double[] {5})).isFalse();
        assertThatThrownBy(() -> BanditStaleness.posteriorMeanVariance(new double[] {1}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BanditStaleness.posteriorMeanVariance(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
