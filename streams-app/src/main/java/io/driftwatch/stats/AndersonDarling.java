package io.driftwatch.stats;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The k-sample Anderson-Darling test (Scholz &amp; Stephens 1987): do k samples come from the same
 * continuous distribution? More power than Kolmogorov-Smirnov against shifts and scale changes at
 * small samples, because it weights the tails of the pooled distribution.
 *
 * <p><b>Statistic</b>: {@code A2akN} of Scholz &amp; Stephens' equation 7 (ties by midranks) and its
 * standardized form {@code (A2akN - (k - 1)) / sigma_N}, with the numbers of scipy's
 * {@code anderson_ksamp(samples, midrank=True)} ({@code statistic} is the standardized form).
 *
 * <p><b>p-value</b>: scipy fits a quadratic in {@code log(p)} through Scholz &amp; Stephens' table of
 * critical values (significance 0.25 down to 0.001, adjusted for k) and interpolates, clipping the
 * result to [0.001, 0.25]. Here the same quadratic is also used outside the table (as scipy did
 * before version 1.0), so that small p-values stay ordered and usable by a false-discovery-rate
 * procedure. Where the quadratic would turn back up (two samples: beyond a standardized statistic of
 * 27.7, p = 2.9e-7) the p-value is held at its minimum, and it is capped at 1. Reliability, from the
 * permutation check in the unit test (14 vs 60 values, 1e6 relabellings): inside the table the
 * interpolation agrees with the permutation p-value to a few percent (0.0043 vs 0.0045); outside it
 * is conservative, 0.00072 vs 0.00064, 1.1e-4 vs 7.2e-5, and 1.9e-5 vs 4.0e-6 (the last from 3 hits):
 * within a factor 1.5 down to p ~ 1e-4, an upper bound of the true p-value below that. All of this holds for
 * continuous values: where many values are tied the table's p-value comes out too small, and
 * {@link AndersonDarlingPermutation} gives the p-value by relabelling instead.
 *
 * <p>Cost: O(N log N) for N pooled values (a sort per sample, a k-way merge, one pass over the
 * distinct values); primitive arrays only. Inputs must be finite, every sample non-empty and the
 * pooled values must hold at least two distinct values. Input arrays are not modified.
 */
public final class AndersonDarling {

    /** Scholz &amp; Stephens, Table 2: the interpolation coefficients of the critical values. */
    private static final double[] B0 = {0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085};
    private static final double[] B1 = {-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615};
    private static final double[] B2 = {-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154};
    private static final double[] SIGNIFICANCE = {0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001};

    /** The fitted quadratic per number of samples k = 2..CACHED_K (index k), computed once. */
    private static final int CACHED_K = 16;
    private static final double[][] FITS = new double[CACHED_K + 1][];

    static {
        for (int k = 2; k <= CACHED_K; k++) {
            FITS[k] = quadraticFit(criticalValues(k));
        }
    }

    private AndersonDarling() {
    }

    /**
     * Outcome of a test.
     *
     * @param a2kN         the unstandardized statistic {@code A2akN}
     * @param statistic    the standardized statistic, scipy's {@code statistic}
     * @param pValue       the unclipped interpolated p-value (see the class comment)
     * @param scipyPValue  scipy's p-value: {@code pValue} inside the table, else 0.25 below it and
     *                     0.001 above it
     * @param inTable      whether the statistic lies within the critical-value table, where the
     *                     two p-values are equal
     */
    public record Result(double a2kN, double statistic, double pValue, double scipyPValue, boolean inTable) {
    }

    /** Two-sample test. */
    public static Result test(double[] x, double[] y) {
        return test(new double[][] {x, y});
    }

    /** k-sample test, {@code k >= 2}. */
    public static Result test(double[]... samples) {
        int k = samples.length;
        if (k < 2) {
            throw new IllegalArgumentException("needs at least two samples, got " + k);
        }
        double[][] sorted = new double[k][];
        int total = 0;
        for (int i = 0; i < k; i++) {
            if (samples[i].length == 0) {
                throw new IllegalArgumentException("sample " + i + " is empty");
            }
            sorted[i] = samples[i].clone();
            for (double v : sorted[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("values must be finite, got " + v);
                }
            }
            Arrays.sort(sorted[i]);
            total += sorted[i].length;
        }
        return ofSorted(sorted, total);
    }

