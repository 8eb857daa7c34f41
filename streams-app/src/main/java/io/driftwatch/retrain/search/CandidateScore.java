package io.driftwatch.retrain.search;

import io.driftwatch.forecast.backtest.BacktestResult;

/**
 * A candidate and its pooled backtest, or the reason it could not be evaluated.
 *
 * @param candidate the config
 * @param metrics pooled backtest metrics (all NaN when {@code error} is set)
 * @param error why the candidate failed (bad spec, history too short, non-positive data...), or null
 * @param calibration how much its intervals would need widening to cover its backtest
 *     ({@link IntervalCalibration#NONE} when not computed)
 */
public record CandidateScore(Candidate candidate, BacktestResult metrics, String error,
                             IntervalCalibration calibration) {

    /** A score without an interval calibration. */
    public CandidateScore(Candidate candidate, BacktestResult metrics, String error) {
        this(candidate, metrics, error, IntervalCalibration.NONE);
    }

    /** True if the backtest ran and produced a finite RMSE on at least one origin. */
    public boolean usable() {
        return error == null && metrics.n() > 0 && Double.isFinite(metrics.rmse());
    }
}
