package io.driftwatch.forecast.model;

/**
 * A configured forecasting algorithm: fits a {@link FittedModel} to a regularly spaced history.
 *
 * <p>Usage:
 * <pre>{@code
 * Forecaster f = Forecasters.create("holt_winters_add", Map.of("season_length", "7"));
 * Forecast fc = f.predict(history, 14, seed);   // yhat, lower, upper for steps 1..14
 * }</pre>
 *
 * <p>Invariants: {@link #fit} never mutates {@code history}; it uses only the last
 * {@code spec().contextLength()} points (all of them when 0); the same history and spec always
 * give the same fitted model (parameter search is deterministic). Implementations are immutable
 * and thread-safe.
 */
public interface Forecaster {

    /** The hyperparameters this forecaster was built from. */
    ModelSpec spec();

    /**
     * Fits the model.
     *
     * @param history observations, oldest first, regularly spaced, all finite
     * @throws IllegalArgumentException if the history is too short or not usable by this model
     *     (e.g. non-positive values for multiplicative Holt-Winters); the message says why
     */
    FittedModel fit(double[] history);

    /**
     * Fits and forecasts steps 1..horizon with residual-bootstrap intervals at
     * {@code spec().intervalLevel()}, using {@code spec().numSamples()} paths and
     * {@code spec().temperature()}. Same inputs and seed give the same result.
     */
    default Forecast predict(double[] history, int horizon, long seed) {
        ModelSpec s = spec();
        return ResidualBootstrap.forecast(fit(history), horizon, s.numSamples(), s.temperature(),
                s.intervalLevel(), seed);
    }
}
