package io.driftwatch.forecast.model;

/**
 * Improves the initial states of a model with multiplicative error or season for fixed smoothing
 * parameters, where they enter the likelihood non-linearly: a few Levenberg-Marquardt steps on the
 * one-step errors (relative ones for multiplicative error), the Jacobian by forward differences
 * (one pass over the data per free state), a step kept only when the likelihood improves. Cheap
 * next to a Nelder-Mead search over all parameters (tens of passes instead of thousands), and it
 * moves all the states together, which Nelder-Mead does slowly. Mutable, not thread-safe.
 */
final class StatePolish {

    private static final int ITERATIONS = 6;

    private final double[] y;
    private final int n;
    private final int m;
    private final EtsType type;
    private final EtsCalc calc;
    private final int p;
    private final double[] e;
    private final double[][] jac;
    private final double[][] a;
    private final double[] g;
    private final double[] trial;
    private final double[] seasonals;

    /** For data y, season length m (1 when not seasonal) and the model. */
    StatePolish(double[] y, int m, EtsType type) {
        this.y = y;
        this.n = y.length;
        this.m = m;
        this.type = type;
        this.calc = new EtsCalc(type, m);
        this.p = 1 + (type.hasTrend() ? 1 : 0) + (type.seasonal() ? m - 1 : 0);
        e = new double[n];
        jac = new double[p][n];
        a = new double[p][p];
        g = new double[p];
        trial = new double[2 + (type.seasonal() ? m : 0)];
        seasonals = new double[m];
    }

    /**
     * Polishes {@code states} ({l0, b0, s_0..s_{m-1}}, updated in place) at the given parameters.
     *
     * @return the log-likelihood at the final states (NaN if not finite at the start)
     */
    double polish(double alpha, double beta, double gamma, double phi, double[] states) {
        calc.setParams(alpha, beta, gamma, phi);
        double ll = logLik(states);
        if (!Double.isFinite(ll)) {
            return Double.NaN;
        }
        double lambda = 1e-3;
        for (int it = 0; it < ITERATIONS; it++) {
            if (!errors(states, e)) {
                break;
            }
            for (int k = 0; k < p; k++) {
                System.arraycopy(states, 0, trial, 0, states.length);
                double h = 1e-6 * Math.max(Math.abs(get(trial, k)), scaleOf(states, k));
                set(trial, k, get(trial, k) + h);
                if (!errors(trial, jac[k])) {
                    return ll;
                }
                for (int t = 0; t < n; t++) {
                    jac[k][t] = (jac[k][t] - e[t]) / h;
                }
            }
            for (int i = 0; i < p; i++) {
                double gi = 0;
                for (int t = 0; t < n; t++) {
                    gi += jac[i][t] * e[t];
                }
                g[i] = -gi;
            }
            boolean improved = false;
            for (int tries = 0; tries < 4 && !improved; tries++) {
                double[] step = solve(lambda);
                if (step != null) {
                    System.arraycopy(states, 0, trial, 0, states.length);
                    for (int k = 0; k < p; k++) {
                        set(trial, k, get(trial, k) + step[k]);
                    }
                    double llTrial = logLik(trial);
                    if (llTrial > ll) {
                        System.arraycopy(trial, 0, states, 0, states.length);
                        improved = llTrial - ll > 1e-6;
                        ll = llTrial;
                        lambda = Math.max(1e-6, lambda / 10);
                        if (!improved) {
                            return ll;
                        }
                        break;
                    }
                }
                lambda *= 10;
            }
            if (!improved) {
                break;
            }
        }
        return ll;
    }

    /** (J'J + lambda diag(J'J)) step = g, by Gaussian elimination with partial pivoting; null if singular. */
    private double[] solve(double lambda) {
        double[][] w = new double[p][p + 1];
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += jac[i][t] * jac[j][t];
                }
                w[i][j] = s;
                w[j][i] = s;
            }
            w[i][p] = g[i];
        }
        for (int i = 0; i < p; i++) {
            w[i][i] *= 1 + lambda;
        }
        for (int c = 0; c < p; c++) {
            int piv = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(w[r][c]) > Math.abs(w[piv][c])) {
                    piv = r;
                }
            }
            if (!(Math.abs(w[piv][c]) > 0)) {
                return null;
            }
            double[] tmp = w[c];
            w[c] = w[piv];
            w[piv] = tmp;
            for (int r = c + 1; r < p; r++) {
                double f = w[r][c] / w[c][c];
                for (int k = c; k <= p; k++) {
                    w[r][k] -= f * w[c][k];
                }
            }
        }
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = w[i][p];
            for (int k = i + 1; k < p; k++) {
                s -= w[i][k] * x[k];
            }
            x[i] = s / w[i][i];
            if (!Double.isFinite(x[i])) {
                return null;
            }
        }
        return x;
    }

    /** Free state k: 0 = level, then trend, then the first m - 1 seasonal indices (the last one balances them). */
    private double get(double[] s, int k) {
        return s[index(k)];
    }

    private void set(double[] s, int k, double v) {
        int i = index(k);
        if (i >= 2) {
            s[2 + m - 1] -= v - s[i];
        }
        s[i] = v;
    }

    private int index(int k) {
        if (k == 0) {
            return 0;
        }
        if (type.hasTrend()) {
            return k == 1 ? 1 : 2 + k - 2;
        }
        return 2 + k - 1;
    }

    private double scaleOf(double[] s, int k) {
        return index(k) >= 2 && type.season() == EtsType.Season.M ? 1 : Math.max(1e-8, Math.abs(s[0]) * 1e-3);
    }

    private boolean errors(double[] states, double[] out) {
        if (!fillSeasonals(states)) {
            return false;
        }
        calc.reset(states[0], states[1], seasonals);
        for (int t = 0; t < n; t++) {
            double v = calc.step(y[t]);
            if (!Double.isFinite(v)) {
                return false;
            }
            out[t] = v;
        }
        return true;
    }

    private double logLik(double[] states) {
        if (!fillSeasonals(states)) {
            return Double.NaN;
        }
        return calc.logLik(y, states[0], states[1], seasonals);
    }

    private boolean fillSeasonals(double[] states) {
        if (!type.seasonal()) {
            return true;
        }
        for (int j = 0; j < m; j++) {
            seasonals[j] = states[2 + j];
            if (type.season() == EtsType.Season.M && !(seasonals[j] > 0)) {
                return false;
            }
        }
        return true;
    }
}
