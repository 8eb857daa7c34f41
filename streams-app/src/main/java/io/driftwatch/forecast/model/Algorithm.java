package io.driftwatch.forecast.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The forecasting algorithms, by their config name ({@code ModelConfig.algorithm}).
 *
 * <p>Each constant states the structure it implies: whether it has an (additive) trend, whether
 * that trend is always damped, and its seasonality.
 */
public enum Algorithm {
    NAIVE("naive", false, false, Seasonality.NONE),
    SEASONAL_NAIVE("seasonal_naive", false, false, Seasonality.NONE),
    DRIFT("drift", false, false, Seasonality.NONE),
    SES("ses", false, false, Seasonality.NONE),
    HOLT("holt", true, false, Seasonality.NONE),
    HOLT_DAMPED("holt_damped", true, true, Seasonality.NONE),
    HOLT_WINTERS_ADD("holt_winters_add", true, false, Seasonality.ADDITIVE),
    HOLT_WINTERS_MUL("holt_winters_mul", true, false, Seasonality.MULTIPLICATIVE),
    /**
     * The ETS state-space family fitted by maximum likelihood ({@link EtsEstimator}); param
     * {@code model} names the member ({@code ANN}, {@code MAdM}, ...) or {@code auto}
     * ({@link AutoEts}: lowest AICc). Its structure comes from that param, not from this constant.
     */
    ETS("ets", false, false, Seasonality.NONE);

    /** Seasonal component of an exponential smoothing model. */
    public enum Seasonality { NONE, ADDITIVE, MULTIPLICATIVE }

    private final String configName;
    private final boolean trend;
    private final boolean alwaysDamped;
    private final Seasonality seasonality;

    Algorithm(String configName, boolean trend, boolean alwaysDamped, Seasonality seasonality) {
        this.configName = configName;
        this.trend = trend;
        this.alwaysDamped = alwaysDamped;
        this.seasonality = seasonality;
    }

    /** The name used in configs, e.g. {@code holt_winters_add}. */
    public String configName() {
        return configName;
    }

    /** True for exponential smoothing models (ses, holt*, holt_winters_*). */
    public boolean isExponentialSmoothing() {
        return this == SES || trend;
    }

    /** True if the model has a trend component. */
    public boolean hasTrend() {
        return trend;
    }

    /** True if the trend is damped whatever the {@code damped} param says. */
    public boolean alwaysDamped() {
        return alwaysDamped;
    }

    /** True if the model may be damped ({@code damped=true} is allowed). */
    public boolean dampable() {
        return trend;
    }

    /** The seasonal component (NONE for the naive family, which handles seasons itself). */
    public Seasonality seasonality() {
        return seasonality;
    }

    /** True if {@code season_length} applies. */
    public boolean usesSeasonLength() {
        return this == SEASONAL_NAIVE || this == ETS || seasonality != Seasonality.NONE;
    }

    /**
     * Looks an algorithm up by config name (case-sensitive, as written in configs).
     *
     * @throws InvalidModelSpecException naming the known algorithms if there is none
     */
    public static Algorithm fromConfigName(String name) {
        for (Algorithm a : values()) {
            if (a.configName.equals(name)) {
                return a;
            }
        }
        throw new InvalidModelSpecException("algorithm", name, "unknown algorithm; expected one of "
                + Arrays.stream(values()).map(Algorithm::configName).collect(Collectors.joining(", ")));
    }
}
