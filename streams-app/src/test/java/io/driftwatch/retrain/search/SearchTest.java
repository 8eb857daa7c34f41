package io.driftwatch.retrain.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.driftwatch.forecast.backtest.BacktestResult;

class SearchTest {

    /** Weekly pattern + trend + noise, positive. */
    static double[] weekly(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 100 + 0.05 * t + 15 * Math.sin(2 * Math.PI * (t % 7) / 7) + 2 * rng.nextGaussian();
        }
        return y;
    }

    private static SearchSettings grid(int parallelism, long seed) {
        return new SearchSettings(SearchSettings.Strategy.GRID, Duration.ofSeconds(60), 8, parallelism, seed);
    }

    @Test
    void defaultSpaceHasAtLeast27CandidatesForPositiveDataInAFixedOrder() {
        SearchSpace space = SearchSpace.defaults(7, true);
        assertThat(space.size()).isEqualTo(29);
        assertThat(SearchSpace.defaults(7, false).size()).isEqualTo(24);
        assertThat(space.candidates().get(0).algorithm()).isEqualTo("seasonal_naive");
        for (int i = 0; i < space.size(); i++) {
            assertThat(space.candidates().get(i).index()).isEqualTo(i);
            space.candidates().get(i).forecaster(); // every default candidate is a valid spec
        }
        assertThat(space.dimensions().get(0).name()).isEqualTo("algorithm");
        assertThat(space.dimensions()).anySatisfy(d -> {
            assertThat(d.name()).isEqualTo("ses.alpha");
            assertThat(d.values()).containsExactly("0.1", "0.3", "0.6", "fitted");
        });
    }

    @Test
    void parallelGridGivesExactlyTheSequentialResult() {
        List<double[]> series = List.of(weekly(150, 1), weekly(120, 2));
        Evaluator ev = new Evaluator(series, 7, 20, 7L);
        SearchSpace space = SearchSpace.defaults(7, true);
        SearchResult seq = Search.run(space, ev, grid(1, 7L));
        SearchResult par = Search.run(space, ev, grid(4, 7L));
        assertThat(par.best().orElseThrow().candidate()).isEqualTo(seq.best().orElseThrow().candidate());
        assertThat(par.evaluated()).hasSize(29);
        for (int i = 0; i < 29; i++) {
            BacktestResult a = seq.evaluated().get(i).metrics();
            BacktestResult b = par.evaluated().get(i).metrics();
            assertThat(b.rmse()).isEqualTo(a.rmse());
            assertThat(b.coverage()).isEqualTo(a.coverage());
        }
    }

    @Test
    void sameSeedSameChoiceAndSeasonalModelBeatsTheBaselineOnSeasonalData() {
        List<double[]> series = List.of(weekly(160, 3));
        SearchSpace space = SearchSpace.defaults(7, true);
        SearchResult a = Search.run(space, new Evaluator(series, 7, 30, 11L), grid(2, 11L));
        SearchResult b = Search.run(space, new Evaluator(series, 7, 30, 11L), grid(2, 11L));
        CandidateScore best = a.best().orElseThrow();
        assertThat(b.best().orElseThrow().candidate()).isEqualTo(best.candidate());
        assertThat(b.best().orElseThrow().metrics().rmse()).isEqualTo(best.metrics().rmse());
        assertThat(best.metrics().rmse()).isLessThan(a.evaluated().get(0).metrics().rmse());
        assertThat(best.metrics().n()).isEqualTo(30);
    }

    @Test
    void randomSearchIsSeededAndAlwaysKeepsTheBaseline() {
        List<Candidate> grid = SearchSpace.defaults(7, true).candidates();
        List<Candidate> s1 = Search.sample(grid, 8, 5L);
        assertThat(s1).hasSize(8).isEqualTo(Search.sample(grid, 8, 5L)).doesNotHaveDuplicates();
        assertThat(s1.get(0).index()).isZero();
        assertThat(s1).extracting(Candidate::index).isSorted();
        assertThat(Search.sample(grid, 8, 6L)).isNotEqualTo(s1);
        assertThat(Search.sample(grid, 100, 5L)).isEqualTo(grid);

        Evaluator ev = new Evaluator(List.of(weekly(120, 4)), 3, 15, 1L);
        SearchSettings random = grid(2, 5L).withStrategy(SearchSettings.Strategy.RANDOM);
        SearchResult r = Search.run(SearchSpace.defaults(7, true), ev, random);
        assertThat(r.strategy()).isEqualTo(SearchSettings.Strategy.RANDOM);
        assertThat(r.evaluated()).extracting(CandidateScore::candidate).isEqualTo(s1);
    }

    @Test
    void autoSwitchesToRandomSearchWhenTheGridExceedsTheBudget() {
        Evaluator ev = new Evaluator(List.of(weekly(300, 4)), 7, 30, 1L);
        SearchSettings tight = new SearchSettings(SearchSettings.Strategy.AUTO, Duration.ofMillis(1), 6, 2, 3L);
        SearchResult r = Search.run(SearchSpace.defaults(7, true), ev, tight);
        assertThat(r.strategy()).isEqualTo(SearchSettings.Strategy.RANDOM);
        assertThat(r.iterations()).isEqualTo(6);
        assertThat(r.estimatedGridMs()).isPositive();
        SearchSettings roomy = new SearchSettings(SearchSettings.Strategy.AUTO, Duration.ofHours(1), 6, 2, 3L);
        assertThat(Search.run(SearchSpace.defaults(7, true), ev, roomy).iterations()).isEqualTo(29);
    }

    @Test
    void failingCandidatesAreReportedAndNeverChosen() {
        double[] withZero = weekly(120, 5);
        withZero[100] = 0; // holt_winters_mul needs strictly positive data
        SearchSpace space = SearchSpace.of(List.of(
                Map.of("algorithm", "holt_winters_mul", "season_length", "7"),
                Map.of("algorithm", "naive")));
        SearchResult r = Search.run(space, new Evaluator(List.of(withZero), 1, 10, 1L), grid(1, 1L));
        assertThat(r.evaluated().get(0).usable()).isFalse();
        assertThat(r.evaluated().get(0).error()).contains("positive");
        assertThat(r.best().orElseThrow().candidate().algorithm()).isEqualTo("naive");
    }

    @Test
    void pooledMetricsAreExactForTheSumsAndWeighted() {
        BacktestResult a = new BacktestResult(2.0, 1.0, 0.1, 1.0, Math.sqrt(3.0), 1.0, 2.0, 2);
        BacktestResult b = new BacktestResult(1.0, 1.0, 0.2, -1.0, 0.0, 0.5, 4.0, 2);
        BacktestResult p = new PooledMetrics().add(a).add(b).result();
        assertThat(p.n()).isEqualTo(4);
        assertThat(p.rmse()).isEqualTo(Math.sqrt((4.0 * 2 + 1.0 * 2) / 4));
        assertThat(p.mae()).isEqualTo(1.0);
        assertThat(p.bias()).isEqualTo(0.0);
        assertThat(p.errorStd()).isCloseTo(Math.sqrt(2.5), Offset.offset(1e-12));
        assertThat(p.coverage()).isEqualTo(0.75);
        assertThat(p.mape()).isCloseTo(0.15, Offset.offset(1e-12));
        assertThat(p.inferenceTimeMs()).isEqualTo(3.0);
    }
}
