package io.driftwatch.retrain.decay;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.driftwatch.forecast.model.Algorithm;

/**
 * Bandit-prior decay: multiplies the Beta(alpha, beta) prior of each arm by a factor so old
 * evidence weighs less, and resets a prior that became weaker than the uniform one to (1, 1).
 *
 * <p>Params it decays (all other params are copied unchanged):
 * <ul>
 *   <li>{@code arm.<id>.alpha} / {@code arm.<id>.beta} — one prior per arm, any algorithm;</li>
 *   <li>{@code alpha} / {@code beta} — a single prior, only when the algorithm is <em>not</em> a
 *       forecasting algorithm (for ses/holt/... they are smoothing weights, not priors).</li>
 * </ul>
 * Rule per prior: {@code a' = a * factor, b' = b * factor}; if {@code a' + b' < 2} then
 * {@code (a', b') = (1, 1)}. Values are written as plain decimals rounded to 12 significant digits
 * so the result is the same on every JVM. Pure; no Kafka.
 */
public final class PriorDecay {

    private static final Pattern ARM = Pattern.compile("arm\\.(.+)\\.(alpha|beta)");

    private PriorDecay() {
    }

    /** The decayed params, or the input unchanged when it has no prior ({@link #hasPrior} false). */
    public static Map<String, String> apply(String algorithm, Map<String, String> params, double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("decay factor must be in (0, 1], got " + factor);
        }
        Map<String, String> out = new TreeMap<>(params);
        if (singlePrior(algorithm, params)) {
            decay(out, "alpha", "beta", factor);
        }
        for (String key : params.keySet()) {
            Matcher m = ARM.matcher(key);
            if (m.matches() && m.group(2).equals("alpha")) {
                String arm = "arm." + m.group(1) + ".";
                decay(out, arm + "alpha", arm + "beta", factor);
            }
        }
        return out;
    }

    /** True if the config has at least one prior this class decays. */
    public static boolean hasPrior(String algorithm, Map<String, String> params) {
        return singlePrior(algorithm, params) || params.keySet().stream().anyMatch(k -> ARM.matcher(k).matches());
    }

    private static boolean singlePrior(String algorithm, Map<String, String> params) {
        return params.containsKey("alpha") && params.containsKey("beta") && !isForecastingAlgorithm(algorithm);
    }

    private static boolean isForecastingAlgorithm(String algorithm) {
        for (Algorithm a : Algorithm.values()) {
            if (a.configName().equals(algorithm)) {
                return true;
            }
        }
        return false;
    }

    private static void decay(Map<String, String> params, String alphaKey, String betaKey, double factor) {
        double a = parse(alphaKey, params.get(alphaKey));
        double b = parse(betaKey, params.getOrDefault(betaKey, "1"));
        double[] ab = decay(a, b, factor);
        params.put(alphaKey, format(ab[0]));
        params.put(betaKey, format(ab[1]));
    }

    /** The decay rule on one prior: {alpha', beta'}. */
    public static double[] decay(double alpha, double beta, double factor) {
        double a = alpha * factor;
        double b = beta * factor;
        return a + b < 2 ? new double[] {1.0, 1.0} : new double[] {a, b};
    }

    private static double parse(String key, String raw) {
        try {
            double v = Double.parseDouble(raw);
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "bandit prior " + key + " must be a finite number > 0, got '" + raw + "'");
        }
    }

    static String format(double v) {
        return new BigDecimal(v).round(new MathContext(12)).stripTrailingZeros().toPlainString();
    }
}