    /**
     * The two-sample test of samples the caller keeps sorted ascending (finite, not checked), without copying
     * or sorting them: the monitor's drift windows are sorted already, and the test runs per series and window end.
     */
    public static Result testSorted(double[] sortedX, double[] sortedY) {
        if (sortedX.length == 0 || sortedY.length == 0) {
            throw new IllegalArgumentException("samples must not be empty");
        }
        return ofSorted(new double[][] {sortedX, sortedY}, sortedX.length + sortedY.length);
    }

    private static Result ofSorted(double[][] sorted, int total) {
        int k = sorted.length;
        double a2kN = k == 2 ? midrankStatistic(sorted[0], sorted[1]) : midrankStatistic(sorted, total);
        double m = k - 1;
        double standardized = (a2kN - m) / Math.sqrt(variance(sorted, total));
        return result(a2kN, standardized, k);
    }

    /** The result of a (standardized) statistic of k samples: p-value and scipy's clipped one. */
    private static Result result(double a2kN, double standardized, int k) {
        double m = k - 1;
        double lowest = B0[0] + B1[0] / Math.sqrt(m) + B2[0] / m;
        int last = SIGNIFICANCE.length - 1;
        double highest = B0[last] + B1[last] / Math.sqrt(m) + B2[last] / m;
        boolean inTable = standardized >= lowest && standardized <= highest;
        double[] fit = k <= CACHED_K ? FITS[k] : quadraticFit(criticalValues(k));
        double p = pValue(standardized, fit);
        double scipyP = inTable ? p : standardized < lowest ? SIGNIFICANCE[0] : SIGNIFICANCE[last];
        return new Result(a2kN, standardized, p, scipyP, inTable);
    }

    /**
     * The test of the same {@code k} samples when their values are dependent, so that they carry about
     * {@code 1 / factor} of the information of as many independent values (an effective sample size
     * {@code n / factor}): the statistic {@code A2akN} is divided by {@code factor} (under H0 its excess over
     * its mean grows with the long-run variance of the data) and standardized and given a p-value as in
     * {@link #test(double[]...)}. {@code factor <= 1} returns {@code r} unchanged.
     */
    public static Result deflate(Result r, double factor, int k) {
        if (!(factor > 1) || r.statistic() == 0) {
            return r;
        }
        double m = k - 1;
        double sigma = (r.a2kN() - m) / r.statistic();
        double a2kN = r.a2kN() / factor;
        return result(a2kN, (a2kN - m) / sigma, k);
    }

    /** Scholz &amp; Stephens' critical values for k samples, significance 0.25 down to 0.001. */
    static double[] criticalValues(int k) {
        double m = k - 1;
        double[] critical = new double[SIGNIFICANCE.length];
        for (int j = 0; j < critical.length; j++) {
            critical[j] = B0[j] + B1[j] / Math.sqrt(m) + B2[j] / m;
        }
        return critical;
    }

