package io.driftwatch.forecast.model;

import java.util.Map;

/**
 * A model fitted to one history: point forecasts, in-sample one-step residuals, and the ability to
 * simulate a future path from given innovations (the basis of the residual bootstrap).
 *
 * <p>Invariants: immutable; every method returns fresh arrays the caller may modify.
 */
public interface FittedModel {

    /** Point forecasts for steps 1..horizon after the last observation. */
    double[] forecast(int horizon);

    /**
     * In-sample one-step-ahead residuals {@code y_t - yhat_{t|t-1}}, oldest first, for the points
     * where a one-step forecast exists (e.g. seasonal naive has none for the first season).
     */
    double[] residuals();

    /**
     * Simulates one future path: step k's value is the model's one-step forecast given the
     * previously simulated values, plus {@code innovations[k]}; the state is updated with that
     * value as if it had been observed. With all-zero innovations this equals {@link #forecast}.
     *
     * @return a path of {@code innovations.length} values
     */
    double[] simulate(double[] innovations);

    /** The parameters actually used (fixed or fitted), for reports, e.g. {@code alpha -> 0.31}. */
    Map<String, Double> parameters();
}
