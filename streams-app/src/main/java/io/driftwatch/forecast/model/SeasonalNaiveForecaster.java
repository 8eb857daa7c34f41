package io.driftwatch.forecast.model;

import java.util.Arrays;
import java.util.Map;

/**
 * Naive (m = 1) and seasonal naive: yhat_{T+k} = y_{T+k-m(floor((k-1)/m)+1)}, the last observed
 * value of the same phase (fpp3 section 5.2). One-step residuals y_t - y_{t-m} exist for t >= m.
 */
final class SeasonalNaiveForecaster extends WindowedForecaster {

    SeasonalNaiveForecaster(ModelSpec spec) {
        super(spec);
    }

    @Override
    FittedModel fitWindow(double[] y) {
        int m = spec().algorithm() == Algorithm.NAIVE ? 1 : spec().seasonLength();
        requireLength(y, m, "(one season)");
        double[] residuals = new double[y.length - m];
        for (int t = m; t < y.length; t++) {
            residuals[t - m] = y[t] - y[t - m];
        }
        return new Fitted(Arrays.copyOfRange(y, y.length - m, y.length), residuals);
    }

    /** Keeps the last season (oldest first) and the residuals. */
    private record Fitted(double[] lastSeason, double[] res) implements FittedModel {

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
            int m = lastSeason.length;
            double[] ext = Arrays.copyOf(lastSeason, m + innovations.length);
            for (int k = 0; k < innovations.length; k++) {
                ext[m + k] = ext[k] + innovations[k];
            }
            return Arrays.copyOfRange(ext, m, ext.length);
        }

        @Override
        public Map<String, Double> parameters() {
            return Map.of("season_length", (double) lastSeason.length);
        }
    }
}
