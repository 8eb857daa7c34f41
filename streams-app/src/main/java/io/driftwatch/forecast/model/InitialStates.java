package io.driftwatch.forecast.model;

/**
 * Starting values of the initial states for the ETS likelihood search, after R's
 * {@code forecast:::initstate}: for a seasonal model a classical decomposition (centred moving
 * average, additive or multiplicative by the season type) of the first three seasons (two when
 * that is all there is) gives the seasonal indices, normalised to sum 0 (additive) or m
 * (multiplicative, each at least 0.01); on the seasonally adjusted first max(10, 2m) points a
 * least-squares line gives l0 (its value one step before the first point) and b0 (its slope),
 * or their mean gives l0 without trend.
 */
final class InitialStates {

    private InitialStates() {
    }

    /** {l0, b0, s_0..s_{m-1}} (seasonals oldest first; none when not seasonal). */
    static double[] heuristic(double[] y, int m, EtsType type) {
        double[] figure = new double[0];
        double[] sa;
        if (type.seasonal()) {
            int len = Math.min(y.length, 3 * m);
            len -= len % m;
            boolean mult = type.season() == EtsType.Season.M;
            figure = seasonalFigure(y, len, m, mult);
            sa = new double[len];
            for (int i = 0; i < len; i++) {
                sa[i] = mult ? y[i] / Math.max(figure[i % m], 1e-2) : y[i] - figure[i % m];
            }
        } else {
            sa = y;
        }
        int maxn = Math.min(Math.max(10, 2 * m), sa.length);
        double l0;
        double b0 = 0;
        if (type.hasTrend()) {
            double mx = (maxn + 1) / 2.0;
            double my = 0;
            for (int i = 0; i < maxn; i++) {
                my += sa[i];
            }
            my /= maxn;
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < maxn; i++) {
                sxy += (i + 1 - mx) * (sa[i] - my);
                sxx += (i + 1 - mx) * (i + 1 - mx);
            }
            b0 = sxx > 0 ? sxy / sxx : 0;
            l0 = my - b0 * mx;
            if (Math.abs(l0 + b0) < 1e-8) {
                l0 *= 1 + 1e-3;
                b0 *= 1 + 1e-3;
            }
        } else {
            l0 = 0;
            for (int i = 0; i < maxn; i++) {
                l0 += sa[i];
            }
            l0 /= maxn;
        }
        double[] out = new double[2 + figure.length];
        out[0] = l0;
        out[1] = b0;
        System.arraycopy(figure, 0, out, 2, figure.length);
        return out;
    }

    /** The seasonal figure of the first len points (a multiple of m, >= 2m) by a centred moving average. */
    static double[] seasonalFigure(double[] y, int len, int m, boolean mult) {
        double[] sum = new double[m];
        int[] count = new int[m];
        int half = m / 2;
        for (int i = half; i + half < len; i++) {
            double tr;
            if (m % 2 == 0) {
                double s = 0.5 * (y[i - half] + y[i + half]);
                for (int k = i - half + 1; k < i + half; k++) {
                    s += y[k];
                }
                tr = s / m;
            } else {
                double s = 0;
                for (int k = i - half; k <= i + half; k++) {
                    s += y[k];
                }
                tr = s / m;
            }
            sum[i % m] += mult ? y[i] / tr : y[i] - tr;
            count[i % m]++;
        }
        double[] fig = new double[m];
        double mean = 0;
        for (int j = 0; j < m; j++) {
            fig[j] = count[j] > 0 ? sum[j] / count[j] : (mult ? 1 : 0);
            mean += fig[j];
        }
        mean /= m;
        for (int j = 0; j < m; j++) {
            fig[j] = mult ? Math.max(fig[j] / mean, 1e-2) : fig[j] - mean;
        }
        if (mult) {
            double s = 0;
            for (double v : fig) {
                s += v;
            }
            for (int j = 0; j < m; j++) {
                fig[j] *= m / s;
            }
        }
        return fig;
    }
}
