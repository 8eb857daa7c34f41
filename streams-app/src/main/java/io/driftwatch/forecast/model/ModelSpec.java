package io.driftwatch.forecast.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The hyperparameters of one forecaster, as carried by {@code ModelConfig(algorithm, params)}.
 *
 * <p>Params keys (all optional; see {@link ModelSpecCodec} for the exact rules and errors):
 * <ul>
 *   <li>{@code context_length} — fit on the last N points only; 0 (default) = all</li>
 *   <li>{@code alpha}, {@code beta}, {@code gamma}, {@code phi} — a number, or {@code fitted}
 *       (default) to minimise the one-step SSE; phi only with a damped trend</li>
 *   <li>{@code season_length} — m for seasonal_naive and holt_winters_* (default 7: daily data,
 *       weekly season)</li>
 *   <li>{@code damped} — {@code true}/{@code false} for holt and holt_winters_* (holt_damped is
 *       always damped)</li>
 *   <li>{@code num_samples} (default 200), {@code temperature} (default 1.0),
 *       {@code interval_level} (default 0.95) — the residual bootstrap</li>
 *   <li>{@code initial_level}, {@code initial_trend}, {@code initial_seasonal} (comma-separated,
 *       oldest first) — fixed initial states; absent = the simple heuristic</li>
 *   <li>{@code model} — for {@code ets} only: {@code auto} (default) or an ETS code such as
 *       {@code ANN}, {@code AAdA}, {@code MAM} (error, trend, season)</li>
 * </ul>
 *
 * <p>Invariants (enforced by the codec and the compact constructor): smoothing values in [0, 1],
 * phi in (0, 1] and present only when damped, seasonLength 1 for non-seasonal algorithms,
 * numSamples >= 1, temperature finite and >= 0, intervalLevel in (0, 1).
 *
 * @param algorithm the algorithm
 * @param contextLength last N points to fit on, 0 = all
 * @param alpha level smoothing, empty = fitted
 * @param beta trend smoothing (fpp3 beta*), empty = fitted
 * @param gamma seasonal smoothing, empty = fitted
 * @param phi damping, empty = fitted (only meaningful when damped)
 * @param seasonLength m (1 when not seasonal)
 * @param damped whether the trend is damped (always true for holt_damped)
 * @param numSamples bootstrap paths
 * @param temperature scale on resampled residuals
 * @param intervalLevel nominal interval coverage
 * @param initialState fixed initial states, empty = heuristic
 * @param etsModel the ETS member for {@code ets} ({@code auto} or a code like {@code MAdM}); "auto" otherwise
 */
