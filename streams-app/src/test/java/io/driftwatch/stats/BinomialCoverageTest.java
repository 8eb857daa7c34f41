package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** {@link BinomialCoverage} against scipy's binomtest (reference/binomial.py), n up to 5,000. */
class BinomialCoverageTest {

    @Test
    void matchesScipyBinomtest() {
        JsonNode cases = Reference.load("binomial.json");
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

    private static void assertClose(String what, double got, double want) {
        assertThat(got).as(what).isCloseTo(want, Offset.offset(1e-9 * Math.abs(want) + 1e-300));
    }
}
