package io.driftwatch.forecast.app;

import java.util.Objects;

import io.driftwatch.forecast.model.ModelSpec;

/**
 * The config one model:horizon forecasts with right now: the promoted {@code ModelConfig}'s version
 * and its parsed, validated spec; version 0 is the app's default config
 * ({@code forecaster.default-algorithm} / {@code forecaster.default-params}).
 *
 * @param version config_version written on the predictions
 * @param spec    the validated hyperparameters
 */
record ResolvedConfig(int version, ModelSpec spec) {

    ResolvedConfig {
        Objects.requireNonNull(spec, "spec");
    }

    /**
     * A canonical text of the spec: two configs with the same key fit the same model, so the
     * forecaster fits once for both.
     */
    String specKey() {
        return specKey(spec);
    }

    static String specKey(ModelSpec spec) {
        return spec.algorithm().configName() + spec.toParams();
    }
}