public record ModelSpec(Algorithm algorithm, int contextLength, OptionalDouble alpha, OptionalDouble beta,
                        OptionalDouble gamma, OptionalDouble phi, int seasonLength, boolean damped,
                        int numSamples, double temperature, double intervalLevel,
                        Optional<InitialState> initialState, String etsModel) {

    public static final String CONTEXT_LENGTH = "context_length";
    public static final String ALPHA = "alpha";
    public static final String BETA = "beta";
    public static final String GAMMA = "gamma";
    public static final String PHI = "phi";
    public static final String SEASON_LENGTH = "season_length";
    public static final String DAMPED = "damped";
    public static final String NUM_SAMPLES = "num_samples";
    public static final String TEMPERATURE = "temperature";
    public static final String INTERVAL_LEVEL = "interval_level";
    public static final String INITIAL_LEVEL = "initial_level";
    public static final String INITIAL_TREND = "initial_trend";
    public static final String INITIAL_SEASONAL = "initial_seasonal";
    /** The value meaning "estimate this smoothing parameter". */
    public static final String FITTED = "fitted";
    public static final String MODEL = "model";
    /** The {@code model} value meaning "select the ETS member by AICc". */
    public static final String AUTO = "auto";

    /** A spec without an ETS model (every algorithm but {@code ets}). */
    public ModelSpec(Algorithm algorithm, int contextLength, OptionalDouble alpha, OptionalDouble beta,
                     OptionalDouble gamma, OptionalDouble phi, int seasonLength, boolean damped,
                     int numSamples, double temperature, double intervalLevel,
                     Optional<InitialState> initialState) {
        this(algorithm, contextLength, alpha, beta, gamma, phi, seasonLength, damped, numSamples, temperature,
                intervalLevel, initialState, AUTO);
    }

    /** Checks the cross-field invariants (the codec reports the same problems by key). */
    public ModelSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        if (algorithm.alwaysDamped() && !damped) {
            throw new IllegalArgumentException(algorithm.configName() + " is always damped");
        }
        if (damped && !algorithm.dampable()) {
            throw new IllegalArgumentException(algorithm.configName() + " has no trend to damp");
        }
        if (!algorithm.usesSeasonLength() && seasonLength != 1) {
            throw new IllegalArgumentException(algorithm.configName() + " is not seasonal: seasonLength must be 1");
        }
        if (contextLength < 0 || seasonLength < 1 || numSamples < 1 || !(temperature >= 0)
                || !Double.isFinite(temperature) || !(intervalLevel > 0 && intervalLevel < 1)) {
            throw new IllegalArgumentException("out-of-range hyperparameter in " + algorithm.configName());
        }
        Objects.requireNonNull(initialState, "initialState (use Optional.empty())");
        checkSmoothing(alpha, beta, gamma, phi, damped);
        Objects.requireNonNull(etsModel, "etsModel (use \"auto\")");
        if (!etsModel.equals(AUTO)) {
            EtsType type = EtsType.parse(etsModel);
            if (type.seasonal() && seasonLength < 2) {
                throw new IllegalArgumentException(
                        "ets model " + etsModel + " is seasonal: season_length must be >= 2");
            }
        }
    }

    private static void checkSmoothing(OptionalDouble alpha, OptionalDouble beta, OptionalDouble gamma,
                                       OptionalDouble phi, boolean damped) {
        for (OptionalDouble v : new OptionalDouble[] {alpha, beta, gamma}) {
            if (v.isPresent() && !(v.getAsDouble() >= 0 && v.getAsDouble() <= 1)) {
                throw new IllegalArgumentException("smoothing parameters must be in [0, 1], got " + v.getAsDouble());
            }
        }
        if (phi.isPresent() && (!damped || !(phi.getAsDouble() > 0 && phi.getAsDouble() <= 1))) {
            throw new IllegalArgumentException(
                    "phi must be in (0, 1] and needs a damped trend, got " + phi.getAsDouble());
        }
    }

    /** The defaults for an algorithm: everything fitted, all context, heuristic initial states. */
    public static ModelSpec defaults(Algorithm algorithm) {
        return ModelSpecCodec.parse(algorithm.configName(), Map.of());
    }

    /**
     * Parses a config ({@code ModelConfig.algorithm}, {@code ModelConfig.params}).
     *
     * @throws InvalidModelSpecException naming the first bad key and value
     */
    public static ModelSpec parse(String algorithm, Map<String, String> params) {
        return ModelSpecCodec.parse(algorithm, params);
    }

    /** The params map that {@link #parse} turns back into this spec (sorted, canonical numbers). */
    public Map<String, String> toParams() {
        return ModelSpecCodec.format(this);
    }

    /** This spec with smoothing parameters fixed to the given values (for what-if and tests). */
    public ModelSpec withSmoothing(SmoothingParams p) {
        return new ModelSpec(
                algorithm,
                contextLength,
                OptionalDouble.of(p.alpha()),
                algorithm.hasTrend() ? OptionalDouble.of(p.beta()) : OptionalDouble.empty(),
                algorithm.seasonality() != Algorithm.Seasonality.NONE
                        ? OptionalDouble.of(p.gamma())
                        : OptionalDouble.empty(),
                damped ? OptionalDouble.of(p.phi()) : OptionalDouble.empty(),
                seasonLength,
                damped,
                numSamples,
                temperature,
                intervalLevel,
                initialState,
                etsModel);
    }

    /** This spec with fixed initial states. */
    public ModelSpec withInitialState(InitialState state) {
        return new ModelSpec(algorithm, contextLength, alpha, beta, gamma, phi, seasonLength, damped,
                numSamples, temperature, intervalLevel, Optional.of(state), etsModel);
    }

    /** This spec with another bootstrap temperature. */
    public ModelSpec withTemperature(double t) {
        return new ModelSpec(algorithm, contextLength, alpha, beta, gamma, phi, seasonLength, damped,
                numSamples, t, intervalLevel, initialState, etsModel);
    }
}
