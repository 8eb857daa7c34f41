package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@link AndersonDarlingPermutation}: exact by enumeration, against 1e6 relabellings, calibrated under ties. */
class AndersonDarlingPermutationTest {

    /** All C(9, 3) = 84 splits of a tied pool, enumerated with {@link AndersonDarling#midrankStatistic}. */
    @Test
    void agreesWithTheExactDistributionOfATiedPool() {
        double[] x = {0, 0, 2};
        double[] y = {0, 1, 1, 1, 2, 3};
        double[] pooled = {0, 0, 0, 1, 1, 1, 2, 2, 3};
        double observed = AndersonDarling.midrankStatistic(x, y);
        int extreme = 0;
        int splits = 0;
        int n = pooled.length;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                for (int c = b + 1; c < n; c++) {
                    double[] sx = {pooled[a], pooled[b], pooled[c]};
                    double[] sy = new double[n - 3];
                    int k = 0;
                    for (int i = 0; i < n; i++) {
                        if (i != a && i != b && i != c) {
                            sy[k++] = pooled[i];
                        }
                    }
                    splits++;
                    if (AndersonDarling.midrankStatistic(sx, sy) >= observed * (1 - 1e-12)) {
                        extreme++;
                    }
                }
            }
        }
        double exact = (double) extreme / splits;
        assertThat(splits).isEqualTo(84);
        double p = AndersonDarlingPermutation.pValue(x, y, 1, 400_000, Integer.MAX_VALUE);
        assertThat(p).isCloseTo(exact, within(0.005));
        assertThat(exact).isBetween(0.05, 0.95);
    }

    /** Without ties the relabelling p-value is the one of reference/anderson_darling.py (1e6 relabellings). */
    @Test
    void agreesWithTheReferenceRelabellingsWithoutTies() {
        int checked = 0;
        for (JsonNode c : ReferenceValues.load("anderson_darling.json")) {
            if (!c.has("permutationP") || c.get("permutationP").asDouble() < 5e-4) {
                continue;
            }
            double[] x = sorted(c.get("samples").get(0));
            double[] y = sorted(c.get("samples").get(1));
            double reference = c.get("permutationP").asDouble();
            double p = AndersonDarlingPermutation.pValue(x, y, 7, 300_000, Integer.MAX_VALUE);
            assertThat(p / reference).as(c.get("name").asText()).isBetween(0.75, 1.33);
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }

    /**
     * Stable windows of intermittent demand (70% of days without an order, the rest exponential: 14 against 60
     * values): the table's p-value is at or below 0.01 about 3.7 times as often as it should be; the relabelling
     * p-value is not.
     */
    @Test
    void keepsItsLevelWhereMostValuesAreTied() {
        SplittableRandom random = new SplittableRandom(42);
        int pairs = 1_500;
        int tableBelow = 0;
        int relabelledBelow = 0;
        for (int r = 0; r < pairs; r++) {
            double[] x = intermittent(random, 14);
            double[] y = intermittent(random, 60);
            if (x[0] == x[x.length - 1] && y[0] == y[y.length - 1] && x[0] == y[0]) {
                continue;
            }
            assertThat(AndersonDarlingPermutation.tied(x, y)).isTrue();
            if (AndersonDarling.testSorted(x, y).pValue() <= 0.01) {
                tableBelow++;
            }
            if (AndersonDarlingPermutation.pValue(x, y, r, 999, 20) <= 0.01) {
                relabelledBelow++;
            }
        }
        assertThat(tableBelow).isGreaterThan((int) (0.024 * pairs));
        assertThat(relabelledBelow).isLessThanOrEqualTo((int) (0.016 * pairs));
    }

    @Test
    void findsAChangeInTiedDataAndStopsEarlyWhenThereIsNone() {
        SplittableRandom random = new SplittableRandom(3);
        double[] reference = intermittent(random, 60);
        double[] moreOrders = new double[14];
        for (int i = 0; i < moreOrders.length; i++) {
            moreOrders[i] = i < 2 ? -2.1 : -2.1 + 7 * (1 + i % 5);
        }
        Arrays.sort(moreOrders);
        assertThat(AndersonDarlingPermutation.pValue(moreOrders, reference, 5, 19_999, 20)).isLessThan(0.001);
        double[] same = intermittent(new SplittableRandom(3), 60);
        double p = AndersonDarlingPermutation.pValue(same, reference, 5, 19_999, 20);
        // identical samples: every split is at least as extreme, so relabelling stops at the 20th split
        assertThat(p).isEqualTo(1.0);
        assertThat(AndersonDarlingPermutation.pValue(moreOrders, reference, 5, 19_999, 20))
            .as("same seed, same p").isEqualTo(AndersonDarlingPermutation.pValue(moreOrders, reference, 5, 19_999, 20));
    }

    @Test
    void tiesAreFoundWithinAndAcrossSamples() {
        assertThat(AndersonDarlingPermutation.tied(new double[] {1, 2, 3}, new double[] {4, 5})).isFalse();
        assertThat(AndersonDarlingPermutation.tied(new double[] {1, 2, 2}, new double[] {4, 5})).isTrue();
        assertThat(AndersonDarlingPermutation.tied(new double[] {1, 2, 3}, new double[] {4, 4})).isTrue();
        assertThat(AndersonDarlingPermutation.tied(new double[] {1, 3, 5}, new double[] {2, 3})).isTrue();
    }

    @Test
    void refusesWhatItCannotTest() {
        assertThatThrownBy(() -> AndersonDarlingPermutation.pValue(new double[] {1}, new double[] {1, 1}, 0, 10, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two distinct values");
        assertThatThrownBy(() -> AndersonDarlingPermutation.pValue(new double[] {1}, new double[] {2}, 0, 0, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 1");
    }

    /** Residuals of a mean forecast (0.3 x 7) of orders on 30% of days, exponential with mean 7; sorted. */
    private static double[] intermittent(SplittableRandom random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (random.nextDouble() < 0.3 ? -7 * Math.log(1 - random.nextDouble()) : 0.0) - 2.1;
        }
        Arrays.sort(v);
        return v;
    }

    private static double[] sorted(JsonNode values) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).asDouble();
        }
        Arrays.sort(v);
        return v;
    }
}
