package io.driftwatch.stats;

/**
 * Staleness of a Thompson-sampling bandit prior: when the arms' Beta posterior means
 * {@code alpha / (alpha + beta)} have population variance (divisor k, numpy's default) below a
 * threshold (default 0.01), the arms no longer discriminate and the prior should decay
 * (recommendation DECAY).
 *
 * <p>Fewer than two arms: variance is 0 by definition, but there is nothing to compare, so such a
 * bandit is never reported stale.
 */
public final class BanditStaleness {

    /** Default variance threshold. */
    public static final double DEFAULT_THRESHOLD = 0.01;

    private BanditStaleness() {}

    /**
     * Population variance of alpha_i / (alpha_i + beta_i).
     *
     * @throws IllegalArgumentException on length mismatch or a non-positive / non-finite parameter
     */
    public static double posteriorMeanVariance(double[] alphas, double[] betas) {
        if (alphas.length != betas.length) {
            throw new IllegalArgumentException(
                    "alphas and betas differ in length: " + alphas.length + " vs " + betas.length);
        }
        int k = alphas.length;
        if (k == 0) {
            return 0.0;
        }
        double[] means = new double[k];
        double sum = 0.0;
        for (int i = 0; i < k; i++) {
            if (!(alphas[i] > 0 && betas[i] > 0) || Double.isInfinite(alphas[i] + betas[i])) {
                throw new IllegalArgumentException("arm " + i + ": alpha and beta must be positive and "
                        + "finite, got " + alphas[i] + ", " + betas[i]);
            }
            means[i] = alphas[i] / (alphas[i] + betas[i]);
            sum += means[i];
        }
        double mean = sum / k;
        double ss = 0.0;
        for (double m : means) {
            ss += (m - mean) * (m - mean);
        }
        return ss / k;
    }

    /** Stale with {@link #DEFAULT_THRESHOLD}. */
    public static boolean isStale(double[] alphas, double[] betas) {
        return isStale(alphas, betas, DEFAULT_THRESHOLD);
    }

    /** True when there are at least two arms and the variance is strictly below threshold. */
    public static boolean isStale(double[] alphas, double[] betas, double threshold) {
        return alphas.length >= 2 && posteriorMeanVariance(alphas, betas) < threshold;
    }
}
