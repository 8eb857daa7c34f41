package io.driftwatch.stats;

import java.util.Arrays;

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
 * 1e-13 relative also far in the tails; a sum takes the terms within about 10 standard deviations of
 * its largest, the rest being below 1e-19 of it.
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
        /** Terms below this fraction of the range's largest are left out of a {@link #sum}. */
        static final double NEGLIGIBLE = 1e-21;

        private final BinomialDistribution dist;
        private final int n;
        /** The most likely outcome, floor((n + 1) p). */
        private final int mode;

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
            this.mode = (int) Math.min(n, Math.floor((n + 1) * p));
        }

        double at(int x) {
            return x < 0 || x > n ? 0.0 : dist.probability(x);
        }

        /**
         * Sum of the probabilities of {@code from..to}, smallest terms first. The probabilities fall away from the
         * mode at least geometrically (the binomial is log-concave), so the walk out from the range's largest term
         * stops where a term is below {@link #NEGLIGIBLE} of it: what it leaves out is below 1e-19 of the sum, and
         * it takes about 20 standard deviations of terms instead of the whole range (14,000 terms for a window of
         * 14,000 intervals, the monitor's case at 1,000 series).
         */
        double sum(int from, int to) {
            int lo = Math.max(from, 0);
            int hi = Math.min(to, n);
            if (lo > hi) {
                return 0.0;
            }
            int peakAt = Math.min(hi, Math.max(lo, mode));
            double peak = at(peakAt);
            double tiny = peak * NEGLIGIBLE;
            double below = tail(peakAt, lo, -1, tiny);
            double above = tail(peakAt, hi, +1, tiny);
            return below + (above + peak);
        }

        /** Sum of the terms from {@code peakAt + step} towards {@code end} while they are at least {@code tiny}. */
        private double tail(int peakAt, int end, int step, double tiny) {
            double[] terms = new double[16];
            int count = 0;
            for (int x = peakAt + step; step < 0 ? x >= end : x <= end; x += step) {
                double t = at(x);
                if (t < tiny || t == 0) {
                    break;
                }
                if (count == terms.length) {
                    terms = Arrays.copyOf(terms, 2 * count);
                }
                terms[count++] = t;
            }
            double sum = 0;
            for (int i = count - 1; i >= 0; i--) {
                sum += terms[i]; // smallest first
            }
            return sum;
        }
    }
}
