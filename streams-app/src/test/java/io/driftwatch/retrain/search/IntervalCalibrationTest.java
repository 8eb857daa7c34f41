package io.driftwatch.retrain.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import io.driftwatch.forecast.backtest.Backtest;
import io.driftwatch.forecast.backtest.BacktestResult;
import io.driftwatch.forecast.model.Forecast;
import io.driftwatch.retrain.offline.OfflineTuning;
import org.junit.jupiter.api.Test;

/** Split-conformal widening of the chosen config's intervals from its own backtest. */
class IntervalCalibrationTest {

    @Test
    void theFactorIsTheConformalRankOfTheRatiosAndCoversThatShare() {
        double[] ratios = IntStream.rangeClosed(1, 40).mapToDouble(i -> i / 20.0).toArray(); // 0.05 .. 2.0
        IntervalCalibration c = IntervalCalibration.of(ratios, 0.95);
        // k = ceil(41 * 0.95) = 39: the 39th smallest ratio, 1.95
        assertThat(c.needed()).isEqualTo(1.95);
        assertThat(c.factor()).isEqualTo(1.95);
        assertThat(c.coverage()).isEqualTo(39 / 40.0);
        assertThat(c.n()).isEqualTo(40);
        assertThat(c.widens()).isTrue();
        // fewer origins than the level can rank: the largest ratio
        assertThat(IntervalCalibration.of(new double[] {0.5, 3.0, 1.2}, 0.95).factor()).isEqualTo(3.0);
    }

    @Test
    void intervalsThatAlreadyCoverAreNeverNarrowed() {
        double[] ratios = IntStream.range(0, 30).mapToDouble(i -> 0.02 * i).toArray();
        IntervalCalibration c = IntervalCalibration.of(ratios, 0.95);
        assertThat(c.factor()).isEqualTo(1.0);
        assertThat(c.widens()).isFalse();
        assertThat(c.coverage()).isEqualTo(1.0);
        CandidateScore s = score(Map.of("model", "ANN"));
        assertThat(c.applyTo(s)).isSameAs(s);
    }

    @Test
    void nanRatiosAreLeftOutAndADegenerateIntervalIsNotWidenedWithoutBound() {
        IntervalCalibration c = IntervalCalibration.of(new double[] {Double.NaN, 0.5, Double.POSITIVE_INFINITY}, 0.9);
        assertThat(c.n()).isEqualTo(2);
        assertThat(c.needed()).isInfinite();
        assertThat(c.factor()).isEqualTo(1.0);
        assertThat(IntervalCalibration.of(new double[] {Double.NaN}, 0.95)).isEqualTo(IntervalCalibration.NONE);
    }

    @Test
    void applyingMultipliesTheTemperatureRoundsUpAndReportsTheWidenedCoverage() {
        double[] ratios = IntStream.rangeClosed(1, 19).mapToDouble(i -> i == 19 ? 1.2341 : 0.5).toArray();
        IntervalCalibration c = IntervalCalibration.of(ratios, 0.95);
        assertThat(c.factor()).isEqualTo(1.24); // 1.2341 rounded up to 3 significant digits
        CandidateScore widened = c.applyTo(score(Map.of("model", "ANN", "temperature", "2")));
        assertThat(widened.candidate().params()).containsEntry("temperature", "2.48").containsEntry("model", "ANN");
        assertThat(widened.metrics().coverage()).isEqualTo(1.0);
        assertThat(widened.metrics().rmse()).isEqualTo(3.0);
        assertThat(c.applyTo(score(Map.of("model", "ANN"))).candidate().params())
                .containsEntry("temperature", "1.24");
        assertThat(c.describe()).contains("95 %").contains("x1.24").contains("19 of its 19 backtest origins");
    }

    @Test
    void aSeriesWhoseNoiseGrewGetsWiderIntervalsThatCoverItsBacktest() {
        // 150 quiet points, then 60 with ten times the noise: the fitted sigma is a blend, too small for the end
        SplittableRandom rng = new SplittableRandom(3);
        double[] y = new double[210];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + (t < 150 ? 1 : 10) * rng.nextGaussian();
        }
        SearchSettings settings = new SearchSettings(SearchSettings.Strategy.AUTO, Duration.ofSeconds(60), 12, 1, 7L);
        ModelSelection.Result r = ModelSelection.run(List.of(y), 1, 1, 30, settings);
        CandidateScore raw = r.search().evaluated().stream()
                .filter(s -> s.candidate().index() == r.chosen().candidate().index()).findFirst().orElseThrow();
        assertThat(raw.metrics().coverage()).isLessThan(0.9);
        assertThat(raw.candidate().params()).doesNotContainKey("temperature");
        double factor = Double.parseDouble(r.chosen().candidate().params().get("temperature"));
        assertThat(factor).isGreaterThan(1.5).isEqualTo(raw.calibration().factor());
        assertThat(r.chosen().metrics().coverage()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.chosen().metrics().rmse()).isEqualTo(raw.metrics().rmse());
        assertThat(r.reason()).contains("split conformal");

        // the backtest of the calibrated config covers what the calibration said it would
        BacktestResult again = new Evaluator(List.of(y), 1, 30, 7L).evaluate(r.chosen().candidate()).metrics();
        assertThat(again.coverage()).isEqualTo(r.chosen().metrics().coverage());

        // and its forecast is the raw one with half-widths scaled by the factor
        SearchSettings offline = new SearchSettings(SearchSettings.Strategy.AUTO, Duration.ofSeconds(60), 12, 1, 7L);
        Forecast wide = OfflineTuning.run(y, 1, 1, 30, offline).forecast();
        Forecast narrow = raw.candidate().forecaster().predict(y, 1, 7L);
        assertThat(wide.yhat()[0]).isEqualTo(narrow.yhat()[0]);
        assertThat(wide.upper()[0] - wide.yhat()[0]).isCloseTo(factor * (narrow.upper()[0] - narrow.yhat()[0]),
                within(1e-6 * Math.abs(narrow.upper()[0])));
    }

    @Test
    void theRatioIsTheDistanceInHalfWidthsOnTheActualsSide() {
        assertThat(Backtest.intervalRatio(12, 10, 9, 14)).isEqualTo(0.5);
        assertThat(Backtest.intervalRatio(7, 10, 9, 14)).isEqualTo(3.0);
        assertThat(Backtest.intervalRatio(10, 10, 10, 10)).isZero();
        assertThat(Backtest.intervalRatio(11, 10, 10, 10)).isInfinite();
        assertThat(Backtest.intervalRatio(Double.NaN, 10, 9, 11)).isNaN();
        assertThat(Backtest.intervalRatio(10, Double.NaN, 9, 11)).isNaN();
    }

    private static CandidateScore score(Map<String, String> params) {
        return new CandidateScore(new Candidate(3, "ets", params),
                new BacktestResult(3.0, 2.0, 0.1, 0.0, 3.0, 0.5, 1.0, 19), null);
    }
}
