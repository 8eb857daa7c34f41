package io.driftwatch.forecast.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Prediction intervals by residual bootstrap (fpp3 section 5.5, "bootstrapped residuals").
 *
 * <p>Each of {@code numSamples} paths draws, for every step, one in-sample residual uniformly with
 * replacement, multiplies it by {@code temperature} and feeds it to
 * {@link FittedModel#simulate}, so errors propagate through the model's state and intervals widen
 * with the horizon. Per step the bounds are the empirical quantiles (linear interpolation between
 * order statistics, numpy's default) at (1 - level)/2 and 1 - (1 - level)/2.
 *
 * <p>Guarantees: the result is finite and lower <= yhat <= upper. Non-finite residuals are ignored;
 * if none remain, or temperature is 0, the interval is degenerate (lower = upper = yhat);
 * non-finite simulated values are dropped per step (degenerate if all are). Bounds on the wrong
 * side of yhat (possible when residuals are biased) are clamped to yhat. Reproducible: the
 * draws come from {@code new SplittableRandom(seed)}.
 */
public final class ResidualBootstrap {

    private ResidualBootstrap() {
    }

    /**
     * @param model a fitted model
     * @param horizon steps, >= 1
     * @param numSamples paths, >= 1
     * @param temperature scale on resampled residuals, finite and >= 0
     * @param level nominal coverage in (0, 1)
     * @param seed RNG seed
     * @throws IllegalArgumentException if an argument is out of range
     * @throws IllegalStateException if the model's point forecast is not finite
     */
    public static Forecast forecast(FittedModel model, int horizon, int numSamples, double temperature,
                                    double level, long seed) {
        checkArgs(horizon, numSamples, temperature, level);
        double[] yhat = model.forecast(horizon);
        for (int k = 0; k < horizon; k++) {
            if (!Double.isFinite(yhat[k])) {
                throw new IllegalStateException("non-finite point forecast at step " + (k + 1) + ": " + yhat[k]);
            }
        }
        double[] residuals = Arrays.stream(model.residuals()).filter(Double::isFinite).toArray();
        if (residuals.length == 0 || temperature == 0) {
            return new Forecast(yhat, yhat, yhat, level);
        }
        double[][] samples = samplePaths(model, residuals, horizon, numSamples, temperature, seed);
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double pLow = (1 - level) / 2;
        for (int k = 0; k < horizon; k++) {
            double[] s = finiteSorted(samples[k]);
            lower[k] = s.length == 0 ? yhat[k] : Math.min(quantile(s, pLow), yhat[k]);
            upper[k] = s.length == 0 ? yhat[k] : Math.max(quantile(s, 1 - pLow), yhat[k]);
        }
        return new Forecast(yhat, lower, upper, level);
    }

    private static void checkArgs(int horizon, int numSamples, double temperature, double level) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
        if (numSamples < 1) {
            throw new IllegalArgumentException("numSamples must be >= 1, got " + numSamples);
        }
        if (!(temperature >= 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
    }

    /** samples[k][i] = value of path i at step k+1. */
    private static double[][] samplePaths(FittedModel model, double[] residuals, int horizon, int numSamples,
                                          double temperature, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] samples = new double[horizon][numSamples];
        double[] innovations = new double[horizon];
        for (int i = 0; i < numSamples; i++) {
            for (int k = 0; k < horizon; k++) {
                innovations[k] = temperature * residuals[rng.nextInt(residuals.length)];
            }
            double[] path = model.simulate(innovations);
            for (int k = 0; k < horizon; k++) {
                samples[k][i] = path[k];
            }
        }
        return samples;
    }

    private static double[] finiteSorted(double[] values) {
        double[] s = Arrays.stream(values).filter(Double::isFinite).toArray();
        Arrays.sort(s);
        return s;
    }

    /** Quantile of sorted data by linear interpolation (Hyndman-Fan type 7, numpy's default). */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
