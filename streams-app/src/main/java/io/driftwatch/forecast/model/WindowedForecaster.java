package io.driftwatch.forecast.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Base of the forecasters: validates the history and keeps only the last
 * {@code spec.contextLength()} points (all when 0) before handing them to {@link #fitWindow}.
 */
abstract class WindowedForecaster implements Forecaster {

    private final ModelSpec spec;

    WindowedForecaster(ModelSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public final ModelSpec spec() {
        return spec;
    }

    @Override
    public final FittedModel fit(double[] history) {
        Objects.requireNonNull(history, "history");
        int n = spec.contextLength() == 0 ? history.length : Math.min(history.length, spec.contextLength());
        double[] y = Arrays.copyOfRange(history, history.length - n, history.length);
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException(spec.algorithm().configName()
                        + ": history must be finite, got " + y[i] + " at window index " + i);
            }
        }
        if (y.length == 0) {
            throw new IllegalArgumentException(spec.algorithm().configName() + ": history is empty");
        }
        return fitWindow(y);
    }

    /** Fits to the validated, non-empty, windowed history (a private copy). */
    abstract FittedModel fitWindow(double[] y);

    /** Throws a clear error if y has fewer than {@code min} points. */
    final void requireLength(double[] y, int min, String why) {
        if (y.length < min) {
            throw new IllegalArgumentException(spec.algorithm().configName() + " needs at least " + min
                    + " points " + why + ", got " + y.length);
        }
    }
}
