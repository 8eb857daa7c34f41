package io.driftwatch.forecast.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.forecast.backtest.Backtest.Placement;
import io.driftwatch.forecast.model.Forecaster;
import io.driftwatch.forecast.model.Forecasters;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rolling-origin backtest metrics against hand-computed values. */
class BacktestTest {

    static double[] line(int n) {
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 2.0 * t + 2;
        }
        return y;
    }

    @Test
    void naiveOnALineHasAConstantErrorOfSlopeTimesHorizon() {
        double[] y = line(50); // y_t = 2t + 2
        BacktestResult r = Backtest.run(Forecasters.create("naive", Map.of()), y, 5, 30, 1L);
        // origins t = 20..44 (in the last 30 points, target t + 5 <= 49): e = 2 * 5 = 10 each
        assertThat(r.n()).isEqualTo(25);
        assertThat(r.rmse()).isCloseTo(10, within(1e-12));
        assertThat(r.mae()).isCloseTo(10, within(1e-12));
        assertThat(r.bias()).isCloseTo(10, within(1e-12));
        assertThat(r.errorStd()).isCloseTo(0, within(1e-12));
        double mape = 0;
        for (int t = 20; t <= 44; t++) {
            mape += 10 / y[t + 5];
        }
        assertThat(r.mape()).isCloseTo(mape / 25, within(1e-12));
        // every residual is +2, so the interval is [yhat, yhat + 2h] and the actual sits on its upper edge
        assertThat(r.coverage()).isEqualTo(1.0);
        assertThat(r.inferenceTimeMs()).isPositive();
    }

    @Test
    void driftWithContextTwoMatchesAHandLoop() {
        double[] y = noisy(80, 3);
        int h = 3;
        BacktestResult r = Backtest.run(Forecasters.create("drift", Map.of("context_length", "2")), y, h, 20, 9L);
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (int t = 60; t + h < 80; t++) {
            double e = y[t + h] - (y[t] + h * (y[t] - y[t - 1]));
            sum += e;
            sumSq += e * e;
            n++;
        }
        assertThat(r.n()).isEqualTo(n).isEqualTo(17);
        assertThat(r.bias()).isCloseTo(sum / n, within(1e-9));
        assertThat(r.rmse()).isCloseTo(Math.sqrt(sumSq / n), within(1e-9));
        assertThat(r.errorStd()).isCloseTo(Math.sqrt(sumSq / n - (sum / n) * (sum / n)), within(1e-9));
    }

    @Test
    void placementDecidesWhichOriginsCount() {
        double[] y = line(100);
        Forecaster naive = Forecasters.create("naive", Map.of());
        assertThat(Backtest.run(naive, y, 40, 30, Placement.ORIGINS_IN_WINDOW, 1L).n()).isZero();
        assertThat(Backtest.run(naive, y, 40, 30, Placement.TARGETS_IN_WINDOW, 1L).n()).isEqualTo(30);
        assertThat(Backtest.run(naive, y, 1, 30, Placement.TARGETS_IN_WINDOW, 1L).n()).isEqualTo(30);
        assertThat(Backtest.run(naive, y, 1, 30, Placement.ORIGINS_IN_WINDOW, 1L).n()).isEqualTo(29);
    }

    @Test
    void noOriginGivesNaNMetrics() {
        BacktestResult r = Backtest.run(Forecasters.create("naive", Map.of()), line(10), 20, 30, 1L);
        assertThat(r.n()).isZero();
        assertThat(r.rmse()).isNaN();
    }

    @Test
    void mapeSkipsZeroActuals() {
        double[] y = {1, 0, 1, 0, 1, 0, 1, 0};
        BacktestResult r = Backtest.run(Forecasters.create("naive", Map.of()), y, 1, 7, 1L);
        // origins 1..6: actual 1 after 0 (e = 1, |e|/y = 1), actual 0 after 1 (skipped)
        assertThat(r.n()).isEqualTo(6);
        assertThat(r.mape()).isEqualTo(1.0);
        assertThat(r.mae()).isEqualTo(1.0);
        assertThat(r.bias()).isEqualTo(0.0);
    }

    @Test
    void deterministicGivenTheSeedExceptTiming() {
        double[] y = noisy(200, 7);
        Forecaster f = Forecasters.create("holt_winters_add", Map.of("context_length", "120"));
        BacktestResult a = Backtest.run(f, y, 7, 30, 42L);
        BacktestResult b = Backtest.run(f, y, 7, 30, 42L);
        assertThat(withoutTiming(a)).isEqualTo(withoutTiming(b));
    }

    @Test
    void seasonalModelBeatsNaiveOnSeasonalData() {
        double[] y = noisy(365, 7);
        BacktestResult hw = Backtest.run(Forecasters.create("holt_winters_add", Map.of()), y, 7, 30, 1L);
        BacktestResult naive = Backtest.run(Forecasters.create("naive", Map.of()), y, 7, 30, 1L);
        assertThat(hw.rmse()).isLessThan(naive.rmse());
        assertThat(hw.coverage()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void aModelThatCannotFitFailsTheBacktestWithItsReason() {
        double[] y = noisy(100, 7);
        y[90] = 0;
        assertThatThrownBy(() -> Backtest.run(Forecasters.create("holt_winters_mul", Map.of()), y, 1, 30, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly positive");
        assertThatThrownBy(() -> Backtest.run(Forecasters.create("naive", Map.of()), y, 0, 30, 1L))
                .hasMessage("horizon and window must be >= 1, got 0, 30");
    }

    /** Not a timed assertion: prints the cost of one candidate's backtest on 3 years of daily data. */
    @Test
    void performanceSanityForOneCandidate() {
        double[] y = noisy(1095, 42);
        for (String algorithm :
                new String[] {"seasonal_naive", "holt_damped", "holt_winters_add", "holt_winters_mul"}) {
            Forecaster f = Forecasters.create(algorithm, algorithm.startsWith("holt_winters")
                    ? Map.of("damped", "true") : Map.of());
            Backtest.run(f, y, 7, 30, 1L); // warm-up
            long start = System.nanoTime();
            BacktestResult r = Backtest.run(f, y, 7, 30, 1L);
            System.out.printf("PERF backtest %-17s n=1095 h=7 D=30: %d origins in %.1f ms (%.2f ms per origin)%n",
                    algorithm, r.n(), (System.nanoTime() - start) / 1e6, r.inferenceTimeMs());
            assertThat(r.n()).isEqualTo(23);
        }
    }

    /** Weekly pattern plus noise around 100, positive. */
    static double[] noisy(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 100 + 0.1 * t + 10 * Math.sin(2 * Math.PI * (t % 7) / 7) + 2 * rng.nextGaussian();
        }
        return y;
    }

    static BacktestResult withoutTiming(BacktestResult r) {
        return new BacktestResult(r.rmse(), r.mae(), r.mape(), r.bias(), r.errorStd(), r.coverage(), 0, r.n());
    }
}
