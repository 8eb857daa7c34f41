package io.driftwatch.stats;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * Exact binomial test of a prediction interval's coverage: {@code k} of {@code n} actuals fell
 * inside intervals of nominal coverage {@code p}.
 *
 * <p>The two-sided p-value is scipy's {@code binomtest(k, n, p).pvalue}: {@code P(X <= k)} plus the
 * probability of the outcomes on the other side of the mode that are at most as likely as
 * {@code k} (for {@code k > np} mirrored), where "at most as likely" means
 * {@code pmf(x) <= pmf(k) * (1 + 1e-7)}, so that outcomes of mathematically equal probability count
 * although their computed probabilities differ in the last bits. The other side's boundary is found
 * by the same binary search as scipy's. commons-math3 3.6.1's {@code BinomialTest} compares
 * probabilities exactly instead and does not cap its sum at 1: on the 736 reference cases of the
 * unit test it differs from scipy by more than 1e-9 relative in 144 (e.g. 1.8 for k = 1, n = 1,
 * p = 0.8); hence this class.
 *
 * <p>{@link #belowPValue} is the one-sided p-value of "coverage below nominal",
 * {@code P(X <= k)} (scipy's {@code alternative='less'}), the question a monitor asks of an
 * interval that should contain 90% of the actuals. Tails are sums of the exact probabilities (each
 * from commons-math3's saddle-point {@code BinomialDistribution.probability}), accurate to a few
 * 1e-13 relative also far in the tails, O(n) per call.
 */
public final class BinomialCoverage {

    /** scipy's relative tolerance for "as extreme as the observed". */
    static final double RELATIVE_TOLERANCE = 1 + 1e-7;

    private BinomialCoverage() {
    }

    /**
     * Outcome of a coverage test.
     *
     * @param hits           actuals inside their interval
     * @param n              actuals with an interval
     * @param nominal        the intervals' nominal coverage
     * @param coverage       {@code hits / n}
     * @param pTwoSided      two-sided exact p-value (coverage differs from nominal)
     * @param pBelow         one-sided exact p-value of "coverage below nominal"
     */
    public record Result(int hits, int n, double nominal, double coverage, double pTwoSided, double pBelow) {
    }

    /** Both p-values for {@code hits} of {@code n} at nominal coverage {@code nominal}. */
    public static Result test(int hits, int n, double nominal) {
        return new Result(hits, n, nominal, hits / (double) n, twoSidedPValue(hits, n, nominal),
            belowPValue(hits, n, nominal));
    }

    /** {@code P(X <= k)} for {@code X ~ Binomial(n, p)}: scipy's {@code alternative='less'}. */
    public static double belowPValue(int k, int n, double p) {
        Pmf pmf = new Pmf(k, n, p);
        return Math.min(1.0, pmf.sum(0, k));
    }

    /** {@code P(X >= k)}: scipy's {@code alternative='greater'}. */
    public static double abovePValue(int k, int n, double p) {
        Pmf pmf = new Pmf(k, n, p);
        return Math.min(1.0, pmf.sum(k, n));
    }

    /** scipy's {@code binomtest(k, n, p).pvalue}. */
    public static double twoSidedPValue(int k, int n, double p) {
        Pmf pmf = new Pmf(k, n, p);
        double d = pmf.at(k) * RELATIVE_TOLERANCE;
        double mean = p * n;
        double pval;
        if (k == mean) {
            return 1.0;
        } else if (k < mean) {
            int ix = searchDescending(pmf, d, (int) Math.ceil(mean), n);
            // outcomes above ix are at most as likely as k (ix too on exact equality, as scipy)
            int from = d == pmf.at(ix) ? ix : ix + 1;
            pval = pmf.sum(0, k) + pmf.sum(from, n);
        } else {
            int ix = searchAscending(pmf, d, 0, (int) Math.floor(mean));
            pval = pmf.sum(0, ix) + pmf.sum(k, n);
        }
        return Math.min(1.0, pval);
    }

    /**
     * scipy's {@code _binary_search_for_binom_tst} on {@code a(x) = pmf(x)}, ascending on
     * {@code [lo, hi]}: the i with {@code a(i) <= d < a(i + 1)} (may be {@code lo - 1}).
     */
    private static int searchAscending(Pmf pmf, double d, int lo, int hi) {
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            double midVal = pmf.at(mid);
            if (midVal < d) {
                lo = mid + 1;
            } else if (midVal > d) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return pmf.at(lo) <= d ? lo : lo - 1;
    }

    /** The same search on {@code a(x) = -pmf(x)} against {@code -d} (pmf descending on [lo, hi]). */
    private static int searchDescending(Pmf pmf, double d, int lo, int hi) {
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            double midVal = -pmf.at(mid);
            if (midVal < -d) {
                lo = mid + 1;
            } else if (midVal > -d) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -pmf.at(lo) <= -d ? lo : lo - 1;
    }

    /** Binomial probabilities; 0 outside [0, n]. */
    private static final class Pmf {
        private final BinomialDistribution dist;
        private final int n;

        Pmf(int k, int n, double p) {
            if (n < 1) {
                throw new IllegalArgumentException("n must be >= 1, got " + n);
            }
            if (k < 0 || k > n) {
                throw new IllegalArgumentException("k must be in [0, " + n + "], got " + k);
            }
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException("p must be in (0, 1), got " + p);
            }
            this.dist = new BinomialDistribution(null, n, p);
            this.n = n;
        }

        double at(int x) {
            return x < 0 || x > n ? 0.0 : dist.probability(x);
        }

        /** Sum of the probabilities of {@code from..to}, smallest terms first (tails end at 0 or n). */
        double sum(int from, int to) {
            int lo = Math.max(from, 0);
            int hi = Math.min(to, n);
            if (lo > hi) {
                return 0.0;
            }
            double sum = 0;
            if (at(lo) <= at(hi)) {
                for (int x = lo; x <= hi; x++) {
                    sum += at(x);
                }
            } else {
                for (int x = hi; x >= lo; x--) {
                    sum += at(x);
                }
            }
            return sum;
        }
    }
}
