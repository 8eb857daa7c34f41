package io.driftwatch.forecast.model;

/**
 * The "admissible" parameter region of R's {@code forecast::ets} ({@code forecast:::admissible},
 * Hyndman et al. 2008, ch. 10): the smoothing parameters for which the model is forecastable,
 * i.e. the influence of old observations dies out. R checks it on top of the "usual" bounds
 * ({@code bounds = "both"}, its default), for every error and season type.
 *
 * <p>Within the usual bounds of {@link EtsEstimator} (0 &lt; beta &lt; alpha &lt; 1, 0 &lt;
 * gamma &lt; 1 - alpha, phi in [0.8, 0.98] or 1) R's inequality tests always hold; what can fail is
 * its last test, for seasonal models: every root of the characteristic polynomial
 * <pre>
 *   P(z) = phi (1 - alpha - gamma) + (alpha + beta - alpha phi + gamma - 1) z
 *          + sum_{k=2}^{m-1} (alpha + beta - alpha phi) z^k + (alpha + beta - phi) z^m + z^(m+1)
 * </pre>
 * must have modulus at most 1 + 1e-10. R finds the roots ({@code polyroot}); here the Schur-Cohn
 * recursion decides whether they all lie in that disk without computing them (O(m^2) flops,
 * no allocation), so the test is cheap enough for every likelihood
 * evaluation. Not thread-safe (scratch arrays): one instance per fit.
 */
final class Admissibility {

    private static final double RADIUS = 1 + 1e-10;

    private final int m;
    private final double[] a;
    private final double[] scratch;

    /** For season length m (>= 2 for a seasonal model; non-seasonal models are always admissible here). */
    Admissibility(int m) {
        this.m = m;
        this.a = new double[m + 2];
        this.scratch = new double[m + 2];
    }

    /**
     * R's {@code admissible(alpha, beta, gamma, phi, m)} for a seasonal model (beta = 0 without
     * trend, phi = 1 without damping). Non-seasonal models pass: within the usual bounds R's
     * non-seasonal tests always hold.
     */
    boolean test(EtsType type, double alpha, double beta, double gamma, double phi) {
        if (!type.seasonal() || m < 2) {
            return true;
        }
        if (phi < 0 || phi > 1 + 1e-8) {
            return false;
        }
        if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) {
            return false;
        }
        if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m)) {
            return false;
        }
        if (beta < -(1 - phi) * (gamma / m + alpha)) {
            return false;
        }
        double mid = alpha + beta - alpha * phi;
        a[0] = phi * (1 - alpha - gamma);
        a[1] = mid + gamma - 1;
        for (int k = 2; k < m; k++) {
            a[k] = mid;
        }
        a[m] = alpha + beta - phi;
        a[m + 1] = 1;
        return rootsWithin(a, m + 1, RADIUS, scratch);
    }

    /**
     * True if every root of {@code c[0] + c[1] z + ... + c[n] z^n} (c[n] != 0) has modulus below
     * {@code radius}; overwrites c and uses q (at least as long) as scratch. Schur-Cohn: with
     * p*(z) = z^n p(1/z), all roots of p lie in the open unit disk iff |c[0]| &lt; |c[n]| and all
     * roots of (c[n] p(z) - c[0] p*(z)) / z, of
     * degree n - 1, do. The radius enters by the substitution z = radius w.
     */
    static boolean rootsWithin(double[] c, int n, double radius, double[] q) {
        double r = 1;
        for (int k = 0; k <= n; k++) {
            c[k] *= r;
            r *= radius;
        }
        for (int d = n; d > 0; d--) {
            double lead = c[d];
            double c0 = c[0];
            if (!(Math.abs(c0) < Math.abs(lead))) {
                return false;
            }
            double norm = 1 / (lead * lead - c0 * c0);
            for (int k = 0; k < d; k++) {
                q[k] = (lead * c[k + 1] - c0 * c[d - 1 - k]) * norm;
            }
            System.arraycopy(q, 0, c, 0, d);
        }
        return true;
    }
}
