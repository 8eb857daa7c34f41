package io.driftwatch.harness;

/**
 * The kinds of series the harness generates, one forecasting model per fleet and change shape. Each says how its
 * actuals arise, what its model predicts, how far ahead and how late the actuals arrive.
 */
public enum Fleet {
    /** A random walk (sd 1 a day, sd 2 after a scale change) forecast 7 days ahead by the naive model (last value). */
    FX("fx", 7, 0),
    /**
     * Daily sales with a weekly pattern, Gaussian noise (sd 10% of the level), forecast 1 day ahead by the true mean.
     */
    SALES_WEEKLY("weekly", 1, 0),
    /** Weekly and yearly pattern; the actuals arrive 3 days after their day (label delay). */
    SALES_YEARLY("yearly", 1, 3),
    /** The weekly pattern with Student-t (3 degrees of freedom) noise scaled to the same sd: heavy tails. */
    HEAVY_TAILED("t3", 1, 0),
    /**
     * Intermittent demand: an order on 30% of days, of exponential size; the model predicts the mean; actuals 2 days
     * late.
     */
    INTERMITTENT("intermittent", 1, 2);

    /** Model-id prefix and command-line name. */
    public final String id;
    /** Forecast horizon in days: a prediction for day t is issued at day t - horizonDays. */
    public final int horizonDays;
    /** Days after its day that an actual is produced. */
    public final int labelDelayDays;

    Fleet(String id, int horizonDays, int labelDelayDays) {
        this.id = id;
        this.horizonDays = horizonDays;
        this.labelDelayDays = labelDelayDays;
    }

    public static Fleet byId(String id) {
        for (Fleet f : values()) {
            if (f.id.equalsIgnoreCase(id) || f.name().equalsIgnoreCase(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fleet '" + id + "' (fx, weekly, yearly, t3, intermittent)");
    }
}
