package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link AndersonDarling} against scipy's anderson_ksamp(midrank=True) and against permutation
 * p-values (reference/anderson_darling.py).
 */
class AndersonDarlingTest {

    @Test
    void matchesScipy() {
        JsonNode cases = ReferenceValues.load("anderson_darling.json");
        int inTable = 0;
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            AndersonDarling.Result r = AndersonDarling.test(samples(c));
            assertRel(name + " A2akN", r.a2kN(), c.get("a2kN").asDouble(), 1e-11);
            assertRel(name + " statistic", r.statistic(), c.get("statistic").asDouble(), 1e-11);
            // np.polyfit and the centred normal equations agree to rounding
            assertRel(name + " p", r.pValue(), c.get("p").asDouble(), 1e-9);
            assertRel(name + " scipy p", r.scipyPValue(), c.get("scipyP").asDouble(), 1e-9);
            if (r.inTable()) {
                assertThat(r.pValue()).isEqualTo(r.scipyPValue());
                inTable++;
            }
        }
        assertThat(inTable).isGreaterThanOrEqualTo(6);
    }

    /**
     * The extrapolated p-value beside a permutation p-value (1e6 relabellings): within a factor 1.6
     * down to ~1e-4, and never below it (conservative) further out, where the permutation p-value
     * rests on a handful of hits.
     */
    @Test
    void extrapolationAgreesWithPermutations() {
        int checked = 0;
        for (JsonNode c : ReferenceValues.load("anderson_darling.json")) {
            if (!c.has("permutationP")) {
                continue;
            }
            double perm = c.get("permutationP").asDouble();
            double p = AndersonDarling.test(samples(c)).pValue();
            if (perm >= 5e-5) {
                assertThat(p / perm).as(c.get("name").asText()).isBetween(1 / 1.6, 1.6);
            } else {
                assertThat(p).as(c.get("name").asText()).isGreaterThan(perm).isLessThan(10 * perm);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(4);
    }

    @Test
    void pValueIsMonotoneAndBounded() {
        double previous = 1.0;
        double[] y = new double[60];
        for (int i = 0; i < y.length; i++) {
            y[i] = i / 59.0;
        }
        for (double shift = -0.5; shift <= 3; shift += 0.05) {
            double[] x = new double[14];
            for (int i = 0; i < x.length; i++) {
                x[i] = shift + i / 13.0 * 0.2;
            }
            double p = AndersonDarling.test(x, y).pValue();
            if (shift >= 0.5) {
                assertThat(p).isLessThanOrEqualTo(previous).isGreaterThan(0);
                previous = p;
            }
            assertThat(p).isBetween(0.0, 1.0);
        }
        // complete separation of 14 and 60 values: statistic ~26.6, just before the quadratic's vertex
        double vertexP = 2.931943412565556e-07; // the two-sample quadratic's minimum (Python, np.polyfit)
        assertThat(previous).isGreaterThan(vertexP).isLessThan(1e-6);
        // 100 vs 100 separated: far beyond the vertex, held at its minimum
        double[] a = new double[100];
        double[] b = new double[100];
        for (int i = 0; i < 100; i++) {
            a[i] = i;
            b[i] = 1000 + i;
        }
        AndersonDarling.Result far = AndersonDarling.test(a, b);
        assertThat(far.statistic()).isGreaterThan(27.7);
        assertThat(far.pValue()).isCloseTo(vertexP, within(1e-9 * vertexP));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> AndersonDarling.test(new double[] {1, 1}, new double[] {1}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> AndersonDarling.test(new double[] {1, 2}, new double[0]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AndersonDarling.test(new double[][] {{1, 2}}))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AndersonDarling.test(new double[] {1, Double.NaN}, new double[] {3}))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static double[][] samples(JsonNode c) {
        JsonNode s = c.get("samples");
        double[][] out = new double[s.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ReferenceValues.doubles(s.get(i));
        }
        return out;
    }

    private static void assertRel(String what, double got, double want, double rel) {
        assertThat(got).as(what).isCloseTo(want, Offset.offset(rel * Math.abs(want) + 1e-14));
    }

    @Test
    void theSortedInputPathGivesTheSameResultTwiceOver() {
        Random rnd = new Random(3);
        for (int r = 0; r < 50; r++) {
            double[] x = new double[14];
            double[] y = new double[60];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.round(rnd.nextGaussian() * 4) / 4.0; // ties
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.round(rnd.nextGaussian() * 4) / 4.0;
            }
            AndersonDarling.Result plain = AndersonDarling.test(x, y);
            Arrays.sort(x);
            Arrays.sort(y);
            assertThat(AndersonDarling.testSorted(x, y)).isEqualTo(plain);
            assertThat(AndersonDarling.testSorted(x, y)).as("memoized variance").isEqualTo(plain);
        }
    }

    @Test
    void theTwoSampleStatisticIsTheKSampleOneBitForBit() {
        Random rnd = new Random(5);
        for (int r = 0; r < 500; r++) {
            double[] x = new double[1 + rnd.nextInt(30)];
            double[] y = new double[1 + rnd.nextInt(80)];
            for (double[] w : new double[][] {x, y}) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = r % 2 == 0 ? rnd.nextInt(6) : rnd.nextGaussian();
                }
                Arrays.sort(w);
            }
            if (x[0] == x[x.length - 1] && y[0] == y[y.length - 1] && x[0] == y[0]) {
                continue;
            }
            assertThat(AndersonDarling.midrankStatistic(x, y))
                .isEqualTo(AndersonDarling.midrankStatistic(new double[][] {x, y}, x.length + y.length));
        }
    }
}
