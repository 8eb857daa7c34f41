package io.driftwatch.stats;

import java.util.Arrays;

/**
 * False discovery rate control across many tests (e.g. one drift test per series of a model):
 * Benjamini-Hochberg (independent or positively dependent tests) and Benjamini-Yekutieli (any
 * dependence), as adjusted p-values (q-values) and step-up rejections, with the numbers of
 * statsmodels' {@code multipletests(p, alpha, method='fdr_bh' | 'fdr_by')}.
 *
 * <p>With the p-values sorted ascending, {@code p_(1) <= ... <= p_(m)}, the q-value of
 * {@code p_(i)} is {@code min(1, min_{j >= i} p_(j) / f_j)} with {@code f_j = j / m} (BH) or
 * {@code f_j = (j / m) / c_m}, {@code c_m = 1 + 1/2 + ... + 1/m} (BY). The procedure at level
 * {@code q} rejects {@code p_(1..k)} for the largest {@code k} with {@code p_(k) <= f_k q}: exactly
 * the tests whose q-value is at most {@code q} (the step-up rule is evaluated as statsmodels does,
 * so the two agree also at rounding boundaries).
 *
 * <p><b>Partial input</b> ({@link #rejectPartial}): a monitor whose partitions each report only
 * their small p-values can still run the procedure exactly over all {@code m} tests. A q-value at
 * most {@code q} only depends on the p-values at most {@code q}: every term {@code p_(j) / f_j} of
 * a p-value {@code p_(j) > q} exceeds {@code q}, because {@code f_j <= 1}. So if the known p-values
 * include every p-value {@code <= q} (they may include some larger ones too), the known ones
 * below {@code q} are the smallest of all {@code m} and have their true ranks, and a minimum that
 * ends up {@code <= q} over the known terms is the true minimum; a minimum above {@code q} stays
 * above {@code q} when the unknown terms (all above {@code q}) are added. Hence the rejected set is
 * exactly that of the full procedure and so is every rejected test's q-value; for the others the
 * returned value is an upper bound of the true q-value, which itself exceeds {@code q}.
 *
 * <p>Inputs must be in {@code [0, 1]} (NaN rejected). Input arrays are not modified.
 */
public final class FalseDiscovery {

    private FalseDiscovery() {
    }

    /** Which procedure. */
    public enum Method {
        /** Benjamini-Hochberg (1995): independent or positively regression dependent tests. */
        BH,
        /** Benjamini-Yekutieli (2001): arbitrary dependence, factor {@code c_m} more conservative. */
        BY
    }

    /**
     * Rejections and q-values, aligned with the input p-values.
     *
     * @param rejected   true for the tests rejected at the level
     * @param qValues    adjusted p-values (see the class comment for the partial variant)
     * @param rejections number of true entries in {@code rejected}
     */
    public record Result(boolean[] rejected, double[] qValues, int rejections) {
    }

    /** Benjamini-Hochberg q-values of {@code p}, in the input order. */
    public static double[] benjaminiHochberg(double[] p) {
        return adjust(p, Method.BH);
    }

    /** Benjamini-Yekutieli q-values of {@code p}, in the input order. */
    public static double[] benjaminiYekutieli(double[] p) {
        return adjust(p, Method.BY);
    }

    /** q-values of {@code p} under {@code method}, in the input order. */
    public static double[] adjust(double[] p, Method method) {
        return reject(p, 0.0, method).qValues();
    }

    /** The procedure at level {@code q} over all the p-values {@code p}. */
    public static Result reject(double[] p, double q, Method method) {
        return rejectPartial(p, p.length, q, method);
    }

    /**
     * The procedure at level {@code q} over {@code m} tests of which only {@code known} are given;
     * {@code known} must contain every p-value {@code <= q} of the {@code m} (see the class comment).
     * The rejections and the rejected tests' q-values are those of the full procedure.
     */
    public static Result rejectPartial(double[] known, int m, double q, Method method) {
        if (m < known.length) {
            throw new IllegalArgumentException("m (" + m + ") must be >= the number of p-values (" + known.length + ")");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("level must be in [0, 1], got " + q);
        }
        for (double v : known) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("p-values must be in [0, 1], got " + v);
            }
        }
        int k = known.length;
        double[] sorted = known.clone();
        Arrays.sort(sorted);
        double cm = 1;
        if (method == Method.BY) {
            cm = 0;
            for (int i = 1; i <= m; i++) {
                cm += 1.0 / i;
            }
        }
        double[] qSorted = new double[k];
        int rejectMax = -1;
        double running = Double.POSITIVE_INFINITY;
        for (int i = k - 1; i >= 0; i--) {
            double factor = (i + 1) / (double) m;
            if (method == Method.BY) {
                factor /= cm;
            }
            if (rejectMax < 0 && sorted[i] <= factor * q) {
                rejectMax = i;
            }
            running = Math.min(running, sorted[i] / factor);
            qSorted[i] = Math.min(1.0, running);
        }
        boolean[] rejected = new boolean[k];
        double[] qValues = new double[k];
        int rejections = 0;
        for (int i = 0; i < k; i++) {
            // equal p-values share q-value and decision, so any copy's rank will do
            int rank = Arrays.binarySearch(sorted, known[i]);
            qValues[i] = qSorted[rank];
            rejected[i] = rank <= rejectMax;
            rejections += rejected[i] ? 1 : 0;
        }
        return new Result(rejected, qValues, rejections);
    }
}
