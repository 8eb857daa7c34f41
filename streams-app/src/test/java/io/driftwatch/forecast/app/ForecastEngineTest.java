package io.driftwatch.forecast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.driftwatch.forecast.model.Forecast;
import io.driftwatch.forecast.model.ModelSpec;

class ForecastEngineTest {

    private static double[] series(int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 100 + 0.5 * i + 10 * Math.sin(2 * Math.PI * i / 7) + ((i * 7919) % 13) / 3.0;
        }
        return y;
    }

    @Test
    void fitsOncePerDistinctSpecAndAHorizonDoesNotDependOnItsNeighbours() {
        ModelSpec ses = ModelSpec.parse("ses", Map.of());
        ModelSpec holt = ModelSpec.parse("holt", Map.of());
        double[] y = series(60);
        Map<String, ForecastEngine.Result> shared = ForecastEngine.forecastAll(y,
            List.of(new ResolvedConfig(1, ses), new ResolvedConfig(3, ModelSpec.parse("ses", Map.of())),
                new ResolvedConfig(2, holt)), 90, 7L);
        assertThat(shared).hasSize(2);
        Map<String, ForecastEngine.Result> alone =
                ForecastEngine.forecastAll(y, List.of(new ResolvedConfig(1, ses)), 90, 7L);
        assertThat(alone.get(ResolvedConfig.specKey(ses)).forecast())
                .isEqualTo(shared.get(ResolvedConfig.specKey(ses)).forecast());
        assertThat(shared.values()).allMatch(r -> r.fallback() == null);
    }

    @Test
    void aConfigThatCannotFitYetFallsBackToNaiveWithItsBootstrapSettings() {
        ModelSpec hw = ModelSpec.parse("holt_winters_add", Map.of("season_length", "7", "num_samples", "50"));
        double[] y = series(10); // two seasons need 14
        ForecastEngine.Result r = ForecastEngine.forecast(y, hw, 7, 1L);
        assertThat(r.fallback()).contains("holt_winters_add").contains("10 points");
        assertThat(r.forecast().yhat()).containsOnly(y[9]);
        assertThat(ForecastEngine.naiveLike(hw).numSamples()).isEqualTo(50);
        assertThat(ForecastEngine.forecast(series(30), hw, 7, 1L).fallback()).isNull();
    }

    @Test
    void sameInputsAndSeedGiveTheSameForecastAndOtherSeedsOtherIntervals() {
        ModelSpec ses = ModelSpec.parse("ses", Map.of());
        double[] y = series(40);
        Forecast a = ForecastEngine.forecast(y, ses, 30, 11L).forecast();
        assertThat(ForecastEngine.forecast(y, ses, 30, 11L).forecast()).isEqualTo(a);
        assertThat(ForecastEngine.forecast(y, ses, 30, 12L).forecast().upper()).isNotEqualTo(a.upper());
    }

    @Test
    void idsAndSeedsAreFunctionsOfTheirInputsOnly() {
        Instant t = Instant.parse("2024-03-01T00:00:00Z");
        String id = Predictions.id("fx", "USDCLP", "7d", t, 2);
        assertThat(Predictions.id("fx", "USDCLP", "7d", t, 2)).isEqualTo(id);
        assertThat(Predictions.id("fx", "USDCLP", "7d", t, 3)).isNotEqualTo(id);
        assertThat(Predictions.id("fx", "USDCLP", "15d", t, 2)).isNotEqualTo(id);
        assertThat(Predictions.seed(42, "USDCLP", t)).isEqualTo(Predictions.seed(42, "USDCLP", t))
            .isNotEqualTo(Predictions.seed(42, "USDCLP", t.plusSeconds(86_400)))
            .isNotEqualTo(Predictions.seed(43, "USDCLP", t));
    }

    @Test
    void horizonsCountBucketsAndDailyTargetsFollowTheCalendar() {
        Horizon week = Horizon.parse(" 7D ");
        assertThat(week.label()).isEqualTo("7d");
        assertThat(week.steps(Duration.ofDays(1).toMillis())).isEqualTo(7);
        assertThat(week.steps(Duration.ofHours(1).toMillis())).isEqualTo(168);
        assertThat(week.steps(Duration.ofDays(5).toMillis())).isZero();
        ZoneId santiago = ZoneId.of("America/Santiago");
        // Chile left DST on 2024-04-07: that local day has 25 hours
        Instant issued = Instant.parse("2024-04-05T03:00:00Z"); // 2024-04-05 00:00 local (UTC-3)
        Instant target = Horizon.target(issued, 7, Duration.ofDays(1).toMillis(), santiago);
        assertThat(target).isEqualTo(Instant.parse("2024-04-12T04:00:00Z")); // 2024-04-12 00:00 local (UTC-4)
        assertThat(Horizon.target(issued, 3, Duration.ofHours(1).toMillis(), santiago))
                .isEqualTo(issued.plusSeconds(3 * 3600));
    }
}
