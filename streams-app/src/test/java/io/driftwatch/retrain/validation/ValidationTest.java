package io.driftwatch.retrain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.driftwatch.forecast.backtest.BacktestResult;

class ValidationTest {

    private static final ValidationThresholds T = ValidationThresholds.defaults();
    private static final Offset<Double> EPS = Offset.offset(1e-12);

    /** rmse, mape, bias, errorStd, coverage, time. */
    private static BacktestResult m(double rmse, double mape, double bias, double std, double coverage, double timeMs) {
        return new BacktestResult(rmse, rmse * 0.8, mape, bias, std, coverage, timeMs, 30);
    }

    private static Map<String, Criterion> byName(ValidationOutcome o) {
        return o.criteria().stream().collect(Collectors.toMap(Criterion::name, Function.identity()));
    }

    @Test
    void approvesABetterCandidateAndReportsEveryCriterionWithExactValues() {
        BacktestResult current = m(10.0, 0.10, 0.5, 9.0, 0.93, 200.0);
        BacktestResult candidate = m(9.0, 0.099, -1.0, 9.5, 0.95, 250.0);
        ValidationOutcome o = Validation.validate(candidate, current, T);
        Map<String, Criterion> c = byName(o);
        assertThat(o.criteria()).extracting(Criterion::name).containsExactly("rmse_improvement", "mape_improvement",
                "error_std_ratio", "inference_time_ratio", "ci95_coverage", "abs_bias");
        assertThat(c.get("rmse_improvement").value()).isCloseTo(0.10, EPS);
        assertThat(c.get("rmse_improvement").threshold()).isEqualTo(0.05);
        assertThat(c.get("rmse_improvement").comparison()).isEqualTo(">=");
        assertThat(c.get("mape_improvement").value()).isCloseTo(0.01, EPS);
        assertThat(c.get("mape_improvement").passed()).isFalse();
        assertThat(c.get("error_std_ratio").value()).isCloseTo(9.5 / 9.0, EPS);
        assertThat(c.get("inference_time_ratio").value()).isCloseTo(1.25, EPS);
        assertThat(c.get("ci95_coverage").value()).isEqualTo(0.95);
        assertThat(c.get("abs_bias").value()).isEqualTo(1.0);
        assertThat(c.get("abs_bias").comparison()).isEqualTo("<");
        assertThat(o.approved()).isTrue();
        assertThat(o.againstCurrent()).isTrue();
    }

    @Test
    void mapeImprovementAloneSufficesButNeitherFails() {
        BacktestResult current = m(10.0, 0.10, 0, 9.0, 0.95, 1.0);
        assertThat(Validation.validate(m(9.8, 0.096, 0, 9.0, 0.95, 1.0), current, T).approved()).isTrue();
        ValidationOutcome neither = Validation.validate(m(9.8, 0.098, 0, 9.0, 0.95, 1.0), current, T);
        assertThat(neither.approved()).isFalse();
        assertThat(neither.failed()).containsExactly("rmse_improvement", "mape_improvement");
    }

    @Test
    void eachOtherCriterionCanRejectOnItsOwn() {
        BacktestResult current = m(10.0, 0.10, 0, 9.0, 0.95, 200.0);
        assertThat(Validation.validate(m(9.0, 0.09, 0, 9.91, 0.95, 200.0), current, T)
                        .failed())
                .containsExactly("error_std_ratio");
        assertThat(Validation.validate(m(9.0, 0.09, 0, 9.0, 0.95, 301.0), current, T)
                        .failed())
                .containsExactly("inference_time_ratio");
        assertThat(Validation.validate(m(9.0, 0.09, 0, 9.0, 0.70, 200.0), current, T)
                        .failed())
                .containsExactly("ci95_coverage");
        assertThat(Validation.validate(m(9.0, 0.09, -5.0, 9.0, 0.95, 200.0), current, T)
                        .failed())
                .containsExactly("abs_bias");
        assertThat(Validation.validate(m(9.0, 0.09, 4.99, 9.0, 0.95, 200.0), current, T).approved()).isTrue();
    }

