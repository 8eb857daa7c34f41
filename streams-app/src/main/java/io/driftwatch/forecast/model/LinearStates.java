package io.driftwatch.forecast.model;

import java.util.Arrays;

/**
 * The initial states that minimise the sum of squared one-step errors, given the smoothing
 * parameters, for an ETS model whose state update is linear (season N or A; Hyndman et al.
 * 2008, ch. 5, "optimal initial states"). With additive error that minimum is the maximum of
 * the likelihood over the states (sigma concentrated out), so the search only has to move the
 * 1-4 smoothing and damping parameters.
 *
 * <p>Why it is a least-squares problem: the one-step error e_t = y_t - q_t - s_{t-m} and the
 * updates l_t = q_t + alpha e_t, b_t = phi b_{t-1} + beta e_t, s_t = s_{t-m} + gamma e_t are linear
 * in (y, x_0), so e = e(base) + R z, where e(base) are the errors from base states x_b, z = x_0 - x_b
 * the free states (level, trend, m - 1 seasonal indices; the last makes them sum to 0) and column
 * k of R the errors of the recursion run on zero data from the k-th unit state. The system is
 * time-invariant from a zero state, so the response to a unit seasonal index of phase j is the
 * phase-0 response delayed by j: three responses (level, trend, phase 0) give all of R, and one
 * backward (adjoint) pass gives the seasonal columns of R'e and R'R: O(n + m^2) flops instead of
 * O(m^2 n) (or O(m n) by lagged products). The normal equations are solved by Cholesky.
 *
 * <p>Mutable, not thread-safe: one instance per fit, no allocation per call.
 */
final class LinearStates {

    private final double[] y;
    private final int n;
    private final int m;
    private final boolean trend;
    private final boolean seasonal;
    private final int p;
    private final int iSeason;
    private final double[] ringBase;
    private final double[] ringLevel;
    private final double[] ringTrend;
    private final double[] ringSeason;
    private final double[] eBase;
    private final double[] rLevel;
    private final double[] rTrend;
    private final double[] rSeason;
    private final double[][] gram;
    private final double[] crossLevel;
    private final double[] crossTrend;
    private final double[] crossE;
    private final double[] auto;
    private final double[][] a;
    private final double[] rhs;
    private final double[] rhs0;
    private double sumSqBase;
    private double sse;

    /**
     * @param y the data
     * @param m season length (1 when not seasonal)
     * @param type a model with season N or A
     */
    LinearStates(double[] y, int m, EtsType type) {
        if (type.season() == EtsType.Season.M) {
            throw new IllegalArgumentException(type + ": the state update is not linear");
        }
        this.y = y;
        this.n = y.length;
        this.seasonal = type.seasonal();
        this.m = seasonal ? m : 1;
        this.trend = type.hasTrend();
        this.iSeason = trend ? 2 : 1;
        this.p = iSeason + (seasonal ? m - 1 : 0);
        ringBase = new double[this.m];
        ringLevel = new double[this.m];
        ringTrend = new double[this.m];
        ringSeason = new double[this.m];
        eBase = new double[n];
        rLevel = new double[n];
        rTrend = new double[n];
        rSeason = new double[n];
        gram = new double[this.m][this.m];
        crossLevel = new double[this.m];
        crossTrend = new double[this.m];
        crossE = new double[this.m];
        auto = new double[this.m];
        a = new double[p][p];
        rhs = new double[p];
        rhs0 = new double[p];
    }

    /**
     * Writes the least-squares initial states {l0, b0, s_0..s_{m-1}} to {@code out} (same layout
     * as {@code base}, the states the correction starts from: any reasonable guess, it only
     * matters for rounding). beta must be 0 and phi 1 without trend, gamma 0 without season.
     *
     * @return false when the normal equations are singular or not finite (out is then undefined)
     */
    boolean solve(double alpha, double beta, double gamma, double phi, double[] base, double[] out) {
        run(base, alpha, beta, gamma, phi);
        adjoint(alpha, beta, gamma, phi);
        if (seasonal) {
            seasonalBlock();
        }
        System.arraycopy(rhs, 0, rhs0, 0, p);
        if (!cholesky()) {
            return false;
        }
        double reduction = 0;
        for (int i = 0; i < p; i++) {
            reduction += rhs[i] * rhs0[i];
        }
        sse = sumSqBase - reduction;
        out[0] = base[0] + rhs[0];
        out[1] = trend ? base[1] + rhs[1] : 0;
        if (seasonal) {
            double sum = 0;
            for (int j = 0; j < m - 1; j++) {
                out[2 + j] = base[2 + j] + rhs[iSeason + j];
                sum += out[2 + j];
            }
            out[2 + m - 1] = -sum;
        }
        return true;
    }

