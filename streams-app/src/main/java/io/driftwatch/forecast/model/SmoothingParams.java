package io.driftwatch.forecast.model;

/**
 * Smoothing parameters of the component-form recursions (fpp3 section 8): alpha (level), beta
 * (trend; fpp3's beta*, as statsmodels' {@code smoothing_trend}), gamma (season), phi (damping;
 * 1 = undamped). Parameters a model does not use are ignored.
 *
 * <p>Invariants: alpha, beta, gamma in [0, 1]; phi in (0, 1].
 */
public record SmoothingParams(double alpha, double beta, double gamma, double phi) {

    /** Validates the ranges. */
    public SmoothingParams {
        checkUnit("alpha", alpha);
        checkUnit("beta", beta);
        checkUnit("gamma", gamma);
        if (!(phi > 0 && phi <= 1)) {
            throw new IllegalArgumentException("phi must be in (0, 1], got " + phi);
        }
    }

    private static void checkUnit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }
}
