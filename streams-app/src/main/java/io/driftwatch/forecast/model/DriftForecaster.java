package io.driftwatch.forecast.model;

import java.util.Map;

/**
 * Random walk with drift (fpp3 section 5.2): slope c = (y_T - y_1) / (T - 1), yhat_{T+k} = y_T + k c.
 * One-step residuals y_t - y_{t-1} - c for t >= 1. With a single point the slope is 0.
 */
final class DriftForecaster extends WindowedForecaster {

    DriftForecaster(ModelSpec spec) {
        super(spec);
    }

    @Override
    FittedModel fitWindow(double[] y) {
        int n = y.length;
        double slope = n > 1 ? (y[n - 1] - y[0]) / (n - 1) : 0.0;
        double[] residuals = new double[n - 1];
        for (int t = 1; t < n; t++) {
            residuals[t - 1] = y[t] - y[t - 1] - slope;
        }
        return new Fitted(y[n - 1], slope, residuals);
    }

    /** The last value, the slope and the residuals. */
    private record Fitted(double last, double slope, double[] res) implements FittedModel {

        @Override
        public double[] forecast(int horizon) {
            return simulate(new double[horizon]);
        }

        @Override
        public double[] residuals() {
            return res.clone();
        }

        @Override
        public double[] simulate(double[] innovations) {
            double[] out = new double[innovations.length];
            double prev = last;
            for (int k = 0; k < out.length; k++) {
                prev = prev + slope + innovations[k];
                out[k] = prev;
            }
            return out;
        }

        @Override
        public Map<String, Double> parameters() {
            return Map.of("slope", slope);
        }
    }
}
