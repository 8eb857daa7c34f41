package io.driftwatch.forecast.model;

/**
 * The state-space recursion of an {@link EtsType} model (Hyndman et al. 2008, Table 2.2, written
 * in the error-correction form of R's {@code forecast} package, {@code etscalc.c}). With
 * q = l_{t-1} + phi b_{t-1} (q = l_{t-1} without trend) and s = s_{t-m}:
 * <pre>
 *   mu_t = q | q + s | q * s                         (season N | A | M)
 *   e_t  = y_t - mu_t  (error A)  |  (y_t - mu_t) / mu_t  (error M)
 *   l_t  = q + alpha (p - q),   p = y_t | y_t - s | y_t / s
 *   b_t  = phi b_{t-1} + beta (p - q)
 *   s_t  = s + gamma (r - s),   r = y_t - q | y_t / q
 * </pre>
 * The state update is the same for both error types (it only depends on y); the error type
 * changes the likelihood and how simulated innovations enter. beta and gamma are the
 * parameters of Hyndman et al. (2008) (beta = alpha beta* of fpp3). phi = 1 without damping.
 *
 * <p>Log-likelihood (Gaussian, sigma concentrated out, as statsmodels' {@code ETSModel}):
 * {@code -n/2 (log(2 pi SSE/n) + 1) - sum log|mu_t|} (the last term for multiplicative error only).
 *
 * <p>Mutable, not thread-safe, allocation-free in {@link #logLik} (whose loop is {@link #step}
 * inlined, for speed: the two must stay the same recursion; {@code EtsReferenceTest} checks both,
 * through the likelihood and the fitted residuals): one instance per fit. The season is a ring
 * buffer: slot {@code t mod m} holds the index for the phase of observation t.
 */
final class EtsCalc implements OneStepRecursion {

    final EtsType type;
    final int m;
    private final boolean trend;
    private final EtsType.Season season;
    private final boolean multError;
    final double[] s;
    double alpha;
    double beta;
    double gamma;
    double phi;
    double level;
    double slope;
    int t;

    EtsCalc(EtsType type, int m) {
        this.type = type;
        this.m = type.seasonal() ? m : 1;
        this.trend = type.hasTrend();
        this.season = type.season();
        this.multError = type.error() == EtsType.Error.M;
        this.s = new double[this.m];
    }

    @Override
    public EtsCalc copy() {
        EtsCalc c = new EtsCalc(type, m);
        c.setParams(alpha, beta, gamma, phi);
        c.level = level;
        c.slope = slope;
        c.t = t;
        System.arraycopy(s, 0, c.s, 0, m);
        return c;
    }

    void setParams(double alpha, double beta, double gamma, double phi) {
        this.alpha = alpha;
        this.beta = trend ? beta : 0;
        this.gamma = type.seasonal() ? gamma : 0;
        this.phi = type.damped() ? phi : 1;
    }

    /** Resets to level l0, trend b0 and the first season's indices (oldest first; ignored when not seasonal). */
    void reset(double l0, double b0, double[] seasonals) {
        level = l0;
        slope = trend ? b0 : 0;
        t = 0;
        if (type.seasonal()) {
            System.arraycopy(seasonals, 0, s, 0, m);
        } else {
            s[0] = season == EtsType.Season.M ? 1 : 0;
        }
    }

    /** The one-step forecast mu of the next observation. */
    @Override
    public double oneStep() {
        double q = level + phi * slope;
        return switch (season) {
            case A -> q + s[t % m];
            case M -> q * s[t % m];
            default -> q;
        };
    }

    /** Consumes y; returns the error e (additive or relative, by the error type). */
    @Override
    public double step(double y) {
        int j = t % m;
        double sj = s[j];
        double q = level + phi * slope;
        double mu;
        double p;
        switch (season) {
            case A -> {
                mu = q + sj;
                p = y - sj;
                s[j] = sj + gamma * (y - q - sj);
            }
            case M -> {
                mu = q * sj;
                p = y / sj;
                s[j] = sj + gamma * (y / q - sj);
            }
            default -> {
                mu = q;
                p = y;
            }
        }
        level = q + alpha * (p - q);
        if (trend) {
            slope = phi * slope + beta * (p - q);
        }
        t++;
        return multError ? (y - mu) / mu : y - mu;
    }

    /**
     * Resets and runs over y; the Gaussian log-likelihood with sigma concentrated out, or NaN when
     * a multiplicative model's one-step forecast is not positive (or anything is non-finite).
     */
    double logLik(double[] y, double l0, double b0, double[] seasonals) {
        reset(l0, b0, seasonals);
        final boolean seasonA = season == EtsType.Season.A;
        final boolean seasonM = season == EtsType.Season.M;
        final boolean check = multError || seasonM;
        final double[] st = s;
        final double a = alpha;
        final double bt = beta;
        final double g = gamma;
        final double ph = phi;
        double l = level;
        double b = slope;
        double sse = 0;
        double sumLog = 0;
        double prod = 1;
        int j = 0;
        final int n = y.length;
        for (int i = 0; i < n; i++) {
            double v = y[i];
            double q = l + ph * b;
            double mu;
            double p;
            if (seasonA) {
                double sj = st[j];
                mu = q + sj;
                p = v - sj;
                st[j] = sj + g * (v - q - sj);
            } else if (seasonM) {
                double sj = st[j];
                mu = q * sj;
                p = v / sj;
                st[j] = sj + g * (v / q - sj);
            } else {
                mu = q;
                p = v;
            }
            double e;
            if (check) {
                if (!(mu > 0)) {
                    return Double.NaN;
                }
            }
            if (multError) {
                e = (v - mu) / mu;
                prod *= mu;
                if ((i & 7) == 7) { // log of a product of 8: one log per 8 points, no overflow for |log mu| < 88
                    sumLog += Math.log(prod);
                    prod = 1;
                }
            } else {
                e = v - mu;
            }
            sse += e * e;
            l = q + a * (p - q);
            b = ph * b + bt * (p - q);
            if (++j == m) {
                j = 0;
            }
        }
        sumLog += Math.log(prod);
        level = l;
        slope = b;
        t = n;
        double ll = concentrated(sse, n) - sumLog;
        return Double.isFinite(ll) && Double.isFinite(l) ? ll : Double.NaN;
    }

    /** The Gaussian log-likelihood of n errors with sum of squares sse, sigma concentrated out. */
    static double concentrated(double sse, int n) {
        return -0.5 * n * (Math.log(2 * Math.PI * sse / n) + 1);
    }

    /** Point forecasts 1..h from the current state (the conditional mean for additive error classes). */
    double[] forecast(int h) {
        double[] out = new double[h];
        double phiSum = 0;
        double phiPow = 1;
        for (int k = 1; k <= h; k++) {
            phiPow *= phi;
            phiSum += phiPow;
            double q = level + phiSum * slope;
            double sj = s[(t + k - 1) % m];
            out[k - 1] = switch (season) {
                case A -> q + sj;
                case M -> q * sj;
                default -> q;
            };
        }
        return out;
    }

    /** Simulates one path: y = mu + e (additive error) or mu (1 + e) (multiplicative), updating the state. */
    double[] simulate(double[] innovations) {
        double[] out = new double[innovations.length];
        for (int k = 0; k < out.length; k++) {
            double mu = oneStep();
            out[k] = multError ? mu * (1 + innovations[k]) : mu + innovations[k];
            step(out[k]);
        }
        return out;
    }
}
