package io.driftwatch.forecast.model;

import static io.driftwatch.forecast.model.ModelSpec.ALPHA;
import static io.driftwatch.forecast.model.ModelSpec.AUTO;
import static io.driftwatch.forecast.model.ModelSpec.BETA;
import static io.driftwatch.forecast.model.ModelSpec.CONTEXT_LENGTH;
import static io.driftwatch.forecast.model.ModelSpec.DAMPED;
import static io.driftwatch.forecast.model.ModelSpec.FITTED;
import static io.driftwatch.forecast.model.ModelSpec.GAMMA;
import static io.driftwatch.forecast.model.ModelSpec.INITIAL_LEVEL;
import static io.driftwatch.forecast.model.ModelSpec.INITIAL_SEASONAL;
import static io.driftwatch.forecast.model.ModelSpec.INITIAL_TREND;
import static io.driftwatch.forecast.model.ModelSpec.INTERVAL_LEVEL;
import static io.driftwatch.forecast.model.ModelSpec.MODEL;
import static io.driftwatch.forecast.model.ModelSpec.NUM_SAMPLES;
import static io.driftwatch.forecast.model.ModelSpec.PHI;
import static io.driftwatch.forecast.model.ModelSpec.SEASON_LENGTH;
import static io.driftwatch.forecast.model.ModelSpec.TEMPERATURE;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Parses {@link ModelSpec} from, and formats it to, the {@code Map<String,String>} params of a
 * {@code ModelConfig}.
 *
 * <p>Strict on purpose: an unknown key, or a known key that does not apply to the algorithm
 * (e.g. {@code gamma} for {@code holt}), is an error rather than silently ignored, so a typo in a
 * config fails at start-up instead of quietly changing the model. Every error is an
 * {@link InvalidModelSpecException} naming the key and value. {@code format} emits only keys the
 * algorithm uses, so {@code parse(a, format(spec))} equals {@code spec}.
 */
final class ModelSpecCodec {

    static final int DEFAULT_SEASON_LENGTH = 7;
    static final int DEFAULT_NUM_SAMPLES = 200;
    static final int MAX_NUM_SAMPLES = 100_000;
    static final double DEFAULT_TEMPERATURE = 1.0;
    static final double DEFAULT_INTERVAL_LEVEL = 0.95;

    private static final List<String> ALL_KEYS = List.of(CONTEXT_LENGTH, ALPHA, BETA, GAMMA, PHI,
            SEASON_LENGTH, DAMPED, NUM_SAMPLES, TEMPERATURE, INTERVAL_LEVEL, INITIAL_LEVEL, INITIAL_TREND,
            INITIAL_SEASONAL, MODEL);

    private ModelSpecCodec() {
    }

    /** The keys that apply to an algorithm, in documentation order. */
    static Set<String> keysFor(Algorithm a) {
        Set<String> keys = new LinkedHashSet<>(List.of(CONTEXT_LENGTH, NUM_SAMPLES, TEMPERATURE, INTERVAL_LEVEL));
        if (a.usesSeasonLength()) {
            keys.add(SEASON_LENGTH);
        }
        if (a == Algorithm.ETS) {
            keys.add(MODEL);
        }
        if (a.isExponentialSmoothing()) {
            keys.addAll(List.of(ALPHA, INITIAL_LEVEL));
        }
        if (a.hasTrend()) {
            keys.addAll(List.of(BETA, DAMPED, PHI, INITIAL_TREND));
        }
        if (a.seasonality() != Algorithm.Seasonality.NONE) {
            keys.addAll(List.of(GAMMA, INITIAL_SEASONAL));
        }
        return keys;
    }

