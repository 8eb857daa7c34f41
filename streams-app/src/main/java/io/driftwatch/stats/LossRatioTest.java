package io.driftwatch.stats;

/**
 * Is the recent window's mean loss above the baseline's? A test valid for the overlapping,
 * autocorrelated errors of h-step forecasts (a Diebold-Mariano-type comparison of two periods).
 *
 * <p>Input: per-bucket mean losses (e.g. the MSE of each day) in time order, the baseline buckets
 * first and then the recent ones (empty buckets are skipped by the caller, not passed as 0), and the
 * lag of the HAC variance. Errors of an h-step forecast overlap for h consecutive targets, so bucket
 * losses are autocorrelated up to about {@code h - 1} buckets: pass {@code lag >= ceil(h / bucket) - 1}.
 *
 * <p>Method: ordinary least squares of {@code L_t} on {@code [1, recent_t]} (so the coefficients are
 * the baseline mean {@code mu_b} and the difference {@code mu_r - mu_b}), with the Newey-West
 * covariance of the two coefficients (Bartlett weights {@code 1 - l / (lag + 1)}, {@code l <= lag})
 * times the small-sample correction {@code T / (T - 2)}: exactly statsmodels'
 * {@code OLS(L, X).fit(cov_type='HAC', cov_kwds={'maxlags': lag, 'use_correction': True}, use_t=True)}.
 * The correction is applied because the windows are short (a few dozen buckets) and HAC variances
 * are biased downwards there; it only makes the test more conservative. The p-value is one-sided
 * ({@code H1: mu_r > mu_b}) from Student t with {@code T - 2} degrees of freedom.
 *
 * <p>The ratio {@code mu_r / mu_b} (MSE ratio) gets a two-sided {@code 1 - alpha} interval by the
 * delta method on {@code log mu_r - log mu_b} with the same covariance and the t(T - 2) quantile;
 * RMSE versions are the square roots. The interval is not the inversion of the t-test (that one is
 * on the difference), so near the boundary the two can disagree slightly.
 *
 * <p>Size, measured (seeded Monte Carlo of squared MA(6) errors, 60 baseline + 14 recent buckets,
 * lag 6, see {@code LossRatioTestTest}): the test over-rejects as Bartlett HAC tests do in short
 * samples, about 0.10 at a nominal 0.05 and 0.045 at a nominal 0.01. A caller that needs a stated
 * false-alarm rate should pick alpha with that in mind and also require an effect-size floor on the
 * ratio (the monitor's degradation threshold).
 *
 * <p>Degenerate inputs give NaN where there is no decision: fewer than 2 buckets in either window,
 * or {@code lag > T - 3} (too few buckets to estimate autocovariances up to that lag: the caller
 * should wait for more data rather than silently use a smaller lag), or a zero HAC variance (both
 * windows constant) give {@code t}, {@code pValue} and the interval NaN. A baseline mean of 0 gives a
 * NaN ratio; a recent mean of 0 gives ratio 0 and a NaN interval.
 */
public final class LossRatioTest {

    private LossRatioTest() {
    }

    /**
     * Outcome of a test.
     *
     * @param ratio          recent mean loss / baseline mean loss (MSE ratio for squared errors)
     * @param rmseRatio      {@code sqrt(ratio)}
     * @param t              t statistic of the difference of the means
     * @param pValue         one-sided p-value of "recent mean > baseline mean"; NaN: no decision
     * @param rmseRatioLower lower bound of the two-sided {@code 1 - alpha} interval for {@code rmseRatio}
     * @param rmseRatioUpper upper bound of that interval
     * @param lag            the HAC lag used
     * @param nBaseline      number of baseline buckets
     * @param nRecent        number of recent buckets
     */
    public record Result(double ratio, double rmseRatio, double t, double pValue, double rmseRatioLower,
                         double rmseRatioUpper, int lag, int nBaseline, int nRecent) {

        /** Lower bound of the interval for the MSE ratio. */
        public double ratioLower() {
            return rmseRatioLower * rmseRatioLower;
        }

        /** Upper bound of the interval for the MSE ratio. */
        public double ratioUpper() {
            return rmseRatioUpper * rmseRatioUpper;
        }

        /** True when the p-value is below {@code alpha} (false when there is no decision). */
        public boolean significant(double alpha) {
            return pValue < alpha;
        }
    }

    /** The same test with the two windows passed apart (baseline earlier in time than recent). */
    public static Result test(double[] baseline, double[] recent, int lag, double alpha) {
        double[] all = new double[baseline.length + recent.length];
        System.arraycopy(baseline, 0, all, 0, baseline.length);
        System.arraycopy(recent, 0, all, baseline.length, recent.length);
        return test(all, baseline.length, lag, alpha);
    }