    /**
     * The sum of squared one-step errors at the states of the last successful {@link #solve}, from
     * the normal equations ({@code e'e - z'R'e} at the least-squares correction z, no pass over the
     * data); NaN when that difference lost too many digits to trust (under 1e-6 of e'e: the caller
     * then runs the recursion).
     */
    double sse() {
        return sse > 1e-6 * sumSqBase && Double.isFinite(sse) ? sse : Double.NaN;
    }

    /**
     * The additive-error recursion four times in one loop (independent chains, so the processor
     * overlaps them): on y from the base states (errors to eBase), and on zero data from a unit
     * level, a unit trend and a unit phase-0 seasonal index (responses to rLevel, rTrend, rSeason).
     */
    private void run(double[] base, double alpha, double beta, double gamma, double phi) {
        for (int j = 0; j < m; j++) {
            ringBase[j] = seasonal ? base[2 + j] : 0;
        }
        Arrays.fill(ringLevel, 0);
        Arrays.fill(ringTrend, 0);
        Arrays.fill(ringSeason, 0);
        ringSeason[0] = seasonal ? 1 : 0;
        double l0 = base[0];
        double b0 = trend ? base[1] : 0;
        double l1 = 1;
        double b1 = 0;
        double l2 = 0;
        double b2 = trend ? 1 : 0;
        double l3 = 0;
        double b3 = 0;
        final double[] s0 = ringBase;
        final double[] s1 = ringLevel;
        final double[] s2 = ringTrend;
        final double[] s3 = ringSeason;
        double ee = 0;
        int j = 0;
        for (int t = 0; t < n; t++) {
            double q0 = l0 + phi * b0;
            double q1 = l1 + phi * b1;
            double q2 = l2 + phi * b2;
            double q3 = l3 + phi * b3;
            double e0 = y[t] - q0 - s0[j];
            double e1 = -q1 - s1[j];
            double e2 = -q2 - s2[j];
            double e3 = -q3 - s3[j];
            eBase[t] = e0;
            ee += e0 * e0;
            rLevel[t] = e1;
            rTrend[t] = e2;
            rSeason[t] = e3;
            l0 = q0 + alpha * e0;
            l1 = q1 + alpha * e1;
            l2 = q2 + alpha * e2;
            l3 = q3 + alpha * e3;
            b0 = phi * b0 + beta * e0;
            b1 = phi * b1 + beta * e1;
            b2 = phi * b2 + beta * e2;
            b3 = phi * b3 + beta * e3;
            s0[j] += gamma * e0;
            s1[j] += gamma * e1;
            s2[j] += gamma * e2;
            s3[j] += gamma * e3;
            if (++j == m) {
                j = 0;
            }
        }
        sumSqBase = ee;
    }

    /**
     * Fills the seasonal rows of the normal equations. The Gram block: entry (j - d, j) is
     * {@code sum_{u=0}^{n-1-j} r[u] r[u+d]}, the autocorrelation of the phase-0 response at lag d
     * (from {@link #adjoint}) less its last j - d terms. The cross products also from the adjoint
     * pass.
     */
    private void seasonalBlock() {
        final double[] r = rSeason;
        for (int d = 0; d < m; d++) {
            double s = auto[d];
            for (int j = d; j < m; j++) {
                if (j > d) {
                    s -= r[n - j] * r[n - j + d];
                }
                gram[j - d][j] = s;
                gram[j][j - d] = s;
            }
        }
        int last = m - 1;
        for (int i = 0; i < last; i++) {
            int ri = iSeason + i;
            a[0][ri] = crossLevel[i] - crossLevel[last];
            if (trend) {
                a[1][ri] = crossTrend[i] - crossTrend[last];
            }
            rhs[ri] = -(crossE[i] - crossE[last]);
            for (int j = i; j < last; j++) {
                a[ri][iSeason + j] = gram[i][j] - gram[i][last] - gram[last][j] + gram[last][last];
            }
        }
    }