    static ModelSpec parse(String algorithmName, Map<String, String> params) {
        if (algorithmName == null) {
            throw new InvalidModelSpecException("algorithm", null, "missing algorithm");
        }
        Algorithm a = Algorithm.fromConfigName(algorithmName);
        checkKeys(a, params);
        boolean damped = parseBoolean(params, DAMPED, a.alwaysDamped());
        if (a.alwaysDamped() && !damped) {
            throw new InvalidModelSpecException(DAMPED, params.get(DAMPED), a.configName() + " is always damped");
        }
        if (!damped && params.containsKey(PHI)) {
            throw new InvalidModelSpecException(
                    PHI, params.get(PHI), "phi applies only to a damped trend (damped=true)");
        }
        int m = a.usesSeasonLength() ? parseInt(params, SEASON_LENGTH, DEFAULT_SEASON_LENGTH,
                a == Algorithm.SEASONAL_NAIVE || a == Algorithm.ETS ? 1 : 2, 10_000) : 1;
        String etsModel = parseEtsModel(params, m);
        return new ModelSpec(a, parseInt(params, CONTEXT_LENGTH, 0, 0, Integer.MAX_VALUE),
                smoothing(params, ALPHA, false), smoothing(params, BETA, false), smoothing(params, GAMMA, false),
                smoothing(params, PHI, true), m, damped,
                parseInt(params, NUM_SAMPLES, DEFAULT_NUM_SAMPLES, 1, MAX_NUM_SAMPLES),
                parseTemperature(params), parseLevel(params), parseInitialState(a, m, params), etsModel);
    }

    private static String parseEtsModel(Map<String, String> params, int m) {
        String raw = params.get(MODEL);
        if (raw == null || raw.trim().equals(AUTO)) {
            return AUTO;
        }
        EtsType type;
        try {
            type = EtsType.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelSpecException(MODEL, raw, "must be 'auto' or an ETS code: error A|M, trend N|A|Ad, "
                    + "season N|A|M, e.g. ANN, AAdN, MAM");
        }
        if (type.seasonal() && m < 2) {
            throw new InvalidModelSpecException(MODEL, raw, "is seasonal: needs season_length >= 2");
        }
        if (type.error() == EtsType.Error.A && type.season() == EtsType.Season.M) {
            throw new InvalidModelSpecException(MODEL, raw, "additive error with a multiplicative season is not "
                    + "admissible (infinite variance); use MNM, MAM or MAdM");
        }
        return type.code();
    }

