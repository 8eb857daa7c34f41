package io.driftwatch.retrain.offline;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.driftwatch.forecast.model.Forecast;
import io.driftwatch.retrain.search.CandidateScore;
import io.driftwatch.retrain.search.Evaluator;
import io.driftwatch.retrain.search.Search;
import io.driftwatch.retrain.search.SearchResult;
import io.driftwatch.retrain.search.SearchSettings;
import io.driftwatch.retrain.search.SearchSpace;

/**
 * The retrain service's search and backtest on a user's own series, without Kafka: picks the
 * config with the lowest backtest RMSE from the default search space, reports its backtest and the
 * seasonal-naive baseline's (candidate 0 of the space, always evaluated), and forecasts the
 * horizon after the series ends with the chosen config.
 *
 * <p>Deterministic for a given seed and search strategy: the forecast's bootstrap uses the seed too.
 */
public final class OfflineTuning {

    /**
     * @param search what the search did
     * @param chosen the chosen candidate
     * @param baseline the seasonal-naive baseline (candidate 0)
     * @param forecast the chosen config's forecast for steps 1..horizon after the series
     * @param seasonLength the season length used
     * @param window backtest points
     */
    public record Result(SearchResult search, CandidateScore chosen, CandidateScore baseline, Forecast forecast,
                         int seasonLength, int window) {
    }

    private OfflineTuning() {
    }

    /**
     * @param values the series, oldest first, regularly spaced
     * @param horizon steps ahead (the backtest's horizon and the forecast's length)
     * @param seasonLength m (1 disables seasonal models)
     * @param window backtest points (the design's last 30 days for daily data)
     * @throws IllegalArgumentException if no candidate can be backtested (e.g. too short a series)
     */
    public static Result run(double[] values, int horizon, int seasonLength, int window, SearchSettings settings) {
        boolean positive = Arrays.stream(values).allMatch(v -> v > 0);
        SearchSpace space = SearchSpace.defaults(seasonLength, positive);
        Evaluator evaluator = new Evaluator(List.of(values), horizon, window, settings.seed());
        SearchResult result = Search.run(space, evaluator, settings);
        CandidateScore best = result.best().orElseThrow(() -> new IllegalArgumentException(
                "no candidate could be backtested on " + values.length + " points at horizon " + horizon
                        + " with a " + window + "-point window: " + firstError(result)));
        CandidateScore baseline = result.evaluated().get(0);
        Forecast forecast = best.candidate().forecaster().predict(values, horizon, settings.seed());
        return new Result(result, best, baseline, forecast, seasonLength, window);
    }

    private static String firstError(SearchResult r) {
        Optional<String> e = r.evaluated().stream().map(CandidateScore::error).filter(Objects::nonNull).findFirst();
        return e.orElse("no origins");
    }
}
