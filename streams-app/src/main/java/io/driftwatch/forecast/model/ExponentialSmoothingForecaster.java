package io.driftwatch.forecast.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SES, Holt (optionally damped) and Holt-Winters additive/multiplicative, by the recursion in
 * {@link EtsRecursion}.
 *
 * <p>Initial states: the spec's fixed ones if given, else {@link InitialState#simple} (statsmodels'
 * "simple" initialisation, fpp2 section 7.6); they are not optimised. Smoothing parameters: the
 * spec's fixed values, the rest estimated by {@link EtsParameterFitter}. Both apply to the
 * context window: the initial states describe the state just before its first point, and the
 * heuristic is computed from that window.
 *
 * <p>Multiplicative seasonality is only defined for strictly positive data: {@code fit} rejects a
 * window containing a value <= 0 (or a non-positive fixed seasonal factor) with an
 * IllegalArgumentException that says so, rather than silently switching model; callers that want
 * a fallback (e.g. to holt_winters_add) choose it explicitly.
 */
final class ExponentialSmoothingForecaster extends WindowedForecaster {

    ExponentialSmoothingForecaster(ModelSpec spec) {
        super(spec);
        if (!spec.algorithm().isExponentialSmoothing()) {
            throw new IllegalArgumentException(spec.algorithm() + " is not exponential smoothing");
        }
    }

    @Override
    FittedModel fitWindow(double[] y) {
        Algorithm a = spec().algorithm();
        if (a.seasonality() == Algorithm.Seasonality.MULTIPLICATIVE) {
            requirePositive(y);
        }
        InitialState init = spec().initialState()
                .orElseGet(() -> InitialState.simple(a.seasonality(), a.hasTrend(), spec().seasonLength(), y));
        checkInitialState(init);
        EtsRecursion rec = new EtsRecursion(a.hasTrend(), a.seasonality(), spec().seasonLength());
        SmoothingParams p = EtsParameterFitter.fit(spec(), y, init, rec);
        rec.setParams(p.alpha(), p.beta(), p.gamma(), p.phi());
        double[] residuals = rec.run(y, init);
        if (!Double.isFinite(rec.oneStep())) {
            throw new IllegalArgumentException(a.configName() + ": the recursion diverged (non-finite state) with "
                    + p + "; the data does not suit this model");
        }
        return new Fitted(rec, p, init, residuals);
    }

    private void requirePositive(double[] y) {
        for (int i = 0; i < y.length; i++) {
            if (!(y[i] > 0)) {
                throw new IllegalArgumentException("holt_winters_mul needs strictly positive data, got " + y[i]
                        + " at window index " + i + "; use holt_winters_add for series with zeros or negatives");
            }
        }
    }

    private void checkInitialState(InitialState init) {
        Algorithm a = spec().algorithm();
        int expected = a.seasonality() == Algorithm.Seasonality.NONE ? 0 : spec().seasonLength();
        double[] s = init.seasonals();
        if (s.length != expected) {
            throw new IllegalArgumentException(
                    a.configName() + " needs " + expected + " initial seasonals, got " + s.length);
        }
        if (a.seasonality() == Algorithm.Seasonality.MULTIPLICATIVE) {
            for (double v : s) {
                if (!(v > 0)) {
                    throw new IllegalArgumentException(
                            "holt_winters_mul needs positive initial seasonal factors, got " + v);
                }
            }
        }
    }

    /** The fitted state; the recursion is only read (forecast) or copied (simulate) after fit. */
    private static final class Fitted implements FittedModel {
        private final EtsRecursion state;
        private final SmoothingParams params;
        private final InitialState init;
        private final double[] residuals;

        Fitted(EtsRecursion state, SmoothingParams params, InitialState init, double[] residuals) {
            this.state = state;
            this.params = params;
            this.init = init;
            this.residuals = residuals;
        }

        @Override
        public double[] forecast(int horizon) {
            return state.forecast(horizon);
        }

        @Override
        public double[] residuals() {
            return residuals.clone();
        }

        @Override
        public double[] simulate(double[] innovations) {
            return OneStepRecursion.simulateAdditive(state, innovations);
        }

        @Override
        public Map<String, Double> parameters() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("alpha", params.alpha());
            m.put("beta", params.beta());
            m.put("gamma", params.gamma());
            m.put("phi", params.phi());
            m.put("initial_level", init.level());
            m.put("initial_trend", init.trend());
            return m;
        }
    }
}