    private static void checkKeys(Algorithm a, Map<String, String> params) {
        Set<String> allowed = keysFor(a);
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                String reason = ALL_KEYS.contains(e.getKey())
                        ? "does not apply to algorithm " + a.configName() + "; its keys are " + allowed
                        : "unknown key; known keys are " + ALL_KEYS;
                throw new InvalidModelSpecException(e.getKey(), e.getValue(), reason);
            }
            if (e.getValue() == null) {
                throw new InvalidModelSpecException(e.getKey(), null, "value must not be null");
            }
        }
    }

    private static OptionalDouble smoothing(Map<String, String> params, String key, boolean isPhi) {
        String raw = params.get(key);
        if (raw == null || raw.equals(FITTED)) {
            return OptionalDouble.empty();
        }
        double v = parseNumber(key, raw, isPhi ? "a number in (0, 1] or 'fitted'" : "a number in [0, 1] or 'fitted'");
        boolean ok = isPhi ? v > 0 && v <= 1 : v >= 0 && v <= 1;
        if (!ok) {
            throw new InvalidModelSpecException(
                    key, raw, "must be " + (isPhi ? "in (0, 1]" : "in [0, 1]") + " or 'fitted'");
        }
        return OptionalDouble.of(v);
    }

    private static double parseTemperature(Map<String, String> params) {
        String raw = params.get(TEMPERATURE);
        double t = raw == null ? DEFAULT_TEMPERATURE : parseNumber(TEMPERATURE, raw, "a finite number >= 0");
        if (!(t >= 0)) {
            throw new InvalidModelSpecException(TEMPERATURE, raw, "must be a finite number >= 0");
        }
        return t;
    }

    private static double parseLevel(Map<String, String> params) {
        String raw = params.get(INTERVAL_LEVEL);
        double v = raw == null ? DEFAULT_INTERVAL_LEVEL : parseNumber(INTERVAL_LEVEL, raw, "a number in (0, 1)");
        if (!(v > 0 && v < 1)) {
            throw new InvalidModelSpecException(INTERVAL_LEVEL, raw, "must be a number in (0, 1), e.g. 0.95");
        }
        return v;
    }

    private static Optional<InitialState> parseInitialState(Algorithm a, int m, Map<String, String> params) {
        boolean seasonal = a.seasonality() != Algorithm.Seasonality.NONE;
        if (!params.containsKey(INITIAL_LEVEL)) {
            for (String k : List.of(INITIAL_TREND, INITIAL_SEASONAL)) {
                if (params.containsKey(k)) {
                    throw new InvalidModelSpecException(
                            k, params.get(k), "fixed initial states need initial_level too");
                }
            }
            return Optional.empty();
        }
        double level = parseNumber(INITIAL_LEVEL, params.get(INITIAL_LEVEL), "a finite number");
        double trend = 0.0;
        if (a.hasTrend()) {
            trend = parseNumber(INITIAL_TREND, required(params, INITIAL_TREND), "a finite number");
        }
        double[] seasons = seasonal ? parseSeasonals(required(params, INITIAL_SEASONAL), m) : new double[0];
        return Optional.of(new InitialState(level, trend, seasons));
    }

    private static String required(Map<String, String> params, String key) {
        String raw = params.get(key);
        if (raw == null) {
            throw new InvalidModelSpecException(key, null, "required when initial_level is given");
        }
        return raw;
    }

    private static double[] parseSeasonals(String raw, int m) {
        String[] parts = raw.split(",", -1);
        if (parts.length != m) {
            throw new InvalidModelSpecException(INITIAL_SEASONAL, raw,
                    "need season_length=" + m + " comma-separated numbers, got " + parts.length);
        }
        double[] s = new double[m];
        for (int j = 0; j < m; j++) {
            s[j] = parseNumber(INITIAL_SEASONAL, raw, "comma-separated finite numbers", parts[j].trim());
        }
        return s;
    }

    private static double parseNumber(String key, String raw, String expected) {
        return parseNumber(key, raw, expected, raw.trim());
    }

    private static double parseNumber(String key, String raw, String expected, String text) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the key and expected form
        }
        throw new InvalidModelSpecException(key, raw, "must be " + expected);
    }

    private static int parseInt(Map<String, String> params, String key, int dflt, int min, int max) {
        String raw = params.get(key);
        if (raw == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidModelSpecException(key, raw, "must be an integer in [" + min + ", " + max + "]");
    }

    private static boolean parseBoolean(Map<String, String> params, String key, boolean dflt) {
        String raw = params.get(key);
        if (raw == null) {
            return dflt;
        }
        return switch (raw.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidModelSpecException(key, raw, "must be 'true' or 'false'");
        };
    }

    static Map<String, String> format(ModelSpec s) {
        Algorithm a = s.algorithm();
        Map<String, String> out = new TreeMap<>();
        out.put(CONTEXT_LENGTH, Integer.toString(s.contextLength()));
        out.put(NUM_SAMPLES, Integer.toString(s.numSamples()));
        out.put(TEMPERATURE, Double.toString(s.temperature()));
        out.put(INTERVAL_LEVEL, Double.toString(s.intervalLevel()));
        if (a.usesSeasonLength()) {
            out.put(SEASON_LENGTH, Integer.toString(s.seasonLength()));
        }
        if (a.isExponentialSmoothing()) {
            out.put(ALPHA, smoothingText(s.alpha()));
        }
        if (a.hasTrend()) {
            out.put(BETA, smoothingText(s.beta()));
            out.put(DAMPED, Boolean.toString(s.damped()));
            if (s.damped()) {
                out.put(PHI, smoothingText(s.phi()));
            }
        }
        if (a.seasonality() != Algorithm.Seasonality.NONE) {
            out.put(GAMMA, smoothingText(s.gamma()));
        }
        s.initialState().ifPresent(init -> formatInitialState(a, init, out));
        if (a == Algorithm.ETS) {
            out.put(MODEL, s.etsModel());
        }
        return out;
    }

    private static void formatInitialState(Algorithm a, InitialState init, Map<String, String> out) {
        out.put(INITIAL_LEVEL, Double.toString(init.level()));
        if (a.hasTrend()) {
            out.put(INITIAL_TREND, Double.toString(init.trend()));
        }
        if (a.seasonality() != Algorithm.Seasonality.NONE) {
            out.put(INITIAL_SEASONAL, Arrays.stream(init.seasonals()).mapToObj(Double::toString)
                    .collect(Collectors.joining(",")));
        }
    }

    private static String smoothingText(OptionalDouble v) {
        return v.isPresent() ? Double.toString(v.getAsDouble()) : FITTED;
    }
}

