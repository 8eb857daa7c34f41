package io.driftwatch.stats;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Survival function of the one-sample two-sided Kolmogorov statistic D_n, i.e. scipy's
 * {@code kstwo.sf(d, n)}, which scipy's {@code ks_2samp(method='asymp')} evaluates at
 * {@code n = round(n1 n2 / (n1 + n2))}.
 *
 * <p>Follows the case split of scipy 1.10 {@code _kolmogn} (Simard and L'Ecuyer 2011): the
 * Ruben-Gambino closed forms at the extremes; {@code 2 * smirnov(n, d)} (exact one-sided
 * Birnbaum-Tingey sum, no cancellation: every term is positive) in the upper tail
 * ({@code d >= 0.5}, {@code n d^2 >= 2.2} for n > 140, {@code n d^2 > 4} for n <= 140), where
 * the two-sided probability differs from twice the one-sided one by far less than 1e-12; and
 * otherwise {@code 1 - cdf} with commons-math3's {@code cdf(d, n)} (Durbin matrix) for n <= 140
 * and the Pelz-Good expansion above. scipy uses the Durbin matrix up to n = 100,000 where
 * {@code n d^1.5 <= 1.4}; that region has p-values close to 1, where Pelz-Good differs from it by
 * less than 1e-6 (measured against scipy 1.10.1 in the tests).
 */
public final class KolmogorovDistribution {

    private static final KolmogorovSmirnovTest COMMONS = new KolmogorovSmirnovTest();
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double PI2 = Math.PI * Math.PI;
    private static final double PI4 = PI2 * PI2;
    private static final double PI6 = PI4 * PI2;

    private KolmogorovDistribution() {}

    /**
     * P(D_n >= d) for the two-sided one-sample statistic with n observations.
     *
     * @param d statistic, any real (clipped to [0, 1] semantics)
     * @param n sample size, at least 1
     * @return probability in [0, 1]
     */
    public static double sf(double d, long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (Double.isNaN(d)) {
            throw new IllegalArgumentException("d is NaN");
        }
        if (d >= 1.0) {
            return 0.0;
        }
        if (d <= 0.0) {
            return 1.0;
        }
        double t = n * d;
        if (t <= 1.0) {
            if (t <= 0.5) {
                return 1.0;
            }
            double cdf;
            if (n <= 140) {
                cdf = 1.0;
                for (long i = 1; i <= n; i++) {
                    cdf *= i * (1.0 / n) * (2 * t - 1);
                }
            } else {
                cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
            }
            return clip(1.0 - cdf);
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1.0 - d, n));
        }
        double nd2 = t * d;
        if (n > 140 && nd2 >= 370.0) {
            return 0.0;
        }
        if (d >= 0.5 || (n > 140 && nd2 >= 2.2) || (n <= 140 && nd2 > 4.0)) {
            return clip(2 * smirnov(n, d));
        }
        if (n <= 140) {
            return clip(1.0 - COMMONS.cdf(d, (int) n));
        }
        return clip(1.0 - pelzGoodCdf(d, n));
    }

    /**
     * Pelz-Good (1976) expansion of P(D_n <= d), K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^1.5 with
     * z = d sqrt(n), each K_i in its Jacobi-theta form for small z; port of scipy's
     * {@code _kolmogn_PelzGood}. (commons-math3's {@code pelzGood} returns NaN for z below ~0.07.)
     */
    static double pelzGoodCdf(double d, long n) {
        double z = Math.sqrt((double) n) * d;
        double z2 = z * z;
        double qlog = -PI2 / 8 / z2;
        if (qlog < -708) {
            return 0.0;
        }
        double q = Math.exp(qlog);
        double k1a = -z2;
        double k1b = PI2 / 4;
        double k2a = 6 * Math.pow(z, 6) + 2 * Math.pow(z, 4);
        double k2b = (2 * Math.pow(z, 4) - 5 * z2) * PI2 / 4;
        double k2c = PI4 * (1 - 2 * z2) / 16;
        double k3d = PI6 * (5 - 30 * z2) / 64;
        double k3c = PI4 * (-60 * z2 + 212 * Math.pow(z, 4)) / 16;
        double k3b = PI2 * (135 * Math.pow(z, 4) - 96 * Math.pow(z, 6)) / 4;
        double k3a = -30 * Math.pow(z, 6) - 90 * Math.pow(z, 8);
        double[] k = new double[4];
        int maxk = (int) Math.ceil(16 * z / Math.PI);
        for (int kk = maxk; kk > 0; kk--) {
            double m = 2.0 * kk - 1;
            double m2 = m * m;
            double qpower = Math.pow(q, 8.0 * kk);
            double[] coeffs = {
                1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m2 * m2, k3a + k3b * m2 + k3c * m2 * m2 + k3d * m2 * m2 * m2
            };
            for (int i = 0; i < 4; i++) {
                k[i] = k[i] * qpower + coeffs[i];
            }
        }
        double[] div = {z, 6 * Math.pow(z, 4), 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
        for (int i = 0; i < 4; i++) {
            k[i] = k[i] * q * SQRT_2PI / div[i];
        }
        double q2 = Math.exp(-PI2 / 2 / z2);
        double k2extra = 0.0;
        double k3extra = 0.0;
        double sqrt3z = Math.sqrt(3) * z;
        for (int kk = maxk; kk > 0; kk--) {
            double ks2 = (double) kk * kk;
            double qp = Math.pow(q2, ks2);
            double kspi = Math.PI * kk;
            k2extra += ks2 * qp;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
        }
        k[2] += k2extra * PI2 * SQRT_2PI / (-36 * z2 * z);
        k[3] += k3extra * PI2 * SQRT_2PI / (216 * Math.pow(z, 6));
        double sqrtN = Math.sqrt((double) n);
        return k[0] + k[1] / sqrtN + k[2] / n + k[3] / (n * sqrtN);
    }

    /**
     * One-sided P(D_n^+ >= d), Birnbaum-Tingey:
     * {@code d * sum_{j=0}^{floor(n(1-d))} C(n,j) (1-d-j/n)^(n-j) (d+j/n)^(j-1)}, summed in log
     * space with a running maximum. O(n(1-d)) work.
     */
    static double smirnov(long n, double d) {
        if (d >= 1.0) {
            return 0.0;
        }
        if (d <= 0.0) {
            return 1.0;
        }
        long last = (long) Math.floor(n * (1.0 - d));
        double logBinom = 0.0; // log C(n, 0)
        double maxLog = Double.NEGATIVE_INFINITY;
        double scaledSum = 0.0;
        for (long j = 0; j <= last; j++) {
            if (j > 0) {
                logBinom += Math.log((double) (n - j + 1)) - Math.log((double) j);
            }
            double rest = 1.0 - d - (double) j / n;
            if (rest <= 0.0 && j < n) {
                continue;
            }
            double term = logBinom + (n - j) * Math.log(rest) + (j - 1) * Math.log(d + (double) j / n);
            if (term > maxLog) {
                scaledSum = scaledSum * Math.exp(maxLog - term) + 1.0;
                maxLog = term;
            } else {
                scaledSum += Math.exp(term - maxLog);
            }
        }
        return scaledSum == 0.0 ? 0.0 : clip(d * scaledSum * Math.exp(maxLog));
    }

    /** log(n! / n^n) by Stirling's series, as scipy's {@code _log_nfactorial_div_n_pow_n}. */
    private static double logFactorialOverPower(long n) {
        double rn = 1.0 / n;
        double x = rn / n;
        double[] c = {
            -2.955065359477124183e-2,
            6.4102564102564102564e-3,
            -1.9175269175269175269e-3,
            8.4175084175084175084e-4,
            -5.952380952380952381e-4,
            7.9365079365079365079e-4,
            -2.7777777777777777778e-3,
            8.3333333333333333333e-2
        };
        double poly = 0.0;
        for (double ci : c) {
            poly = poly * x + ci;
        }
        return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
    }

    private static double clip(double p) {
        return Math.max(0.0, Math.min(1.0, p));
    }
}
