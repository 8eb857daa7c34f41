package io.driftwatch.forecast.model;

import java.util.Arrays;

/**
 * Point forecasts with a prediction interval for steps 1..h.
 *
 * <p>Invariants, checked on construction: the three arrays have the same length, every value is
 * finite, and {@code lower[k] <= yhat[k] <= upper[k]}; {@code level} is in (0, 1). The arrays are
 * copied in and out, so a Forecast is immutable.
 *
 * @param yhat point forecasts
 * @param lower lower bounds of the central {@code level} interval
 * @param upper upper bounds
 * @param level nominal coverage, e.g. 0.95
 */
public record Forecast(double[] yhat, double[] lower, double[] upper, double level) {

    /** Validates and copies. */
    public Forecast {
        if (yhat.length != lower.length || yhat.length != upper.length) {
            throw new IllegalArgumentException("yhat, lower and upper must have the same length");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        for (int k = 0; k < yhat.length; k++) {
            if (!Double.isFinite(yhat[k]) || !Double.isFinite(lower[k]) || !Double.isFinite(upper[k])
                    || lower[k] > yhat[k] || yhat[k] > upper[k]) {
                throw new IllegalArgumentException("step " + (k + 1) + " violates finite lower <= yhat <= upper: "
                        + lower[k] + ", " + yhat[k] + ", " + upper[k]);
            }
        }
        yhat = yhat.clone();
        lower = lower.clone();
        upper = upper.clone();
    }

    /** Number of steps. */
    public int horizon() {
        return yhat.length;
    }

    @Override
    public double[] yhat() {
        return yhat.clone();
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Forecast f && level == f.level && Arrays.equals(yhat, f.yhat)
                && Arrays.equals(lower, f.lower) && Arrays.equals(upper, f.upper);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(yhat) + Arrays.hashCode(lower)) + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        return "Forecast[yhat=" + Arrays.toString(yhat) + ", lower=" + Arrays.toString(lower)
                + ", upper=" + Arrays.toString(upper) + ", level=" + level + "]";
    }
}
