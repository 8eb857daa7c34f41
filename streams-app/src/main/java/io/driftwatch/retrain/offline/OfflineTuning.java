package io.driftwatch.retrain.offline;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.driftwatch.forecast.model.Forecast;
import io.driftwatch.retrain.search.CandidateScore;
import io.driftwatch.retrain.search.Evaluator;
import io.driftwatch.retrain.search.ModelSelection;
import io.driftwatch.retrain.search.Search;
import io.driftwatch.retrain.search.SearchResult;
import io.driftwatch.retrain.search.SearchSettings;
import io.driftwatch.retrain.search.SearchSpace;

/**
 * A model choice on a user's own series, without Kafka: reports the chosen config's backtest and
 * the first baseline's (seasonal naive, or naive when m = 1; candidate 0), and forecasts the
 * horizon after the series ends with the chosen config. The strategy chooses the candidate pool:
 * <ul>
 *   <li>{@code auto} (the default): the retrain service's choice, {@link ModelSelection} (AICc
 *       over the ETS family, the rolling-origin backtest as tie-breaker and gate);</li>
 *   <li>{@code grid}: every candidate of {@link SearchSpace#defaults} (baselines, SES, Holt,
 *       Holt-Winters with fixed and fitted parameters) backtested, the lowest RMSE wins;</li>
 *   <li>{@code random}: the same, for candidate 0 plus {@code randomIterations - 1} others drawn
 *       with the seed.</li>
 * </ul>
 * Deterministic for a given seed and strategy: the forecast's bootstrap uses the seed too.
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
        ModelSelection.Result sel = settings.strategy() == SearchSettings.Strategy.AUTO
                ? ModelSelection.run(List.of(values), seasonLength, horizon, window, settings)
                : searchDefaultSpace(values, horizon, seasonLength, window, settings);
        SearchResult result = sel.search();
        CandidateScore best = sel.chosen();
        CandidateScore baseline = result.evaluated().get(0);
        Forecast forecast = best.candidate().forecaster().predict(values, horizon, settings.seed());
        return new Result(result, best, baseline, forecast, seasonLength, sel.window(), sel);
    }

    /** The {@code grid} or {@code random} search over the default space, lowest backtest RMSE. */
    private static ModelSelection.Result searchDefaultSpace(double[] values, int horizon, int m, int window,
                                                            SearchSettings settings) {
        SearchSpace space = SearchSpace.defaults(m, Arrays.stream(values).allMatch(v -> v > 0));
        int w = Math.max(0, Math.min(window, values.length - horizon - Math.max(3 * m, 30)));
        if (w == 0) {
            throw new IllegalArgumentException("history too short for a " + settings.strategy().label() + " search: "
                    + values.length + " points, need more than " + (horizon + Math.max(3 * m, 30)));
        }
        SearchResult r = Search.run(space, new Evaluator(List.of(values), horizon, w, settings.seed()), settings);
        CandidateScore best = r.best().orElseThrow(() -> new IllegalArgumentException(
                "no candidate could be backtested: " + firstError(r)));
        String reason = String.format(Locale.ROOT, "lowest backtest RMSE (%.4g over %d origins) of %d candidates (%s "
                + "search over the default space)", best.metrics().rmse(), best.metrics().n(), r.evaluated().size(),
                r.strategy().label());
        return new ModelSelection.Result(r, space, best, Map.of(), Double.NaN, w, reason);
    }

    private static String firstError(SearchResult r) {
        Optional<String> e = r.evaluated().stream().map(CandidateScore::error).filter(Objects::nonNull).findFirst();
        return e.orElse("no origins");
    }
}