    /**
     * Equation 7 of Scholz &amp; Stephens over the distinct pooled values {@code z_j}: with {@code l_j}
     * copies of {@code z_j} pooled, {@code B_j} = number pooled below {@code z_j} + {@code l_j / 2},
     * and {@code M_ij} = number in sample i at most {@code z_j} minus half the copies in sample i,
     * {@code A2akN = (N - 1) / N * sum_i 1/n_i sum_j l_j / N (N M_ij - B_j n_i)^2
     * / (B_j (N - B_j) - N l_j / 4)}.
     */
    static double midrankStatistic(double[][] sorted, int total) {
        int k = sorted.length;
        int[] pos = new int[k];
        int[] end = new int[k];
        double[] sums = new double[k];
        double bigN = total;
        int below = 0;
        while (below < total) {
            double z = Double.POSITIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                if (pos[i] < sorted[i].length && sorted[i][pos[i]] < z) {
                    z = sorted[i][pos[i]];
                }
            }
            int lj = 0;
            for (int i = 0; i < k; i++) {
                int e = pos[i];
                while (e < sorted[i].length && sorted[i][e] == z) {
                    e++;
                }
                end[i] = e;
                lj += e - pos[i];
            }
            if (lj == total) {
                throw new IllegalArgumentException("needs at least two distinct values");
            }
            double bj = below + lj / 2.0;
            double den = bj * (bigN - bj) - bigN * lj / 4.0;
            for (int i = 0; i < k; i++) {
                double mij = end[i] - (end[i] - pos[i]) / 2.0;
                double diff = bigN * mij - bj * sorted[i].length;
                sums[i] += lj / bigN * diff * diff / den;
                pos[i] = end[i];
            }
            below += lj;
        }
        double a2 = 0;
        for (int i = 0; i < k; i++) {
            a2 += sums[i] / sorted[i].length;
        }
        return a2 * ((bigN - 1.0) / bigN);
    }

    /**
     * {@link #midrankStatistic(double[][], int)} of two samples, the monitor's case (twice per series and day), in half
     * the work and to the same double. With two samples {@code M_1j + M_2j = B_j}, so {@code N M_2j - B_j n_2 =
     * -(N M_1j - B_j n_1)}: both terms of a distinct value are equal (exactly: they are sums and products of
     * half-integers), and one term per value is summed once and divided by each sample size at the end, the same
     * operations on the same operands as the k-sample loop.
     */
    static double midrankStatistic(double[] x, double[] y) {
        int n1 = x.length;
        int n2 = y.length;
        int total = n1 + n2;
        double bigN = total;
        // lj / bigN for a value without ties (lj = 1), the usual case, divided once: the same double
        double oneOverN = 1 / bigN;
        double s = 0;
        int i = 0;
        int j = 0;
        int below = 0;
        while (below < total) {
            // which sample the next value comes from is a coin flip to the branch predictor: selects, not branches,
            // up to the first copy of it in each sample; further copies (ties) are rare and take the loops
            double a = i < n1 ? x[i] : Double.POSITIVE_INFINITY;
            double b = j < n2 ? y[j] : Double.POSITIVE_INFINITY;
            double z = a <= b ? a : b;
            int ei = a == z ? i + 1 : i;
            int ej = b == z ? j + 1 : j;
            while (ei < n1 && x[ei] == z) {
                ei++;
            }
            while (ej < n2 && y[ej] == z) {
                ej++;
            }
            int lj = ei - i + ej - j;
            if (lj == total) {
                throw new IllegalArgumentException("needs at least two distinct values");
            }
            double bj = below + lj / 2.0;
            double den = bj * (bigN - bj) - bigN * lj / 4.0;
            double d1 = bigN * (ei - (ei - i) / 2.0) - bj * n1;
            double weight = lj == 1 ? oneOverN : lj / bigN;
            s += weight * d1 * d1 / den;
            i = ei;
            j = ej;
            below += lj;
        }
        double a2 = 0;
        a2 += s / n1;
        a2 += s / n2;
        return a2 * ((bigN - 1.0) / bigN);
    }

    /** The variance depends on the sample sizes alone: two-sample ones are kept by (n1, n2). */
    private static final ConcurrentHashMap<Long, Double> TWO_SAMPLE_VARIANCE = new ConcurrentHashMap<>();
    private static final int VARIANCE_MEMO_MAX = 4096;

    private static double variance(double[][] sorted, int total) {
        if (sorted.length != 2) {
            return computeVariance(sorted, total);
        }
        long key = ((long) sorted[0].length << 32) | sorted[1].length;
        LastVariance last = lastVariance;
        if (last != null && last.key == key) {
            return last.variance; // the monitor's windows mostly have the same sizes: no boxing, no hash
        }
        Double known = TWO_SAMPLE_VARIANCE.get(key);
        double v;
        if (known != null) {
            v = known;
        } else {
            v = computeVariance(sorted, total);
            if (TWO_SAMPLE_VARIANCE.size() >= VARIANCE_MEMO_MAX) {
                TWO_SAMPLE_VARIANCE.clear();
            }
            TWO_SAMPLE_VARIANCE.put(key, v);
        }
        lastVariance = new LastVariance(key, v);
        return v;
    }

    /** The sizes and variance of the last two-sample lookup (immutable, so safe to share between threads). */
    private record LastVariance(long key, double variance) {
    }

    private static volatile LastVariance lastVariance;

    /** Scholz &amp; Stephens' exact variance of {@code A2akN} under H0 (scipy's {@code sigmasq}). */
    private static double computeVariance(double[][] sorted, int total) {
        double k = sorted.length;
        double bigN = total;
        double bigH = 0;
        for (double[] s : sorted) {
            bigH += 1.0 / s.length;
        }
        // hs_cs[j] = 1/(N-1) + ... + 1/(N-1-j), j = 0..N-3; h = hs_cs[N-3] + 1; g = sum hs_cs[j] / (j + 2)
        double cumulative = 0;
        double g = 0;
        for (int j = 0; j <= total - 3; j++) {
            cumulative += 1.0 / (total - 1 - j);
            g += cumulative / (j + 2);
        }
        double h = cumulative + 1;
        double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * bigH;
        double b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * bigH - 8 * h + 4 * g - 6;
        double c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * bigH + 4 * h;
        double d = (2 * h + 6) * k * k - 4 * h * k;
        double n3 = bigN * bigN * bigN;
        return (a * n3 + b * bigN * bigN + c * bigN + d) / ((bigN - 1.0) * (bigN - 2.0) * (bigN - 3.0));
    }

    /** exp of the least-squares quadratic of log(significance) on the critical values, see the class comment. */
    private static double pValue(double statistic, double[] coef) {
        double x = statistic;
        double vertex = -coef[1] / (2 * coef[0]);
        if (coef[0] > 0 && x > vertex || coef[0] < 0 && x < vertex) {
            x = vertex;
        }
        return Math.min(1.0, Math.exp((coef[0] * x + coef[1]) * x + coef[2]));
    }

    /**
     * np.polyfit(x, log(SIGNIFICANCE), 2) as {a, b, c} for {@code a x^2 + b x + c}: least squares in
     * centred and scaled x (normal equations in the centred basis are well conditioned), mapped back.
     */
    private static double[] quadraticFit(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v - mean));
        }
        // normal equations for y ~ c0 + c1 u + c2 u^2, u = (x - mean) / scale
        double[][] ata = new double[3][3];
        double[] aty = new double[3];
        for (int i = 0; i < n; i++) {
            double u = (x[i] - mean) / scale;
            double[] row = {1, u, u * u};
            double y = Math.log(SIGNIFICANCE[i]);
            for (int r = 0; r < 3; r++) {
                aty[r] += row[r] * y;
                for (int c = 0; c < 3; c++) {
                    ata[r][c] += row[r] * row[c];
                }
            }
        }
        double[] cu = solve3(ata, aty);
        // back to x: c0 + c1 (x - mean)/s + c2 (x - mean)^2 / s^2
        double a = cu[2] / (scale * scale);
        double b = cu[1] / scale - 2 * a * mean;
        double c = cu[0] - cu[1] * mean / scale + a * mean * mean;
        return new double[] {a, b, c};
    }

    /** Gaussian elimination with partial pivoting on a 3x3 system (copies its inputs). */
    private static double[] solve3(double[][] matrix, double[] rhs) {
        double[][] m = {matrix[0].clone(), matrix[1].clone(), matrix[2].clone()};
        double[] y = rhs.clone();
        for (int col = 0; col < 3; col++) {
            int pivot = col;
            for (int r = col + 1; r < 3; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmpRow = m[col];
            m[col] = m[pivot];
            m[pivot] = tmpRow;
            double tmp = y[col];
            y[col] = y[pivot];
            y[pivot] = tmp;
            for (int r = col + 1; r < 3; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c < 3; c++) {
                    m[r][c] -= f * m[col][c];
                }
                y[r] -= f * y[col];
            }
        }
        double[] out = new double[3];
        for (int r = 2; r >= 0; r--) {
            double s = y[r];
            for (int c = r + 1; c < 3; c++) {
                s -= m[r][c] * out[c];
            }
            out[r] = s / m[r][r];
        }
        return out;
    }
}
