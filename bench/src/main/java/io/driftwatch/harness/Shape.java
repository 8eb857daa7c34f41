package io.driftwatch.harness;

/**
 * The change injected into a series at the change day. Sizes are in units of the series' noise sd (its forecast error
 * sd).
 */
public enum Shape {
    /** No change: the series of a stable fleet, and the unchanged 90% of a changed fleet. */
    NONE("none"),
    /** The level moves by 3 noise sd at the change day and stays there; the model does not know. */
    LEVEL("level"),
    /**
     * The noise sd doubles at the change day (intermittent demand: orders 4x rarer and 4x larger, same mean, sd x2.1).
     */
    SCALE("scale"),
    /** The level moves linearly from 0 to 3 noise sd over the 30 days from the change day, then stays. */
    GRADUAL("gradual");

    public final String id;

    Shape(String id) {
        this.id = id;
    }

    public static Shape byId(String id) {
        for (Shape s : values()) {
            if (s.id.equalsIgnoreCase(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown shape '" + id + "' (level, scale, gradual)");
    }

    /** Level offset, in noise sd, on day {@code day} of a series changed at {@code changeDay}. */
    double offset(int day, int changeDay) {
        if (day < changeDay) {
            return 0;
        }
        return switch (this) {
            case LEVEL -> 3.0;
            case GRADUAL -> 3.0 * Math.min(1.0, (day - changeDay + 1) / 30.0);
            default -> 0;
        };
    }

    /** Noise multiplier on day {@code day}. */
    double scale(int day, int changeDay) {
        return this == SCALE && day >= changeDay ? 2.0 : 1.0;
    }
}
