/**
 * Forecasting models in plain Java (no Kafka): naive, seasonal naive, drift, simple exponential
 * smoothing, Holt (optionally damped) and Holt-Winters additive/multiplicative, with
 * residual-bootstrap prediction intervals.
 *
 * <pre>{@code
 * Forecaster f = Forecasters.create(config.getAlgorithm(), config.getParams()); // fails fast on bad params
 * Forecast fc = f.predict(history, 14, seed);  // finite, lower <= yhat <= upper
 * FittedModel m = f.fit(history);              // point forecasts, residuals, fitted parameters
 * }</pre>
 *
 * <p>Conventions: histories are regularly spaced, oldest first, finite. The smoothing recursions
 * are the component form of Hyndman &amp; Athanasopoulos (fpp3 chapter 8), equal to statsmodels'
 * {@code ExponentialSmoothing} (checked in the tests, including where statsmodels 0.13 is wrong,
 * statsmodels#9538). Everything is deterministic given the data and the seed.
 */
package io.driftwatch.forecast.model;