    /**
     * The products of eBase, rLevel, rTrend and rSeason with every column of R, in one
     * backward pass over the data (reverse mode, four independent chains): column j of R, the
     * errors from a unit seasonal index of phase j on zero data, makes {@code <v, R_j>} the
     * derivative of {@code sum_t v[t] e_t} by that index, and the adjoint recursion gives the
     * derivatives by all initial states in O(n) instead of O(m n) lagged products. Backwards
     * through one step of {@link #run} (q = l + phi b, e = -q - s_j, l' = q + alpha e,
     * b' = phi b + beta e, s_j' = s_j + gamma e), with v[t] the weight of e_t:
     * <pre>
     *   le = v[t] + alpha ll + beta lb + gamma ls_j,   lq = ll - le,
     *   ll = lq,   lb = phi (lq + lb),   ls_j = ls_j - le
     * </pre>
     * At t = 0 ring slot j holds the derivative by s_j (for v = rSeason that is
     * {@code sum_{t>=j} r[t] r[t-j]}, the autocorrelation at lag j), and ll, lb the derivatives by
     * l_0 and b_0: the products of v with rLevel and rTrend, the level and trend rows.
     */
    private void adjoint(double alpha, double beta, double gamma, double phi) {
        final double[] se = crossE;
        final double[] sl = crossLevel;
        final double[] st = crossTrend;
        final double[] ss = auto;
        Arrays.fill(se, 0);
        Arrays.fill(sl, 0);
        Arrays.fill(st, 0);
        Arrays.fill(ss, 0);
        double ll0 = 0;
        double lb0 = 0;
        double ll1 = 0;
        double lb1 = 0;
        double ll2 = 0;
        double lb2 = 0;
        double ll3 = 0;
        double lb3 = 0;
        final double al = alpha;
        final double be = beta;
        final double ga = gamma;
        final double ph = phi;
        int j = (n - 1) % m;
        for (int t = n - 1; t >= 0; t--) {
            double e0 = eBase[t] + al * ll0 + be * lb0 + ga * se[j];
            double e1 = rLevel[t] + al * ll1 + be * lb1 + ga * sl[j];
            double e3 = rSeason[t] + al * ll3 + be * lb3 + ga * ss[j];
            double q0 = ll0 - e0;
            double q1 = ll1 - e1;
            double q3 = ll3 - e3;
            ll0 = q0;
            ll1 = q1;
            ll3 = q3;
            lb0 = ph * (q0 + lb0);
            lb1 = ph * (q1 + lb1);
            lb3 = ph * (q3 + lb3);
            se[j] -= e0;
            sl[j] -= e1;
            ss[j] -= e3;
            if (trend) {
                double e2 = rTrend[t] + al * ll2 + be * lb2 + ga * st[j];
                double q2 = ll2 - e2;
                ll2 = q2;
                lb2 = ph * (q2 + lb2);
                st[j] -= e2;
            }
            if (--j < 0) {
                j = m - 1;
            }
        }
        a[0][0] = ll1;
        rhs[0] = -ll0;
        if (trend) {
            a[0][1] = lb1;
            a[1][1] = lb2;
            rhs[1] = -lb0;
        }
    }

    /** Solves a z = rhs in place (upper triangle of a read; z to rhs), tiny ridge; false if not positive definite. */
    private boolean cholesky() {
        double trace = 0;
        for (int i = 0; i < p; i++) {
            trace += a[i][i];
        }
        double ridge = 1e-12 * trace / p;
        // a = U'U, U upper triangular, stored in the upper triangle of a
        for (int i = 0; i < p; i++) {
            double d = a[i][i] + ridge;
            for (int k = 0; k < i; k++) {
                d -= a[k][i] * a[k][i];
            }
            if (!(d > 0)) {
                return false;
            }
            d = Math.sqrt(d);
            a[i][i] = d;
            for (int j = i + 1; j < p; j++) {
                double v = a[i][j];
                for (int k = 0; k < i; k++) {
                    v -= a[k][i] * a[k][j];
                }
                a[i][j] = v / d;
            }
        }
        for (int i = 0; i < p; i++) { // U' w = rhs
            double v = rhs[i];
            for (int k = 0; k < i; k++) {
                v -= a[k][i] * rhs[k];
            }
            rhs[i] = v / a[i][i];
        }
        for (int i = p - 1; i >= 0; i--) { // U z = w
            double v = rhs[i];
            for (int k = i + 1; k < p; k++) {
                v -= a[i][k] * rhs[k];
            }
            rhs[i] = v / a[i][i];
        }
        for (int i = 0; i < p; i++) {
            if (!Double.isFinite(rhs[i])) {
                return false;
            }
        }
        return true;
    }
}
