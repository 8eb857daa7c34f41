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
 * phase-0 response delayed by j: three responses (level, trend, phase 0) give all of R, and
 * R'R from lagged products, O(m n) flops instead of O(m^2 n). The normal equations are solved
 * by Cholesky.
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
    private final double[][] a;
    private final double[] rhs;

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
        a = new double[p][p];
        rhs = new double[p];
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
        a[0][0] = dot(rLevel, rLevel);
        rhs[0] = -dot(rLevel, eBase);
        if (trend) {
            a[0][1] = dot(rLevel, rTrend);
            a[1][1] = dot(rTrend, rTrend);
            rhs[1] = -dot(rTrend, eBase);
        }
        if (seasonal) {
            seasonalBlock();
        }
        if (!cholesky()) {
            return false;
        }
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
    }

    /** Fills the seasonal rows of the normal equations from lagged products of the phase-0 response. */
    private void seasonalBlock() {
        final double[] r = rSeason;
        // gram[i][j] = <shift_i r, shift_j r> = sum_{u=0}^{n-1-max(i,j)} r[u] r[u+|i-j|]
        for (int d = 0; d < m; d++) {
            double s = dotShifted(r, r, d, n - m + 1 + d);
            for (int j = m - 1; j >= d; j--) {
                if (j < m - 1) {
                    int u = n - 1 - j;
                    s += r[u] * r[u + d];
                }
                gram[j - d][j] = s;
                gram[j][j - d] = s;
            }
        }
        // cross products <v, shift_j r> = sum_{t>=j} v[t] r[t-j]
        for (int j = 0; j < m; j++) {
            crossLevel[j] = dotShifted(rLevel, r, j, n);
            crossE[j] = dotShifted(eBase, r, j, n);
            crossTrend[j] = trend ? dotShifted(rTrend, r, j, n) : 0;
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

    /** sum_{t=shift}^{end-1} v[t] r[t - shift], four partial sums. */
    private static double dotShifted(double[] v, double[] r, int shift, int end) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int t = shift;
        for (; t + 3 < end; t += 4) {
            s0 += v[t] * r[t - shift];
            s1 += v[t + 1] * r[t + 1 - shift];
            s2 += v[t + 2] * r[t + 2 - shift];
            s3 += v[t + 3] * r[t + 3 - shift];
        }
        for (; t < end; t++) {
            s0 += v[t] * r[t - shift];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Inner product over n points, four partial sums (no single long dependency chain). */
    private double dot(double[] u, double[] v) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int t = 0;
        for (; t + 3 < n; t += 4) {
            s0 += u[t] * v[t];
            s1 += u[t + 1] * v[t + 1];
            s2 += u[t + 2] * v[t + 2];
            s3 += u[t + 3] * v[t + 3];
        }
        for (; t < n; t++) {
            s0 += u[t] * v[t];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
