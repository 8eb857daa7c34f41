package io.driftwatch.forecast.model;

/**
 * An independent, deliberately literal transcription of the component-form equations of
 * Hyndman &amp; Athanasopoulos, fpp3 sections 8.1-8.3, with fpp3's time indices (t = 1..T, states
 * l_0, b_0, s_{1-m}..s_0), used as the reference for the production recursion.
 */
final class Textbook {

    enum Season { NONE, ADD, MUL }

    final double[] forecast;
    final double[] residuals;

    /**
     * @param s0 initial seasonals s_{1-m}..s_0 (oldest first); empty for no season
     * @param trend false = no trend (b ignored), phi = 1 = undamped
     */
    Textbook(double[] y, Season season, boolean trend, double alpha, double beta, double gamma, double phi,
             double l0, double b0, double[] s0, int h) {
        int bigT = y.length;
        int m = s0.length;
        if (!trend) {
            b0 = 0;
            beta = 0;
            phi = 1;
        }
        double[] l = new double[bigT + 1];
        double[] b = new double[bigT + 1];
        double[] s = new double[bigT + m + 1]; // s_t lives at s[t + m]
        l[0] = l0;
        b[0] = b0;
        for (int j = 0; j < m; j++) {
            s[1 + j] = s0[j];
        }
        residuals = new double[bigT];
        for (int t = 1; t <= bigT; t++) {
            double yt = y[t - 1];
            double base = l[t - 1] + phi * b[t - 1];
            double sPrev = season == Season.NONE ? 0 : s[t - m + m];
            double yhat = switch (season) {
                case NONE -> base;
                case ADD -> base + sPrev;
                case MUL -> base * sPrev;
            };
            residuals[t - 1] = yt - yhat;
            l[t] = switch (season) {
                case NONE -> alpha * yt + (1 - alpha) * base;
                case ADD -> alpha * (yt - sPrev) + (1 - alpha) * base;
                case MUL -> alpha * (yt / sPrev) + (1 - alpha) * base;
            };
            b[t] = beta * (l[t] - l[t - 1]) + (1 - beta) * phi * b[t - 1];
            if (season == Season.ADD) {
                s[t + m] = gamma * (yt - l[t - 1] - phi * b[t - 1]) + (1 - gamma) * sPrev;
            } else if (season == Season.MUL) {
                s[t + m] = gamma * (yt / (l[t - 1] + phi * b[t - 1])) + (1 - gamma) * sPrev;
            }
        }
        forecast = new double[h];
        for (int k = 1; k <= h; k++) {
            double phiH = 0;
            for (int i = 1; i <= k; i++) {
                phiH += Math.pow(phi, i);
            }
            double base = l[bigT] + phiH * b[bigT];
            if (season == Season.NONE) {
                forecast[k - 1] = base;
            } else {
                int kk = (k - 1) / m;
                double sk = s[bigT + k - m * (kk + 1) + m];
                forecast[k - 1] = season == Season.ADD ? base + sk : base * sk;
            }
        }
    }
}
