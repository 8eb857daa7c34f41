package io.driftwatch.forecast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Naive, seasonal naive and drift against values worked out by hand. */
class NaiveAndDriftTest {

    static final double[] Y = {1, 3, 2, 6, 5, 7};

    @Test
    void naiveRepeatsTheLastValue() {
        FittedModel m = Forecasters.create("naive", Map.of()).fit(Y);
        assertThat(m.forecast(3)).containsExactly(7, 7, 7);
        assertThat(m.residuals()).containsExactly(2, -1, 4, -1, 2);
        assertThat(m.simulate(new double[] {1, -2, 0.5})).containsExactly(8, 6, 6.5);
    }

    @Test
    void seasonalNaiveRepeatsTheLastSeason() {
        FittedModel m = Forecasters.create("seasonal_naive", Map.of("season_length", "3")).fit(Y);
        // last season = 6, 5, 7
        assertThat(m.forecast(7)).containsExactly(6, 5, 7, 6, 5, 7, 6);
        // y_t - y_{t-3} for t = 3..5
        assertThat(m.residuals()).containsExactly(5, 2, 5);
        // path k = (value 3 steps back) + innovation: 6+1, 5+0, 7+0, then 7+1
        assertThat(m.simulate(new double[] {1, 0, 0, 1})).containsExactly(7, 5, 7, 8);
    }

    @Test
    void driftExtendsTheLineFromFirstToLast() {
        FittedModel m = Forecasters.create("drift", Map.of()).fit(Y);
        // slope = (7 - 1) / 5 = 1.2
        assertThat(m.forecast(3)).containsExactly(new double[] {8.2, 9.4, 10.6}, within(1e-12));
        assertThat(m.residuals()).containsExactly(new double[] {0.8, -2.2, 2.8, -2.2, 0.8}, within(1e-12));
        assertThat(m.parameters()).containsEntry("slope", 1.2);
    }

    @Test
    void driftOnOnePointIsNaive() {
        FittedModel m = Forecasters.create("drift", Map.of()).fit(new double[] {4});
        assertThat(m.forecast(2)).containsExactly(4, 4);
        assertThat(m.residuals()).isEmpty();
    }

    @Test
    void contextLengthUsesOnlyTheLastPoints() {
        FittedModel m = Forecasters.create("drift", Map.of("context_length", "3")).fit(Y);
        // window 6, 5, 7: slope 0.5
        assertThat(m.forecast(2)).containsExactly(7.5, 8.0);
        assertThat(m.residuals()).containsExactly(-1.5, 1.5);
    }

    @Test
    void tooShortOrNonFiniteHistoryIsRejectedClearly() {
        assertThatThrownBy(() -> Forecasters.create("seasonal_naive", Map.of()).fit(Y))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seasonal_naive needs at least 7 points (one season), got 6");
        assertThatThrownBy(() -> Forecasters.create("naive", Map.of()).fit(new double[] {1, Double.NaN}))
                .hasMessage("naive: history must be finite, got NaN at window index 1");
        assertThatThrownBy(() -> Forecasters.create("naive", Map.of()).fit(new double[0]))
                .hasMessage("naive: history is empty");
    }

    @Test
    void fitDoesNotModifyTheHistory() {
        double[] y = Y.clone();
        Forecasters.create("holt_winters_add", Map.of("season_length", "2")).fit(y);
        assertThat(y).containsExactly(Y);
    }
}
