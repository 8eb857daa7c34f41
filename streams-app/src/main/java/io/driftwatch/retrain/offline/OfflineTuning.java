package io.driftwatch.retrain.offline;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.driftwatch.forecast.model.Forecast;
import io.driftwatch.retrain.search.CandidateScore;
import io.driftwatch.retrain.search.ModelSelection;
import io.driftwatch.retrain.search.SearchResult;
import io.driftwatch.retrain.search.SearchSettings;

/**
 * The retrain service's model choice ({@link ModelSelection}: AICc over the ETS family, the
 * rolling-origin backtest as tie-breaker and gate) on a user's own series, without Kafka: reports
 * the chosen config's backtest and the first baseline's (seasonal naive, or naive when m = 1;
 * candidate 0), and forecasts the horizon after the series ends with the chosen config.
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
                         int seasonLength, int window, ModelSelection.Result selection) {
    }

    private OfflineTuning() {
    }

    /**
     * @param values the series, oldest first, regularly spaced
     * @param horizon steps ahead (the backtest's horizon and the forecast's length)
     * @param seasonLength m (1 disables seasonal models)
     * @param window backtest points wanted (the design's last 30 days for daily data); shortened by
     *     {@link ModelSelection} so the first origin keeps max(3m, 30) points
     * @throws IllegalArgumentException if no candidate can be backtested (e.g. too short a series)
     */
    public static Result run(double[] values, int horizon, int seasonLength, int window, SearchSettings settings) {
        ModelSelection.Result sel = ModelSelection.run(List.of(values), seasonLength, horizon, window, settings);
        SearchResult result = sel.search();
        CandidateScore best = sel.chosen();
        CandidateScore baseline = result.evaluated().get(0);
        Forecast forecast = best.candidate().forecaster().predict(values, horizon, settings.seed());
        return new Result(result, best, baseline, forecast, seasonLength, sel.window(), sel);
    }

    private static String firstError(SearchResult r) {
        Optional<String> e = r.evaluated().stream().map(CandidateScore::error).filter(Objects::nonNull).findFirst();
        return e.orElse("no origins");
    }
}
