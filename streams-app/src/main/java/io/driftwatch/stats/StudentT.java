package io.driftwatch.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;

/**
 * Student t tail probabilities and quantiles accurate in the far tail. commons-math3's
 * {@code TDistribution.cumulativeProbability} returns {@code 1 - I/2} for positive arguments, which
 * cancels to 0 below ~1e-16; {@link #sf} evaluates the small tail directly as
 * {@code I_{df/(df+t^2)}(df/2, 1/2) / 2} (the regularized incomplete beta function).
 */
final class StudentT {

    private StudentT() {
    }

    /** {@code P(T > t)} for {@code T ~ t(df)}, {@code df > 0}; NaN for NaN input. */
    static double sf(double t, double df) {
        if (Double.isNaN(t) || !(df > 0)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 0.0 : 1.0;
        }
        double half = 0.5 * Beta.regularizedBeta(df / (df + t * t), 0.5 * df, 0.5, 1e-15, Integer.MAX_VALUE);
        return t > 0 ? half : 1.0 - half;
    }

    /** The {@code p}-quantile of t(df), {@code 0 < p < 1}, to ~1e-14 absolute accuracy. */
    static double quantile(double p, double df) {
        return new TDistribution(null, df, 1e-14).inverseCumulativeProbability(p);
    }
}
