package io.driftwatch.stats;

import java.util.SplittableRandom;

/**
 * The two-sample Anderson-Darling test's p-value by relabelling, for samples with tied values: the share of random
 * splits of the pooled values into two samples of the same sizes whose {@code A2akN}
 * ({@link AndersonDarling#midrankStatistic(double[], double[])}) is at least the observed one, as R's
 * {@code kSamples::ad.test(method = "simulated")} computes it.
 *
 * <p><b>Why.</b> {@link AndersonDarling}'s p-value comes from the continuous null distribution (Scholz &amp;
 * Stephens' table). Midranks keep the statistic defined when values repeat, but with many of them the null
 * distribution is no longer that one: with 70% of the values on one point (intermittent demand: no order on most
 * days) and 14 against 60 values, the table's p-value fell at or below 0.001 in 0.77% of stable pairs of samples
 * and at or below 0.01 in 3.7% (100,000 pairs; continuous values: 0.08% and 1.0%). Relabelling is exact under H0
 * whatever the ties: the values are exchangeable between the two samples.
 *
 * <p><b>Sequential stopping</b> (Besag &amp; Clifford 1991): relabelling stops after {@code stopAfter} splits at
 * least as extreme as the observed one, with p = stopAfter / splits drawn, so a clearly insignificant pair costs a
 * few hundred splits; otherwise after {@code maxRelabellings}, with p = (extreme + 1) / (maxRelabellings + 1), which
 * is never below {@code 1 / (maxRelabellings + 1)}. Both are valid p-values (P(p <= a) <= a under H0).
 *
 * <p><b>Cost</b>: O(N) to group the pooled values, then per split O(m + L) for the smaller sample's m values and L
 * distinct pooled values; no allocation per split. Deterministic for a given seed.
 */
public final class AndersonDarlingPermutation {

    private AndersonDarlingPermutation() {
    }

    /** True when some value occurs more than once in the two sorted samples together. */
    public static boolean tied(double[] sortedX, double[] sortedY) {
        for (int i = 1; i < sortedX.length; i++) {
            if (sortedX[i] == sortedX[i - 1]) {
                return true;
            }
        }
        for (int j = 1; j < sortedY.length; j++) {
            if (sortedY[j] == sortedY[j - 1]) {
                return true;
            }
        }
        int i = 0;
        int j = 0;
        while (i < sortedX.length && j < sortedY.length) {
            if (sortedX[i] == sortedY[j]) {
                return true;
            }
            if (sortedX[i] < sortedY[j]) {
                i++;
            } else {
                j++;
            }
        }
        return false;
    }

    /**
     * The relabelling p-value of two samples sorted ascending (finite, at least two distinct values pooled).
     *
     * @param seed            seed of the random splits (the same inputs and seed give the same p-value)
     * @param maxRelabellings the most splits drawn, at least 1
     * @param stopAfter       stop once this many splits were at least as extreme as the observed one, at least 1
     */
    public static double pValue(double[] sortedX, double[] sortedY, long seed, int maxRelabellings, int stopAfter) {
        if (maxRelabellings < 1 || stopAfter < 1) {
            throw new IllegalArgumentException("maxRelabellings and stopAfter must be >= 1, got " + maxRelabellings
                + " and " + stopAfter);
        }
        Pool pool = new Pool(sortedX, sortedY);
        double observed = pool.sum(pool.observed);
        // equal splits give the same sum bit for bit (same operations in the same order); a relative margin keeps
        // splits whose sum differs from the observed one only by rounding counted as equal, i.e. as extreme
        double threshold = observed - Math.abs(observed) * 1e-12;
        SplittableRandom random = new SplittableRandom(seed);
        int[] counts = new int[pool.groups];
        int extreme = 0;
        for (int b = 1; b <= maxRelabellings; b++) {
            pool.split(random, counts);
            if (pool.sum(counts) >= threshold) {
                extreme++;
                if (extreme == stopAfter) {
                    return (double) extreme / b;
                }
            }
        }
        return (extreme + 1.0) / (maxRelabellings + 1.0);
    }

    /**
     * The pooled values as distinct groups, with the parts of the statistic that do not depend on the labels.
     * The labelled sample is the smaller one: with two samples its term and the other's are equal.
     */
    private static final class Pool {
        final int total;
        final int drawn;
        final int groups;
        /** Group of each pooled position. */
        final int[] group;
        /** Positions 0..total-1 in the order of the last partial shuffle. */
        final int[] order;
        /** Per group: {@code B_j n} for the labelled sample's n, and {@code l_j / N / (B_j (N - B_j) - N l_j / 4)}. */
        final double[] bjn;
        final double[] factor;
        /** Per group: the labelled sample's copies in the observed samples. */
        final int[] observed;

        Pool(double[] x, double[] y) {
            double[] small = x.length <= y.length ? x : y;
            double[] large = small == x ? y : x;
            total = x.length + y.length;
            drawn = small.length;
            group = new int[total];
            order = new int[total];
            int[] sizes = new int[total];
            int[] inSmall = new int[total];
            int g = -1;
            double last = Double.NaN;
            int i = 0;
            int j = 0;
            for (int k = 0; k < total; k++) {
                boolean fromSmall = j >= large.length || i < small.length && small[i] <= large[j];
                double v = fromSmall ? small[i++] : large[j++];
                if (k == 0 || v != last) {
                    g++;
                    last = v;
                }
                group[k] = g;
                order[k] = k;
                sizes[g]++;
                if (fromSmall) {
                    inSmall[g]++;
                }
            }
            groups = g + 1;
            if (groups < 2) {
                throw new IllegalArgumentException("needs at least two distinct values");
            }
            bjn = new double[groups];
            factor = new double[groups];
            observed = new int[groups];
            double bigN = total;
            int below = 0;
            for (int q = 0; q < groups; q++) {
                int lj = sizes[q];
                double bj = below + lj / 2.0;
                bjn[q] = bj * drawn;
                // one multiplication per group and split instead of a division: the same for every split
                factor[q] = lj / bigN / (bj * (bigN - bj) - bigN * lj / 4.0);
                observed[q] = inSmall[q];
                below += lj;
            }
        }

        /** Draws a random subset of {@code drawn} positions (a partial Fisher-Yates shuffle) into group counts. */
        void split(SplittableRandom random, int[] counts) {
            for (int k = 0; k < drawn; k++) {
                int r = k + random.nextInt(total - k);
                int p = order[r];
                order[r] = order[k];
                order[k] = p;
                counts[group[p]]++;
            }
        }

        /** The sum over groups of {@code l_j / N (N M_j - B_j n)^2 / den_j} for the labelled sample; clears counts. */
        double sum(int[] counts) {
            double bigN = total;
            double s = 0;
            int cumulative = 0;
            for (int q = 0; q < groups; q++) {
                int c = counts[q];
                cumulative += c;
                double d = bigN * (cumulative - c / 2.0) - bjn[q];
                s += factor[q] * d * d;
                if (counts != observed) {
                    counts[q] = 0;
                }
            }
            return s;
        }
    }
}
