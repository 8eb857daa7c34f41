package io.driftwatch.forecast.model;

import java.util.Arrays;

/**
 * Initial states of an exponential smoothing model: level l_0, trend b_0 and the m seasonal
 * indices that apply to the first season.
 *
 * <p>Seasonal convention (same as statsmodels' {@code ExponentialSmoothing(initial_seasonal=...)}):
 * {@code seasonals[j]} is the index applied to {@code y[j]}, j = 0..m-1, i.e. fpp3's s_{j+1-m},
 * oldest first. Additive indices are offsets, multiplicative ones are factors. A non-seasonal
 * model has an empty array; a trendless one ignores {@code trend}.
 *
 * @param level l_0, the level before the first observation
 * @param trend b_0
 * @param seasonals the first season's indices, oldest first (copied)
 */
public record InitialState(double level, double trend, double[] seasonals) {

    /** Validates and copies. */
    public InitialState {
        if (!Double.isFinite(level) || !Double.isFinite(trend)) {
            throw new IllegalArgumentException("initial level and trend must be finite");
        }
        seasonals = seasonals.clone();
        for (double s : seasonals) {
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("initial seasonals must be finite");
            }
        }
    }

    /**
     * The "simple" initialisation of Hyndman &amp; Athanasopoulos (fpp2 section 7.6), identical to
     * statsmodels' {@code _initialization_simple}. Non-seasonal: l_0 = y_0, b_0 = y_1 - y_0.
     * Seasonal (needs 2m points): l_0 = mean of the first season, b_0 = (mean of the second season -
     * mean of the first) / m, s_j = y_j - l_0 (additive) or y_j / l_0 (multiplicative).
     *
     * @throws IllegalArgumentException if y is too short (2 points for a trend, 2m for a season)
     */
    public static InitialState simple(Algorithm.Seasonality seasonality, boolean trend, int m, double[] y) {
        if (seasonality == Algorithm.Seasonality.NONE) {
            requireLength(y, trend ? 2 : 1, "to initialise the level" + (trend ? " and trend" : ""));
            return new InitialState(y[0], trend ? y[1] - y[0] : 0.0, new double[0]);
        }
        requireLength(y, 2 * m, "(two full seasons of " + m + ") to initialise the seasonal model");
        double first = mean(y, 0, m);
        double b0 = trend ? (mean(y, m, 2 * m) - first) / m : 0.0;
        double[] s = new double[m];
        for (int j = 0; j < m; j++) {
            s[j] = seasonality == Algorithm.Seasonality.ADDITIVE ? y[j] - first : y[j] / first;
        }
        return new InitialState(first, b0, s);
    }

    private static void requireLength(double[] y, int min, String why) {
        if (y.length < min) {
            throw new IllegalArgumentException("need at least " + min + " points " + why + ", got " + y.length);
        }
    }

    private static double mean(double[] y, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += y[i];
        }
        return sum / (to - from);
    }

    @Override
    public double[] seasonals() {
        return seasonals.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InitialState s && Double.compare(level, s.level) == 0
                && Double.compare(trend, s.trend) == 0 && Arrays.equals(seasonals, s.seasonals);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(level) + Double.hashCode(trend)) + Arrays.hashCode(seasonals);
    }

    @Override
    public String toString() {
        return "InitialState[level=" + level + ", trend=" + trend + ", seasonals=" + Arrays.toString(seasonals) + "]";
    }
}
