/**
 * Rolling-origin backtests of {@link io.driftwatch.forecast.model.Forecaster}s, producing the
 * metrics of {@code ValidationMetrics} (RMSE, MAE, MAPE, bias, error std, interval coverage,
 * inference time). Plain Java, no Kafka.
 */
package io.driftwatch.forecast.backtest;
