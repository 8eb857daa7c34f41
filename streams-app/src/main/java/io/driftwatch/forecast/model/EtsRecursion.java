package io.driftwatch.forecast.model;

/**
 * The component-form exponential smoothing recursion of Hyndman &amp; Athanasopoulos (fpp3 section
 * 8.1-8.3), with an optional additive (possibly damped) trend and an optional additive or
 * multiplicative season. With base = l_{t-1} + phi b_{t-1} and s = s_{t-m}:
 * <pre>
 *   yhat_t = base + s                    (additive)   | base * s            (multiplicative)
 *   l_t    = alpha (y_t - s) + (1-alpha) base          | alpha y_t / s + (1-alpha) base
 *   b_t    = beta (l_t - l_{t-1}) + (1-beta) phi b_{t-1}
 *   s_t    = gamma (y_t - base) + (1-gamma) s          | gamma y_t / base + (1-gamma) s
 * </pre>
 * SES is the case without trend and season; Holt without season; phi = 1 when not damped. This is
 * exactly statsmodels' {@code holtwinters} recursion (beta is its {@code smoothing_trend}).
 *
 * <p>Mutable and not thread-safe: one instance per fit. {@link #sse} allocates nothing, so the
 * optimiser can call it thousands of times per fit. The season is a ring buffer indexed by
 * {@code t mod m}: after t observations, slot j holds the latest index for phase j.
 */
final class EtsRecursion implements OneStepRecursion {

    private final boolean trend;
    private final Algorithm.Seasonality seasonality;
    private final int m;
    private final double[] season;
    private double alpha;
    private double beta;
    private double gamma;
    private double phi;
    private double level;
    private double slope;
    private int t;

    /** A recursion for the given structure; {@code m} is ignored (1) when there is no season. */
    EtsRecursion(boolean trend, Algorithm.Seasonality seasonality, int m) {
        this.trend = trend;
        this.seasonality = seasonality;
        this.m = seasonality == Algorithm.Seasonality.NONE ? 1 : m;
        this.season = new double[this.m];
    }

    /** A copy with the same structure, parameters and state (for path simulation). */
    @Override
    public EtsRecursion copy() {
        EtsRecursion c = new EtsRecursion(trend, seasonality, m);
        c.setParams(alpha, beta, gamma, phi);
        c.level = level;
        c.slope = slope;
        c.t = t;
        System.arraycopy(season, 0, c.season, 0, m);
        return c;
    }

    /** Sets the smoothing parameters; unused ones are ignored, phi is forced to 1 without trend. */
    void setParams(double alpha, double beta, double gamma, double phi) {
        this.alpha = alpha;
        this.beta = trend ? beta : 0.0;
        this.gamma = seasonality == Algorithm.Seasonality.NONE ? 0.0 : gamma;
        this.phi = trend ? phi : 1.0;
    }

    /** Resets the state to the given initial states (t = 0). */
    void reset(InitialState init) {
        level = init.level();
        slope = trend ? init.trend() : 0.0;
        t = 0;
        if (seasonality == Algorithm.Seasonality.NONE) {
            season[0] = 0.0;
        } else {
            double[] s = init.seasonals();
            if (s.length != m) {
                throw new IllegalArgumentException("need " + m + " initial seasonals, got " + s.length);
            }
            System.arraycopy(s, 0, season, 0, m);
        }
    }

    /** Number of observations consumed since the last reset. */
    int observed() {
        return t;
    }

    /** The one-step forecast of the next observation from the current state. */
    @Override
    public double oneStep() {
        return combine(level + phi * slope, season[t % m]);
    }

    /**
     * Consumes one observation and updates the state.
     *
     * @return the one-step error y - yhat
     */
    @Override
    public double step(double y) {
        int j = t % m;
        double s = season[j];
        double base = level + phi * slope;
        double error = y - combine(base, s);
        double newLevel;
        switch (seasonality) {
            case ADDITIVE -> {
                newLevel = alpha * (y - s) + (1 - alpha) * base;
                season[j] = gamma * (y - base) + (1 - gamma) * s;
            }
            case MULTIPLICATIVE -> {
                newLevel = alpha * (y / s) + (1 - alpha) * base;
                season[j] = gamma * (y / base) + (1 - gamma) * s;
            }
            default -> newLevel = alpha * y + (1 - alpha) * base;
        }
        if (trend) {
            slope = beta * (newLevel - level) + (1 - beta) * phi * slope;
        }
        level = newLevel;
        t++;
        return error;
    }

    /** Resets to {@code init} and returns the sum of squared one-step errors over y (no allocation). */
    double sse(double[] y, InitialState init) {
        reset(init);
        double sum = 0;
        for (double v : y) {
            double e = step(v);
            sum += e * e;
        }
        return sum;
    }

    /** Resets to {@code init}, runs over y and returns the one-step errors (residuals). */
    double[] run(double[] y, InitialState init) {
        reset(init);
        double[] errors = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            errors[i] = step(y[i]);
        }
        return errors;
    }

    /** Forecasts steps 1..h from the current state: base_h = l + (phi + ... + phi^h) b. */
    double[] forecast(int h) {
        double[] out = new double[h];
        double phiSum = 0;
        double phiPow = 1;
        for (int k = 1; k <= h; k++) {
            phiPow *= phi;
            phiSum += phiPow;
            out[k - 1] = combine(level + phiSum * slope, season[(t + k - 1) % m]);
        }
        return out;
    }

    /** Current level. */
    double level() {
        return level;
    }

    private double combine(double base, double s) {
        return switch (seasonality) {
            case ADDITIVE -> base + s;
            case MULTIPLICATIVE -> base * s;
            default -> base;
        };
    }
}
