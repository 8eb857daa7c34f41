package io.driftwatch.retrain.search;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import io.driftwatch.forecast.model.Forecaster;
import io.driftwatch.forecast.model.Forecasters;

/**
 * One point of a search space: an algorithm and its params, as a {@code ModelConfig} carries them.
 *
 * <p>Invariants: params are copied into a sorted, unmodifiable map, so two candidates with the
 * same settings are equal and print the same; {@code index} is the position in the grid, the
 * tie-breaker that keeps the choice deterministic.
 *
 * @param index position in the search space's grid order (0-based)
 * @param algorithm config name, e.g. {@code holt_winters_add}
 * @param params {@code ModelConfig.params}
 */
public record Candidate(int index, String algorithm, Map<String, String> params) {

    public Candidate {
        if (algorithm == null || algorithm.isBlank()) {
            throw new IllegalArgumentException("algorithm is required");
        }
        params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** Builds the forecaster; throws {@code InvalidModelSpecException} for a bad config. */
    public Forecaster forecaster() {
        return Forecasters.create(algorithm, params);
    }

    /** A short human-readable label, e.g. {@code ses{alpha=0.3}}. */
    public String label() {
        return algorithm + params;
    }
}
