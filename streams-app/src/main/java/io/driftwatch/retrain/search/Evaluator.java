package io.driftwatch.retrain.search;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;

import io.driftwatch.forecast.backtest.Backtest;
import io.driftwatch.forecast.backtest.BacktestResult;
import io.driftwatch.forecast.model.Forecaster;

/**
 * Backtests one candidate on every series of a model at one horizon and pools the errors.
 *
 * <p>Each series is backtested with rolling origins whose targets fall in its last {@code window}
 * points ({@link Backtest.Placement#TARGETS_IN_WINDOW}: always {@code window} origins, also for
 * horizons longer than the window). Series i uses the i-th {@code nextLong()} of
 * {@code new SplittableRandom(seed)} as its bootstrap seed, the same for every candidate (common
 * random numbers: candidates are compared on the same draws). A candidate that fails on any series
 * fails as a whole, with that series' reason. The score carries the pooled origins'
 * {@link IntervalCalibration}. Stateless and thread-safe.
 *
 * @param series histories, oldest first, each regularly spaced
 * @param horizon steps ahead (h >= 1)
 * @param window evaluated points per series (D >= 1)
 * @param seed bootstrap seed
 */
public record Evaluator(List<double[]> series, int horizon, int window, long seed) {

    public Evaluator {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series to backtest on");
        }
        if (horizon < 1 || window < 1) {
            throw new IllegalArgumentException("horizon and window must be >= 1, got " + horizon + ", " + window);
        }
        series = List.copyOf(series);
    }

    /** Backtests the candidate; never throws for a candidate's own failure (see {@link CandidateScore#error()}). */
    public CandidateScore evaluate(Candidate candidate) {
        PooledMetrics pooled = new PooledMetrics();
        SplittableRandom seeds = new SplittableRandom(seed);
        DoubleStream.Builder ratios = DoubleStream.builder();
        double level;
        try {
            Forecaster f = candidate.forecaster();
            level = f.spec().intervalLevel();
            for (int i = 0; i < series.size(); i++) {
                BacktestResult r = Backtest.run(f, series.get(i), horizon, window,
                        Backtest.Placement.TARGETS_IN_WINDOW, seeds.nextLong(), ratios);
                pooled.add(r);
            }
        } catch (IllegalArgumentException e) {
            return new CandidateScore(
                    candidate, pooled.result(), e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return new CandidateScore(candidate, pooled.result(), null, IntervalCalibration.of(ratios.build().toArray(),
                level));
    }
}
