package io.driftwatch.stats;

/**
 * Error metrics of a window of matched predictions, built by {@link ErrorBucket#summary()}.
 *
 * @param n number of pairs
 * @param rmse sqrt(mean e^2)
 * @param mae mean |e|
 * @param mape mean |e|/|actual| over pairs with actual != 0, as a fraction (0.05 = 5%); NaN if
 *     every actual was 0
 * @param bias mean e (positive: the model under-forecasts)
 * @param errorStd sample standard deviation of e (divisor n - 1); NaN when n < 2
 * @param ci95Coverage fraction of actuals inside [lower, upper]
 *     All values are NaN when n == 0.
 */
public record ErrorSummary(long n, double rmse, double mae, double mape, double bias,
    double errorStd, double ci95Coverage) { }
