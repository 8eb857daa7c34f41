package io.driftwatch.forecast.model;

/**
 * A fitted recursion as path simulation sees it: the one-step forecast from the current state, and the
 * state update with the next value. {@link EtsCalc} (the ETS family) and {@link EtsRecursion} (the
 * Holt-Winters form) both are one.
 */
interface OneStepRecursion {

    double oneStep();

    /** Takes {@code y} in as the next observation; returns its one-step error. */
    double step(double y);

    /** An independent copy of the structure, parameters and state. */
    OneStepRecursion copy();

    /**
     * {@link FittedModel#simulate} of a fit whose final state is {@code state} (left unchanged): each value is the
     * one-step forecast plus its innovation, then taken in as if observed.
     */
    static double[] simulateAdditive(OneStepRecursion state, double[] innovations) {
        OneStepRecursion path = state.copy();
        double[] out = new double[innovations.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = path.oneStep() + innovations[k];
            path.step(out[k]);
        }
        return out;
    }
}
