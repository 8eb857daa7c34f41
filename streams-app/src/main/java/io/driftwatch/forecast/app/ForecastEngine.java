package io.driftwatch.forecast.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import io.driftwatch.forecast.model.Algorithm;
import io.driftwatch.forecast.model.Forecast;
import io.driftwatch.forecast.model.Forecasters;
import io.driftwatch.forecast.model.ModelSpec;

/**
 * Forecasts one series' history with a set of configs, fitting each distinct config once.
 *
 * <p>Every config is forecast to the same {@code steps} (the longest configured horizon), with the
 * same seed, and each horizon reads its own step: a horizon's prediction then depends only on its
 * config, the history and the seed, never on which other horizons happen to share that config
 * (the bootstrap's draws depend on the path length).
 *
 * <p>A config that cannot fit this history (too short for two seasons, non-positive data for
 * holt_winters_mul, a diverging recursion) falls back to naive with the config's own bootstrap
 * settings, and the result says why. Naive fits any non-empty finite history, so a forecast is
 * always produced. Pure: no Kafka, deterministic.
 */
final class ForecastEngine {

    /**
     * @param forecast   steps 1..steps
     * @param fallback   why the config's own algorithm was not used, or null
     */
    record Result(Forecast forecast, String fallback) {
    }

    private ForecastEngine() {
    }

    /**
     * @param history values, oldest first, finite, non-empty
     * @param configs the configs to forecast with (duplicates by {@link ResolvedConfig#specKey()} fit once)
     * @param steps   steps to forecast, >= 1
     * @param seed    bootstrap seed
     * @return results by {@link ResolvedConfig#specKey()}
     */
    static Map<String, Result> forecastAll(double[] history, Iterable<ResolvedConfig> configs, int steps, long seed) {
        Map<String, Result> out = new LinkedHashMap<>();
        for (ResolvedConfig c : configs) {
            out.computeIfAbsent(c.specKey(), k -> forecast(history, c.spec(), steps, seed));
        }
        return out;
    }

    static Result forecast(double[] history, ModelSpec spec, int steps, long seed) {
        try {
            return new Result(Forecasters.create(spec).predict(history, steps, seed), null);
        } catch (IllegalArgumentException | IllegalStateException e) {
            ModelSpec naive = naiveLike(spec);
            return new Result(Forecasters.create(naive).predict(history, steps, seed),
                spec.algorithm().configName() + " cannot fit " + history.length + " points (" + e.getMessage() + ")");
        }
    }

    /** Naive with the bootstrap settings (samples, temperature, level) of {@code spec}. */
    static ModelSpec naiveLike(ModelSpec spec) {
        return new ModelSpec(
                Algorithm.NAIVE,
                0,
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                1,
                false,
                spec.numSamples(),
                spec.temperature(),
                spec.intervalLevel(),
                Optional.empty());
    }
}
