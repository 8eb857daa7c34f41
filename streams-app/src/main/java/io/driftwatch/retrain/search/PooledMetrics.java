package io.driftwatch.retrain.search;

import io.driftwatch.forecast.backtest.BacktestResult;

/**
 * Pools the backtests of one candidate on several series into one {@link BacktestResult}, as if
 * all their origins were one sample.
 *
 * <p>Exact for n, RMSE, MAE, bias, error std (population, from the sums of e and e^2), coverage
 * and inference time; MAPE is the n-weighted mean of the per-series MAPEs over series that have
 * one, which is exact when no actual is zero. Not thread-safe; one instance per candidate.
 */
public final class PooledMetrics {

    private long n;
    private double sumSq;
    private double sumAbs;
    private double sumE;
    private double hits;
    private double mapeWeighted;
    private long mapeN;
    private double timeWeighted;

    /** Adds one series' backtest; empty backtests (n = 0) add nothing. */
    public PooledMetrics add(BacktestResult r) {
        if (r.n() == 0) {
            return this;
        }
        long k = r.n();
        n += k;
        sumSq += r.rmse() * r.rmse() * k;
        sumAbs += r.mae() * k;
        sumE += r.bias() * k;
        hits += r.coverage() * k;
        timeWeighted += r.inferenceTimeMs() * k;
        if (!Double.isNaN(r.mape())) {
            mapeWeighted += r.mape() * k;
            mapeN += k;
        }
        return this;
    }

    /** The pooled metrics; all NaN (n = 0) when nothing was added. */
    public BacktestResult result() {
        if (n == 0) {
            return new BacktestResult(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, 0);
        }
        double mean = sumE / n;
        double var = Math.max(0, sumSq / n - mean * mean);
        return new BacktestResult(Math.sqrt(sumSq / n), sumAbs / n, mapeN == 0 ? Double.NaN : mapeWeighted / mapeN,
                mean, Math.sqrt(var), hits / n, timeWeighted / n, n);
    }
}
