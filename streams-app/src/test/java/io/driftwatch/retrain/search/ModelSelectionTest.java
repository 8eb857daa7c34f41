package io.driftwatch.retrain.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.driftwatch.forecast.model.EtsType;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The model choice: AICc shortlist, backtest tie-breaker, guard, and the report's material. */
class ModelSelectionTest {

    static final SearchSettings SETTINGS =
            new SearchSettings(SearchSettings.Strategy.AUTO, Duration.ofSeconds(60), 12, 2, 42L);

    static double[] load(String name) throws IOException {
        try (InputStream in = ModelSelectionTest.class.getResourceAsStream("/reference/ets/" + name + ".csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return lines.subList(1, lines.size()).stream()
                    .mapToDouble(l -> Double.parseDouble(l.split(",")[1]))
                    .toArray();
        }
    }

    @Test
    void airPassengersGetsASeasonalEtsModelFromTheAiccShortlistNotDrift() throws IOException {
        double[] y = Arrays.copyOf(load("AirPassengers"), 132); // the last year held out
        ModelSelection.Result r = ModelSelection.run(List.of(y), 12, 12, 30, SETTINGS);
        Candidate won = r.chosen().candidate();
        assertThat(won.algorithm()).isEqualTo("ets");
        EtsType type = EtsType.parse(won.params().get("model"));
        assertThat(type.seasonal()).isTrue();
        assertThat(r.seasonalStrength()).isGreaterThan(0.6);
        // the space: 3 baselines + 1..3 shortlisted ETS models, all backtested on the same window
        assertThat(r.space().candidates())
                .extracting(Candidate::algorithm)
                .startsWith("seasonal_naive", "naive", "drift");
        assertThat(r.search().evaluated()).hasSize(r.space().size()).allMatch(s -> s.metrics().n() == 30);
        double best = r.aicc().values().iterator().next();
        for (CandidateScore s : r.search().evaluated()) {
            if (s.candidate().algorithm().equals("ets")) {
                assertThat(r.aiccOf(s.candidate())).isLessThanOrEqualTo(best + ModelSelection.AICC_TIE);
                assertThat(EtsType.parse(s.candidate().params().get("model")).seasonal()).isTrue();
                assertThat(r.chosen().metrics().rmse()).isLessThanOrEqualTo(s.metrics().rmse());
            } else {
                assertThat(r.aiccOf(s.candidate())).isNaN();
            }
        }
        assertThat(r.reason()).contains("lowest AICc").contains("backtest RMSE");
    }

    @Test
    void aHistoryTooShortForTheBacktestKeepsTheAiccChoice() throws IOException {
        double[] y = Arrays.copyOf(load("USAccDeaths"), 54);
        ModelSelection.Result r = ModelSelection.run(List.of(y), 12, 18, 30, SETTINGS);
        assertThat(r.window()).isZero();
        assertThat(r.chosen().candidate().params().get("model")).isEqualTo(r.aicc().keySet().iterator().next());
        assertThat(r.reason()).contains("no backtest was possible");
    }

    @Test
    void severalSeriesAreScoredByTheirTotalAicc() throws IOException {
        double[] a = Arrays.copyOf(load("USAccDeaths"), 72);
        ModelSelection.Result one = ModelSelection.run(List.of(a), 12, 6, 10, SETTINGS);
        ModelSelection.Result two = ModelSelection.run(List.of(a, a.clone()), 12, 6, 10, SETTINGS);
        for (var e : one.aicc().entrySet()) {
            assertThat(two.aicc().get(e.getKey())).isCloseTo(2 * e.getValue(), Assertions.within(1e-6));
        }
        assertThat(two.chosen().candidate()).isEqualTo(one.chosen().candidate());
    }
}
