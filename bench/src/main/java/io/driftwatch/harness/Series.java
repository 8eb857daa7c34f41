package io.driftwatch.harness;

/**
 * One generated series with its truth: the model it belongs to, the change it got (if any) and, per target day, the
 * actual and the model's prediction with its interval (NaN for days without a prediction: the first horizon days).
 *
 * @param modelId    the model (fleet and change shape) whose predictions these are
 * @param changed    whether this series changed at {@code changeDay}; {@code shape} is the fleet's shape either way
 * @param noiseSd    the sd of the model's error before any change (the unit of the injected changes)
 */
public record Series(
        String modelId,
        String seriesId,
        Fleet fleet,
        Shape shape,
        boolean changed,
        int changeDay,
        double noiseSd,
        double[] actual,
        double[] yhat,
        double[] lower,
        double[] upper) {

    public int days() {
        return actual.length;
    }

    public boolean hasPrediction(int day) {
        return !Double.isNaN(yhat[day]);
    }

    /** Whether this series belongs to a fleet with no change at all (a stable model). */
    public boolean stableModel() {
        return shape == Shape.NONE;
    }
}
