package io.driftwatch.forecast.backtest;

/**
 * Metrics of one rolling-origin backtest; errors are e = actual - yhat at the evaluated horizon.
 * Mirrors the Avro {@code ValidationMetrics}.
 *
 * <p>When {@code n == 0} every metric is NaN. {@code mape} is NaN when no actual is non-zero.
 * {@code errorStd} is the population standard deviation (divide by n), the same quantity the
 * monitor computes from its bucket sums (count, sum e, sum e^2).
 *
 * @param rmse root mean squared error
 * @param mae mean absolute error
 * @param mape mean |e|/|y| over actuals y != 0, as a fraction
 * @param bias mean error
 * @param errorStd population standard deviation of the errors
 * @param coverage share of actuals inside [lower, upper] (the spec's interval level, 0.95 by default)
 * @param inferenceTimeMs mean wall time of fit + forecast (with intervals) per origin
 * @param n number of evaluated origins
 */
public record BacktestResult(double rmse, double mae, double mape, double bias, double errorStd,
                             double coverage, double inferenceTimeMs, long n) {

    /** The result of a backtest with no usable origin. */
    static BacktestResult empty() {
        return new BacktestResult(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 0);
    }
}
