package io.driftwatch.forecast.backtest;

import io.driftwatch.forecast.model.Forecast;
import io.driftwatch.forecast.model.Forecaster;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

/**
 * Rolling-origin evaluation of a forecaster at one horizon h.
 *
 * <p>An origin t (0-based index of the last observed point) fits on {@code series[0..t]} (the
 * forecaster keeps only its context_length), forecasts h steps and compares the h-step-ahead
 * forecast with {@code series[t+h]}. Every origin refits: nothing leaks from the future and
 * nothing is reused between origins. Which origins are used is set by {@link Placement}; by
 * default those in the last D points whose target is still inside the series.
 *
 * <p>Deterministic given the seed, except the timing: origin i's bootstrap seed is the i-th
 * {@code nextLong()} of {@code new SplittableRandom(seed)}. A model that cannot be fitted at an
 * origin (too short a history, non-positive data for holt_winters_mul) fails the whole backtest
 * with its IllegalArgumentException, so the caller can reject the candidate with that reason.
 */
public final class Backtest {

    /** Default number of points evaluated (the design's "last 30 days"). */
    public static final int DEFAULT_WINDOW = 30;

    /** Where the window of D points lies relative to the origins. */
    public enum Placement {
        /** Origins t in the last D points with t + h inside the series: max(0, D - h) origins. */
        ORIGINS_IN_WINDOW,
        /** Targets t + h in the last D points: D origins, also when h >= D (e.g. 90-day horizons). */
        TARGETS_IN_WINDOW
    }

    private Backtest() {
    }

    /** {@link #run(Forecaster, double[], int, int, Placement, long)} with origins in the window. */
    public static BacktestResult run(Forecaster forecaster, double[] series, int horizon, int window, long seed) {
        return run(forecaster, series, horizon, window, Placement.ORIGINS_IN_WINDOW, seed);
    }

    /**
     * @param forecaster the candidate
     * @param series the whole history, oldest first
     * @param horizon h >= 1, steps between origin and target
     * @param window D >= 1
     * @param placement which origins D selects
     * @param seed bootstrap seed
     */
    public static BacktestResult run(Forecaster forecaster, double[] series, int horizon, int window,
                                     Placement placement, long seed) {
        return run(forecaster, series, horizon, window, placement, seed, r -> { });
    }

    /**
     * {@link #run(Forecaster, double[], int, int, Placement, long)}, also handing each origin's
     * {@link #intervalRatio} to {@code intervalRatios}, in origin order.
     */
    public static BacktestResult run(Forecaster forecaster, double[] series, int horizon, int window,
                                     Placement placement, long seed, DoubleConsumer intervalRatios) {
        if (horizon < 1 || window < 1) {
            throw new IllegalArgumentException("horizon and window must be >= 1, got " + horizon + ", " + window);
        }
        int n = series.length;
        int first = Math.max(0, placement == Placement.ORIGINS_IN_WINDOW ? n - window : n - window - horizon);
        int last = n - 1 - horizon;
        if (last < first) {
            return BacktestResult.empty();
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        Accumulator acc = new Accumulator(last - first + 1);
        for (int t = first; t <= last; t++) {
            long start = System.nanoTime();
            Forecast fc = forecaster.predict(Arrays.copyOf(series, t + 1), horizon, seeds.nextLong());
            long nanos = System.nanoTime() - start;
            int k = horizon - 1;
            acc.add(series[t + horizon], fc.yhat()[k], fc.lower()[k], fc.upper()[k], nanos);
            intervalRatios.accept(intervalRatio(series[t + horizon], fc.yhat()[k], fc.lower()[k], fc.upper()[k]));
        }
        return acc.result();
    }

    /**
     * How far the actual lies from the forecast, in units of the interval's half-width on its side:
     * {@code (actual - yhat) / (upper - yhat)} above the forecast, {@code (yhat - actual) / (yhat - lower)}
     * below it. The interval widened by a factor f about yhat covers the actual exactly when the
     * ratio is {@code <= f}. 0 for an exact forecast, +Infinity outside a degenerate interval, NaN
     * when the forecast or actual is not finite.
     */
    public static double intervalRatio(double actual, double yhat, double lower, double upper) {
        double e = actual - yhat;
        if (e == 0) {
            return Double.isFinite(yhat) ? 0 : Double.NaN;
        }
        double side = e > 0 ? upper - yhat : yhat - lower;
        double r = Math.abs(e) / Math.max(0, side);
        return Double.isNaN(e) ? Double.NaN : r;
    }

    /** Collects per-origin errors; two-pass for the standard deviation. */
    private static final class Accumulator {
        private final double[] errors;
        private int count;
        private double sumAbs;
        private double sumSq;
        private double sumPct;
        private int pctCount;
        private int hits;
        private long nanos;

        Accumulator(int capacity) {
            errors = new double[capacity];
        }

        void add(double actual, double yhat, double lower, double upper, long elapsedNanos) {
            double e = actual - yhat;
            errors[count++] = e;
            sumAbs += Math.abs(e);
            sumSq += e * e;
            if (actual != 0) {
                sumPct += Math.abs(e) / Math.abs(actual);
                pctCount++;
            }
            if (actual >= lower && actual <= upper) {
                hits++;
            }
            nanos += elapsedNanos;
        }

        BacktestResult result() {
            double bias = 0;
            for (int i = 0; i < count; i++) {
                bias += errors[i];
            }
            bias /= count;
            double var = 0;
            for (int i = 0; i < count; i++) {
                var += (errors[i] - bias) * (errors[i] - bias);
            }
            return new BacktestResult(Math.sqrt(sumSq / count), sumAbs / count,
                    pctCount == 0 ? Double.NaN : sumPct / pctCount, bias, Math.sqrt(var / count),
                    (double) hits / count, nanos / 1e6 / count, count);
        }
    }
}
