package io.driftwatch.forecast.model;

import static io.driftwatch.forecast.model.SeriesFixtures.seasonal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bootstrap intervals: finite, ordered, reproducible, scaled by temperature, degenerate when they must be. */
class ResidualBootstrapTest {

    static final double[] Y = seasonal(120, 7, 0.2, 3, true, 7);

    static Forecaster forecaster(Algorithm a, String temperature) {
        return Forecasters.create(a.configName(), Map.of("temperature", temperature, "num_samples", "300"));
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void intervalsAreFiniteAndOrdered(Algorithm a) {
        Forecast fc = forecaster(a, "1.0").predict(Y, 30, 1L);
        assertThat(fc.horizon()).isEqualTo(30);
        for (int k = 0; k < 30; k++) {
            assertThat(fc.lower()[k]).isFinite().isLessThan(fc.yhat()[k]);
            assertThat(fc.upper()[k]).isFinite().isGreaterThan(fc.yhat()[k]);
        }
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void sameSeedSameOutputOtherSeedOtherOutput(Algorithm a) {
        Forecaster f = forecaster(a, "1.0");
        assertThat(f.predict(Y, 14, 99L)).isEqualTo(f.predict(Y, 14, 99L));
        assertThat(f.predict(Y, 14, 99L)).isNotEqualTo(f.predict(Y, 14, 100L));
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void widthGrowsWithTemperature(Algorithm a) {
        double[] previous = new double[14];
        for (String t : new String[] {"0.5", "1.0", "2.0"}) {
            Forecast fc = forecaster(a, t).predict(Y, 14, 5L);
            for (int k = 0; k < 14; k++) {
                double width = fc.upper()[k] - fc.lower()[k];
                assertThat(width).as("T=%s step %d", t, k + 1).isGreaterThan(previous[k]);
                previous[k] = width;
            }
        }
    }

    @Test
    void additiveModelWidthScalesExactlyWithTemperature() {
        // paths are linear in the innovations, and the same seed draws the same residuals
        Forecast one = forecaster(Algorithm.HOLT_WINTERS_ADD, "1.0").predict(Y, 14, 3L);
        Forecast two = forecaster(Algorithm.HOLT_WINTERS_ADD, "2.0").predict(Y, 14, 3L);
        for (int k = 0; k < 14; k++) {
            assertThat(two.upper()[k] - two.yhat()[k]).isCloseTo(2 * (one.upper()[k] - one.yhat()[k]), within(1e-9));
        }
    }

    @Test
    void randomWalkIntervalsWidenWithTheHorizon() {
        Forecast fc = forecaster(Algorithm.NAIVE, "1.0").predict(seasonal(300, 1, 0, 5, false, 1), 10, 1L);
        assertThat(fc.upper()[9] - fc.lower()[9]).isGreaterThan(2 * (fc.upper()[0] - fc.lower()[0]));
    }

    @Test
    void zeroTemperatureOrNoResidualsGiveADegenerateInterval() {
        Forecast cold = forecaster(Algorithm.SES, "0").predict(Y, 5, 1L);
        assertThat(cold.lower()).containsExactly(cold.yhat());
        assertThat(cold.upper()).containsExactly(cold.yhat());
        Forecast single = forecaster(Algorithm.NAIVE, "1.0").predict(new double[] {4}, 3, 1L);
        assertThat(single.lower()).containsExactly(4, 4, 4);
        assertThat(single.upper()).containsExactly(4, 4, 4);
    }

    @Test
    void nonFiniteResidualsAreIgnored() {
        FittedModel weird = new FixedModel(new double[] {Double.NaN, Double.POSITIVE_INFINITY});
        Forecast fc = ResidualBootstrap.forecast(weird, 3, 100, 1, 0.95, 1L);
        assertThat(fc.lower()).containsExactly(fc.yhat());
        assertThat(fc.upper()).containsExactly(fc.yhat());
    }

    @Test
    void biasedResidualsAreClampedSoLowerNeverExceedsYhat() {
        // naive on a straight line: every residual is +1, so every path lies above yhat
        Forecast fc = forecaster(Algorithm.NAIVE, "1.0").predict(new double[] {1, 2, 3, 4, 5}, 3, 1L);
        assertThat(fc.yhat()).containsExactly(5, 5, 5);
        assertThat(fc.lower()).containsExactly(5, 5, 5);
        assertThat(fc.upper()).containsExactly(6, 7, 8);
    }

    @Test
    void quantileInterpolatesLikeNumpy() {
        double[] sorted = {1, 2, 3, 4};
        // numpy.quantile([1,2,3,4], [0.025, 0.5, 0.975]) -> [1.075, 2.5, 3.925]
        assertThat(ResidualBootstrap.quantile(sorted, 0.025)).isCloseTo(1.075, within(1e-12));
        assertThat(ResidualBootstrap.quantile(sorted, 0.5)).isCloseTo(2.5, within(1e-12));
        assertThat(ResidualBootstrap.quantile(sorted, 0.975)).isCloseTo(3.925, within(1e-12));
    }

    @Test
    void argumentsAreChecked() {
        FittedModel m = forecaster(Algorithm.NAIVE, "1").fit(Y);
        assertThatThrownBy(() -> ResidualBootstrap.forecast(m, 0, 10, 1, 0.95, 1))
                .hasMessage("horizon must be >= 1, got 0");
        assertThatThrownBy(() -> ResidualBootstrap.forecast(m, 1, 10, 1, 1.0, 1))
                .hasMessage("level must be in (0, 1), got 1.0");
    }

    /** A constant model with chosen residuals, to reach the bootstrap's corner cases. */
    private record FixedModel(double[] res) implements FittedModel {
        @Override
        public double[] forecast(int horizon) {
            return new double[horizon];
        }

        @Override
        public double[] residuals() {
            return res.clone();
        }

        @Override
        public double[] simulate(double[] innovations) {
            return innovations.clone();
        }

        @Override
        public Map<String, Double> parameters() {
            return Map.of();
        }
    }
}
