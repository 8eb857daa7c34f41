package io.driftwatch.forecast.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * An ETS model fitted by {@link EtsEstimator}: parameters, initial states, likelihood and
 * information criteria, the final state, and forecasts with prediction intervals from the model.
 *
 * <p>Information criteria with k = {@link EtsEstimator#paramCount} + 1 (sigma counts, as in R):
 * AIC = -2 logL + 2k, AICc = AIC + 2k(k+1)/(n-k-1), BIC = -2 logL + k log n. logL is the full
 * Gaussian log-likelihood with sigma concentrated out (statsmodels' value; R's {@code ets} reports
 * it without the constant -n/2 (log(2 pi / n) + 1), which cancels when models are compared).
 * sigma2 = sum of squared innovations / (n - k), as R's {@code ets}.
 *
 * <p>Immutable after construction.
 */
public final class EtsFit implements FittedModel {

    private final EtsType type;
    private final int m;
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double phi;
    private final double l0;
    private final double b0;
    private final double[] seasonals;
    private final int n;
    private final double logLik;
    private final double sigma2;
    private final double[] residuals;
    private final EtsCalc state;

    private EtsFit(EtsType type, int m, double alpha, double beta, double gamma, double phi, double l0, double b0,
                   double[] seasonals, int n, double logLik, double sigma2, double[] residuals, EtsCalc state) {
        this.type = type;
        this.m = m;
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.phi = phi;
        this.l0 = l0;
        this.b0 = b0;
        this.seasonals = seasonals;
        this.n = n;
        this.logLik = logLik;
        this.sigma2 = sigma2;
        this.residuals = residuals;
        this.state = state;
    }

    /** Runs the model over y with the given parameters and initial states (seasonals oldest first). */
    static EtsFit of(double[] y, int m, EtsType type, double alpha, double beta, double gamma, double phi,
                     double l0, double b0, double[] seasonals) {
        EtsCalc c = new EtsCalc(type, m);
        c.setParams(alpha, beta, gamma, phi);
        double ll = c.logLik(y, l0, b0, seasonals);
        c.reset(l0, b0, seasonals);
        double[] resid = new double[y.length];
        double sse = 0;
        for (int i = 0; i < y.length; i++) {
            double mu = c.oneStep();
            double e = c.step(y[i]);
            resid[i] = y[i] - mu;
            sse += e * e;
        }
        int k = EtsEstimator.paramCount(type, type.seasonal() ? m : 1) + 1;
        double sigma2 = sse / Math.max(1, y.length - k);
        return new EtsFit(type, type.seasonal() ? m : 1, alpha, beta, gamma, phi, l0, b0, seasonals.clone(),
                y.length, ll, sigma2, resid, c);
    }

    public EtsType type() {
        return type;
    }

    public int seasonLength() {
        return m;
    }

    public double alpha() {
        return alpha;
    }

    /** beta of Hyndman et al. (0 without trend). */
    public double beta() {
        return beta;
    }

    /** gamma (0 without season). */
    public double gamma() {
        return gamma;
    }

    /** phi (1 unless damped). */
    public double phi() {
        return phi;
    }

    public double initialLevel() {
        return l0;
    }

    public double initialTrend() {
        return b0;
    }

    /** Initial seasonal indices, oldest first (index j applies to y[j]). */
    public double[] initialSeasonals() {
        return seasonals.clone();
    }

    public int n() {
        return n;
    }

    public double logLik() {
        return logLik;
    }

    /** Number of parameters counted by the criteria (estimated ones + sigma). */
    public int k() {
        return EtsEstimator.paramCount(type, m) + 1;
    }

    public double aic() {
        return -2 * logLik + 2 * k();
    }

    /** AICc; +infinity when n <= k + 1. */
    public double aicc() {
        int k = k();
        return n - k - 1 > 0 ? aic() + 2.0 * k * (k + 1) / (n - k - 1) : Double.POSITIVE_INFINITY;
    }

    public double bic() {
        return -2 * logLik + k() * Math.log(n);
    }

    /** Innovation variance (relative for multiplicative error). */
    public double sigma2() {
        return sigma2;
    }

    @Override
    public double[] forecast(int horizon) {
        return state.forecast(horizon);
    }

    @Override
    public double[] residuals() {
        return residuals.clone();
    }

    @Override
    public double[] simulate(double[] innovations) {
        return OneStepRecursion.simulateAdditive(state, innovations);
    }

    @Override
    public Map<String, Double> parameters() {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("alpha", alpha);
        if (type.hasTrend()) {
            p.put("beta", beta);
        }
        if (type.seasonal()) {
            p.put("gamma", gamma);
        }
        if (type.damped()) {
            p.put("phi", phi);
        }
        p.put("initial_level", l0);
        if (type.hasTrend()) {
            p.put("initial_trend", b0);
        }
        p.put("loglik", logLik);
        p.put("aicc", aicc());
        p.put("sigma2", sigma2);
        return p;
    }

    /** True for the models with analytic prediction variances used here (additive error, no multiplicative season). */
    public boolean analyticIntervals() {
        return type.error() == EtsType.Error.A && type.season() != EtsType.Season.M;
    }

    /**
     * Forecasts with a central {@code level} interval from the model: analytic (Hyndman et al.
     * 2008, Table 6.1: var_h = sigma2 (1 + sum_{j<h} c_j^2), c_j = alpha + beta (phi + ... + phi^j)
     * + gamma [j mod m = 0]) for additive error without multiplicative season; otherwise the
     * empirical quantiles of {@code paths} simulated sample paths with Gaussian innovations
     * (relative ones for multiplicative error), clamped so that lower <= yhat <= upper.
     */
    public Forecast predict(int horizon, double level, int paths, long seed) {
        double[] yhat = forecast(horizon);
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double z = new NormalDistribution().inverseCumulativeProbability(0.5 + level / 2);
        if (analyticIntervals()) {
            double sumC2 = 0;
            double phiSum = 0;
            double phiPow = 1;
            for (int h = 1; h <= horizon; h++) {
                double sd = Math.sqrt(sigma2 * (1 + sumC2));
                lower[h - 1] = yhat[h - 1] - z * sd;
                upper[h - 1] = yhat[h - 1] + z * sd;
                phiPow *= phi;
                phiSum += phiPow;
                double c = alpha + (type.hasTrend() ? beta * phiSum : 0) + (type.seasonal() && h % m == 0 ? gamma : 0);
                sumC2 += c * c;
            }
        } else {
            SplittableRandom rng = new SplittableRandom(seed);
            double sd = Math.sqrt(sigma2);
            double[][] samples = new double[horizon][paths];
            double[] eps = new double[horizon];
            for (int i = 0; i < paths; i++) {
                EtsCalc path = state.copy();
                for (int k = 0; k < horizon; k++) {
                    eps[k] = sd * gaussian(rng);
                }
                double[] p = path.simulate(eps);
                for (int k = 0; k < horizon; k++) {
                    samples[k][i] = p[k];
                }
            }
            for (int k = 0; k < horizon; k++) {
                double[] s = Arrays.stream(samples[k]).filter(Double::isFinite).sorted().toArray();
                lower[k] = s.length == 0 ? yhat[k] : Math.min(ResidualBootstrap.quantile(s, (1 - level) / 2), yhat[k]);
                upper[k] =
                        s.length == 0 ? yhat[k] : Math.max(ResidualBootstrap.quantile(s, 1 - (1 - level) / 2), yhat[k]);
            }
        }
        for (int k = 0; k < horizon; k++) {
            if (!Double.isFinite(yhat[k])) {
                throw new IllegalStateException(type + ": non-finite point forecast at step " + (k + 1));
            }
            if (!Double.isFinite(lower[k]) || !Double.isFinite(upper[k])) {
                lower[k] = yhat[k];
                upper[k] = yhat[k];
            }
        }
        return new Forecast(yhat, lower, upper, level);
    }

    /** A standard normal draw (Box-Muller, one of the pair). */
    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public String toString() {
        return type + String.format(Locale.ROOT, "[alpha=%.4f beta=%.4f gamma=%.4f phi=%.4f l0=%.4g b0=%.4g "
                + "logLik=%.4f aicc=%.4f]", alpha, beta, gamma, phi, l0, b0, logLik, aicc());
    }
}
