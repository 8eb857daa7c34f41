package io.driftwatch.forecast.model;

/**
 * The {@code ets} algorithm: an {@link EtsType} member fitted by maximum likelihood (without the
 * final BOBYQA polish: this fit runs at every backtest origin and on every new actual), or, with
 * {@code model=auto}, the member {@link AutoEts} selects by AICc (with the strong-season guard).
 * Prediction intervals come from the fitted model ({@link EtsFit#predict}: analytic for
 * additive error without a multiplicative season, simulated otherwise, with at least 1000
 * paths), not from the residual bootstrap; {@code temperature} scales their width (1 = the
 * model's own).
 *
 * <p>A history too short for a seasonal member (or for any member) falls back as the fit's
 * {@link IllegalArgumentException} says; {@code auto} simply considers fewer members.
 */
final class EtsForecaster extends WindowedForecaster {

    private static final int MIN_PATHS = 1000;

    EtsForecaster(ModelSpec spec) {
        super(spec);
        if (spec.algorithm() != Algorithm.ETS) {
            throw new IllegalArgumentException(spec.algorithm() + " is not ets");
        }
    }

    @Override
    FittedModel fitWindow(double[] y) {
        int m = spec().seasonLength();
        if (spec().etsModel().equals(ModelSpec.AUTO)) {
            return AutoEts.select(y, m).best();
        }
        return EtsEstimator.fit(y, m, EtsType.parse(spec().etsModel()), false);
    }

    @Override
    public Forecast predict(double[] history, int horizon, long seed) {
        EtsFit fit = (EtsFit) fit(history);
        Forecast f = fit.predict(horizon, spec().intervalLevel(), Math.max(MIN_PATHS, spec().numSamples()), seed);
        double t = spec().temperature();
        if (t == 1.0) {
            return f;
        }
        double[] y = f.yhat();
        double[] lo = f.lower();
        double[] hi = f.upper();
        for (int k = 0; k < y.length; k++) {
            lo[k] = y[k] - t * (y[k] - lo[k]);
            hi[k] = y[k] + t * (hi[k] - y[k]);
        }
        return new Forecast(y, lo, hi, f.level());
    }
}
