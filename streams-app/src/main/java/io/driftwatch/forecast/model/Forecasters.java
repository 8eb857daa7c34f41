package io.driftwatch.forecast.model;

import java.util.Map;

/**
 * Builds a {@link Forecaster} from a config: {@code Forecasters.create(config.getAlgorithm(),
 * config.getParams())}. Fails fast with an {@link InvalidModelSpecException} naming the bad key.
 */
public final class Forecasters {

    private Forecasters() {
    }

    /**
     * @param algorithm e.g. {@code holt_winters_add}
     * @param params the {@code ModelConfig.params} map (see {@link ModelSpec} for keys)
     */
    public static Forecaster create(String algorithm, Map<String, String> params) {
        return create(ModelSpec.parse(algorithm, params));
    }

    /** A forecaster for an already validated spec. */
    public static Forecaster create(ModelSpec spec) {
        return switch (spec.algorithm()) {
            case NAIVE, SEASONAL_NAIVE -> new SeasonalNaiveForecaster(spec);
            case DRIFT -> new DriftForecaster(spec);
            case SES, HOLT, HOLT_DAMPED, HOLT_WINTERS_ADD, HOLT_WINTERS_MUL -> new ExponentialSmoothingForecaster(spec);
            case ETS -> new EtsForecaster(spec);
        };
    }
}