    /**
     * Tests {@code losses[nBaseline..]} (recent) against {@code losses[0..nBaseline)} (baseline).
     *
     * @param losses    per-bucket mean losses in time order, finite and {@code >= 0}
     * @param nBaseline how many leading buckets are baseline
     * @param lag       Newey-West lag, {@code >= 0}
     * @param alpha     one minus the confidence level of the ratio's interval, in (0, 1)
     */
    public static Result test(double[] losses, int nBaseline, int lag, double alpha) {
        int total = losses.length;
        if (nBaseline < 0 || nBaseline > total) {
            throw new IllegalArgumentException("nBaseline must be in [0, " + total + "], got " + nBaseline);
        }
        if (lag < 0) {
            throw new IllegalArgumentException("lag must be >= 0, got " + lag);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        for (double v : losses) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("losses must be finite and >= 0, got " + v);
            }
        }
        int nRecent = total - nBaseline;
        double muB = mean(losses, 0, nBaseline);
        double muR = mean(losses, nBaseline, total);
        double ratio = muB > 0 ? muR / muB : Double.NaN;
        Result noDecision = new Result(ratio, Math.sqrt(ratio), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            lag, nBaseline, nRecent);
        if (nBaseline < 2 || nRecent < 2 || lag > total - 3) {
            return noDecision;
        }
        double[] cov = hacCovariance(losses, nBaseline, muB, muR, lag);
        double varDiff = cov[2];
        if (!(varDiff > 0) || Double.isInfinite(varDiff)) {
            return noDecision;
        }
        double df = total - 2;
        double t = (muR - muB) / Math.sqrt(varDiff);
        double p = StudentT.sf(t, df);
        double lower = Double.NaN;
        double upper = Double.NaN;
        if (muB > 0 && muR > 0) {
            // gradient of log(b0 + b1) - log(b0) with respect to (b0, b1)
            double g0 = 1 / muR - 1 / muB;
            double g1 = 1 / muR;
            double varLog = g0 * g0 * cov[0] + 2 * g0 * g1 * cov[1] + g1 * g1 * cov[2];
            if (varLog > 0) {
                double half = StudentT.quantile(1 - alpha / 2, df) * Math.sqrt(varLog);
                double logRatio = Math.log(ratio);
                lower = Math.exp((logRatio - half) / 2);
                upper = Math.exp((logRatio + half) / 2);
            }
        }
        return new Result(ratio, Math.sqrt(ratio), t, p, lower, upper, lag, nBaseline, nRecent);
    }

    private static double mean(double[] v, int from, int to) {
        if (to <= from) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += v[i];
        }
        return sum / (to - from);
    }

    /**
     * Newey-West covariance {@code (X'X)^-1 S (X'X)^-1 * T / (T - 2)} of (b0, b1) for the design
     * {@code [1, recent]}, returned as {v00, v01, v11}. With {@code u_t = x_t e_t} (e the residual),
     * {@code S = sum_t u_t u_t' + sum_l w_l sum_t (u_t u_{t-l}' + u_{t-l} u_t')}.
     */
    private static double[] hacCovariance(double[] losses, int nBaseline, double muB, double muR, int lag) {
        int total = losses.length;
        double[] e = new double[total];
        for (int i = 0; i < total; i++) {
            e[i] = losses[i] - (i < nBaseline ? muB : muR);
        }
        // u_t = (e_t, d_t e_t): S00 sums e_t e_s, S01 pairs where one of them is recent, S11 both recent
        double s00 = 0;
        double s01 = 0;
        double s11 = 0;
        for (int l = 0; l <= lag; l++) {
            double w = l == 0 ? 1.0 : 2.0 * (1.0 - l / (double) (lag + 1));
            double all = 0;
            double oneRecent = 0;
            double bothRecent = 0;
            for (int t = l; t < total; t++) {
                double prod = e[t] * e[t - l];
                all += prod;
                boolean later = t >= nBaseline;
                boolean earlier = t - l >= nBaseline;
                // (u_t u_{t-l}' + u_{t-l} u_t')[0][1] / 2 averages the two dummies
                oneRecent += prod * ((later ? 1 : 0) + (earlier ? 1 : 0)) / 2.0;
                if (earlier) {
                    bothRecent += prod;
                }
            }
            s00 += w * all;
            s01 += w * oneRecent;
            s11 += w * bothRecent;
        }
        // (X'X)^-1 = [[a, -a], [-a, a + c]] with a = 1 / nBaseline, c = 1 / nRecent
        double a = 1.0 / nBaseline;
        double c = 1.0 / (total - nBaseline);
        double m00 = a;
        double m01 = -a;
        double m11 = a + c;
        // V = M S M for symmetric 2x2 M and S
        double p00 = m00 * s00 + m01 * s01;
        double p01 = m00 * s01 + m01 * s11;
        double p10 = m01 * s00 + m11 * s01;
        double p11 = m01 * s01 + m11 * s11;
        double correction = total / (double) (total - 2);
        return new double[] {
            correction * (p00 * m00 + p01 * m01),
            correction * (p00 * m01 + p01 * m11),
            correction * (p10 * m01 + p11 * m11),
        };
    }
}
