package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** {@link BinomialCoverage} against scipy's binomtest (reference/binomial.py), n up to 5,000. */
class BinomialCoverageTest {

    @Test
    void matchesScipyBinomtest() {
        JsonNode cases = ReferenceValues.load("binomial.json");
        assertThat(cases.size()).isGreaterThan(700);
        for (JsonNode c : cases) {
            int k = c.get("k").asInt();
            int n = c.get("n").asInt();
            double p = c.get("p").asDouble();
            String at = "k=" + k + " n=" + n + " p=" + p;
            assertClose(at + " two-sided", BinomialCoverage.twoSidedPValue(k, n, p), c.get("twoSided").asDouble());
            assertClose(at + " less", BinomialCoverage.belowPValue(k, n, p), c.get("less").asDouble());
            assertClose(at + " greater", BinomialCoverage.abovePValue(k, n, p), c.get("greater").asDouble());
        }
    }

    @Test
    void coverageResult() {
        // 80 of 100 inside 90% intervals: P(X <= 80) for Binomial(100, 0.9) = 0.001978... (scipy)
        BinomialCoverage.Result r = BinomialCoverage.test(80, 100, 0.9);
        assertThat(r.coverage()).isEqualTo(0.8);
        assertThat(r.pBelow()).isCloseTo(BinomialCoverage.belowPValue(80, 100, 0.9), within(0.0));
        assertThat(r.pTwoSided()).isGreaterThan(r.pBelow()).isLessThan(2 * r.pBelow());
        // symmetric case: equal-probability outcomes on both sides, counted through the tolerance
        assertThat(BinomialCoverage.twoSidedPValue(3, 10, 0.5)).isCloseTo(2 * 176 / 1024.0, within(1e-15));
        assertThat(BinomialCoverage.twoSidedPValue(5, 10, 0.5)).isEqualTo(1.0);
        assertThatThrownBy(() -> BinomialCoverage.test(11, 10, 0.9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinomialCoverage.test(1, 10, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A sum leaves out the terms below 1e-21 of its largest: on the monitor's windows (14,000 intervals at 1,000
     * series, 90% nominal) it equals the sum of every term, smallest first, to 1e-14.
     */
    @Test
    void aSumOfTheTermsNearTheModeEqualsTheSumOfAll() {
        int n = 14_000;
        double p = 0.9;
        BinomialDistribution dist = new BinomialDistribution(null, n, p);
        for (int k : new int[] {12_400, 12_550, 12_600, 12_650, 12_800, 13_990}) {
            double all = 0;
            for (int x = 0; x <= k; x++) {
                all += dist.probability(x);
            }
            assertThat(BinomialCoverage.belowPValue(k, n, p)).as("k=" + k)
                .isCloseTo(Math.min(1.0, all), Offset.offset(1e-14 * all + 1e-300));
        }
    }

    private static void assertClose(String what, double got, double want) {
        assertThat(got).as(what).isCloseTo(want, Offset.offset(1e-9 * Math.abs(want) + 1e-300));
    }
}