    @Test
    void inferenceTimeBelowTheFloorIsFastEnough() {
        BacktestResult current = m(10.0, 0.10, 0, 9.0, 0.95, 0.4);
        Criterion c = byName(Validation.validate(m(9.0, 0.09, 0, 9.0, 0.95, 12.0), current, T))
                .get("inference_time_ratio");
        assertThat(c.value()).isCloseTo(0.12, EPS);
        assertThat(c.passed()).isTrue();
        ValidationThresholds noFloor = new ValidationThresholds(0.05, 0.03, 1.10, 1.50, 0.0, 0.90, 5.0);
        assertThat(Validation.validate(m(9.0, 0.09, 0, 9.0, 0.95, 12.0), current, noFloor).failed())
                .containsExactly("inference_time_ratio");
    }

    @Test
    void withoutACurrentConfigASaneCandidateIsApproved() {
        ValidationOutcome o = Validation.validate(m(3.0, 0.05, 0.1, 2.9, 0.93, 5.0), null, T);
        assertThat(o.approved()).isTrue();
        assertThat(o.againstCurrent()).isFalse();
        assertThat(byName(o).get("sane").passed()).isTrue();
        assertThat(byName(o).get("rmse_improvement").detail()).isEqualTo("no current config");
        BacktestResult failedCurrent = new BacktestResult(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, 0);
        assertThat(Validation.validate(m(3.0, 0.05, 0.1, 2.9, 0.93, 5.0), failedCurrent, T).againstCurrent()).isFalse();
        assertThat(Validation.validate(m(3.0, 0.05, 0.1, 2.9, 0.60, 5.0), null, T)
                        .failed())
                .containsExactly("ci95_coverage");
        assertThat(Validation.validate(m(Double.NaN, 0.05, 0.1, 2.9, 0.93, 5.0), null, T)
                        .failed())
                .containsExactly("sane");
    }

    @Test
    void perModelBiasLimit() {
        assertThat(Validation.validate(m(3.0, 0.05, 7.0, 2.9, 0.93, 5.0), null, T.withBiasLimit(10))
                        .approved())
                .isTrue();
    }

    @Test
    void aShortBacktestFailsCoverageOnlyWhenItIsSignificantlyBelowTheThreshold() {
        // 13 of 15 inside: P(X <= 13 | n = 15, p = 0.90) = 0.45, what a 90% interval gives
        Criterion thirteen = Validation.coverage(new BacktestResult(1, 1, 0.1, 0, 1, 13.0 / 15, 1, 15), 0.90);
        assertThat(thirteen.passed()).isTrue();
        assertThat(thirteen.detail()).contains("13 of 15");
        // 10 of 15: P(X <= 10) = 0.013 < 0.05
        assertThat(Validation.coverage(new BacktestResult(1, 1, 0.1, 0, 1, 10.0 / 15, 1, 15), 0.90).passed()).isFalse();
        // at or above the threshold it passes whatever the count
        assertThat(Validation.coverage(new BacktestResult(1, 1, 0.1, 0, 1, 0.95, 1, 200), 0.90).passed()).isTrue();
        // a threshold of 0 (or 1) is a plain comparison
        assertThat(Validation.coverage(new BacktestResult(1, 1, 0.1, 0, 1, 0.0, 1, 15), 0.0).passed()).isTrue();
        assertThat(Validation.coverage(new BacktestResult(1, 1, 0.1, 0, 1, 0.9, 1, 15), 1.0).passed()).isFalse();
        // 170 of 200 (0.85) is significantly below 0.90 on a long backtest
        assertThat(Validation.coverage(new BacktestResult(1, 1, 0.1, 0, 1, 0.85, 1, 200), 0.90).passed()).isFalse();
    }
}
