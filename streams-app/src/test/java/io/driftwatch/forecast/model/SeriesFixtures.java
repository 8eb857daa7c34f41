package io.driftwatch.forecast.model;

import java.util.SplittableRandom;

/** Deterministic synthetic series for tests. */
final class SeriesFixtures {

    private SeriesFixtures() {
    }

    /**
     * Daily-like series: level 100 + trend + weekly (m) pattern + Gaussian noise, all positive.
     *
     * @param multiplicative pattern multiplies the level instead of adding to it
     */
    static double[] seasonal(int n, int m, double trendPerStep, double noiseSd, boolean multiplicative, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            double base = 100 + trendPerStep * t;
            double pattern = Math.sin(2 * Math.PI * (t % m) / m);
            double v = multiplicative ? base * (1 + 0.2 * pattern) : base + 15 * pattern;
            y[t] = v + noiseSd * rng.nextGaussian();
        }
        return y;
    }

    /** Sum of squares. */
    static double sse(double[] residuals) {
        double s = 0;
        for (double r : residuals) {
            s += r * r;
        }
        return s;
    }
}
