package io.driftwatch.stats;

/**
 * Threshold rule on a metric stream: fires when the relative change of the recent mean against
 * the reference mean, {@code (recent - reference) / |reference|}, exceeds {@code threshold}
 * strictly in the configured direction. The seed rules are provided as constants.
 *
 * <p>A zero reference mean gives change 0 if the recent mean is 0 too, otherwise signed infinity
 * (any move away from 0 is an unbounded relative change). NaN means fire nothing.
 *
 * @param threshold fraction, > 0 (0.25 = 25%)
 * @param direction which sign of change counts
 */
public record RelativeChangeRule(double threshold, Direction direction) {

    /** Which changes fire the rule. */
    public enum Direction {
        /** change > threshold. */
        INCREASE,
        /** change < -threshold. */
        DROP,
        /** |change| > threshold. */
        EITHER
    }

    /** Basket size moved by more than 25% either way. */
    public static final RelativeChangeRule BASKET_SIZE = new RelativeChangeRule(0.25, Direction.EITHER);
    /** Top bundle support dropped by more than 40%. */
    public static final RelativeChangeRule TOP_BUNDLE_SUPPORT_DROP = new RelativeChangeRule(0.40, Direction.DROP);
    /** Customer recency moved by more than 30% either way. */
    public static final RelativeChangeRule RECENCY = new RelativeChangeRule(0.30, Direction.EITHER);
    /** Purchase frequency moved by more than 25% either way. */
    public static final RelativeChangeRule FREQUENCY = new RelativeChangeRule(0.25, Direction.EITHER);

    /** Validates the arguments. */
    public RelativeChangeRule {
        if (!(threshold > 0.0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a positive fraction, got " + threshold);
        }
        if (direction == null) {
            throw new IllegalArgumentException("direction must not be null");
        }
    }

    /** Outcome: the relative change (fraction) and whether the rule fired. */
    public record Outcome(double change, boolean fired) {}

    /** Relative change of {@code recentMean} against {@code referenceMean}, see the class comment. */
    public static double relativeChange(double recentMean, double referenceMean) {
        if (Double.isNaN(recentMean) || Double.isNaN(referenceMean)) {
            return Double.NaN;
        }
        if (referenceMean == 0.0) {
            return recentMean == 0.0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, recentMean);
        }
        return (recentMean - referenceMean) / Math.abs(referenceMean);
    }

    /** Evaluates the rule on two means. */
    public Outcome evaluate(double recentMean, double referenceMean) {
        double change = relativeChange(recentMean, referenceMean);
        boolean fired = switch (direction) {
            case INCREASE -> change > threshold;
            case DROP -> change < -threshold;
            case EITHER -> Math.abs(change) > threshold;
        };
        return new Outcome(change, fired);
    }
}
