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

    /**
     * The {@code p}-quantile of t(df), {@code 0 < p < 1}: commons-math3's inverse as the start, then
     * Newton steps on the directly computed upper tail {@link #sf} until they stop improving (the
     * solver alone leaves ~1e-9 relative error in the tail).
     */
    static double quantile(double p, double df) {
        if (p == 0.5) {
            return 0.0;
        }
        double tail = Math.min(p, 1 - p);
        TDistribution t = new TDistribution(null, df, 1e-12);
        double x = Math.abs(t.inverseCumulativeProbability(tail));
        for (int i = 0; i < 8; i++) {
            double step = (sf(x, df) - tail) / t.density(x);
            x += step;
            if (Math.abs(step) <= 1e-15 * x) {
                break;
            }
        }
        return p < 0.5 ? -x : x;
    }
}
