package io.driftwatch.stats;

/**
 * Severity rules as pure functions. Each rule is an ascending triple of thresholds
 * (medium <= high <= critical); a value below {@code medium} is {@link Level#LOW}, and reaching a
 * threshold (>=) gives that level.
 *
 * <pre>{@code
 * SeverityRules.Level l = SeverityRules.fromDegradation(SeverityRules.degradation(recentRmse, baselineRmse));
 * SeverityRules.Level k = SeverityRules.KS_DEFAULTS.levelOf(ksResult.statistic());
 * }</pre>
 */
public final class SeverityRules {

    /** Ordered severity levels (plain Java, not the Avro enum). */
    public enum Level {
        LOW,
        MEDIUM,
        HIGH,
        CRITICAL
    }

    /** Performance degradation as a fraction: MEDIUM >= 0.15, HIGH >= 0.30, CRITICAL >= 0.50. */
    public static final Thresholds DEGRADATION_DEFAULTS = new Thresholds(0.15, 0.30, 0.50);

    /** KS statistic D: LOW < 0.1 <= MEDIUM < 0.2 <= HIGH < 0.3 <= CRITICAL. */
    public static final Thresholds KS_DEFAULTS = new Thresholds(0.1, 0.2, 0.3);

    private SeverityRules() {}

    /**
     * Level boundaries, each inclusive.
     *
     * @throws IllegalArgumentException unless finite and medium <= high <= critical
     */
    public record Thresholds(double medium, double high, double critical) {
        public Thresholds {
            if (!(Double.isFinite(medium) && Double.isFinite(high) && Double.isFinite(critical))
                    || medium > high
                    || high > critical) {
                throw new IllegalArgumentException("thresholds must be finite and medium <= high <= " + "critical, got "
                        + medium + ", " + high + ", " + critical);
            }
        }

        /** Level of {@code value}; NaN is LOW (no evidence). */
        public Level levelOf(double value) {
            if (value >= critical) {
                return Level.CRITICAL;
            }
            if (value >= high) {
                return Level.HIGH;
            }
            if (value >= medium) {
                return Level.MEDIUM;
            }
            return Level.LOW;
        }
    }

    /**
     * Relative degradation {@code (recent - baseline) / baseline} as a fraction (0.15 = 15% worse);
     * for error metrics such as RMSE where larger is worse. Computed as a difference first so that
     * boundary cases land exactly (11.5 vs 10 gives 0.15, where 11.5 / 10 - 1 gives 0.1499...).
     * NaN when baseline is not positive.
     */
    public static double degradation(double recent, double baseline) {
        if (!(baseline > 0.0) || Double.isNaN(recent)) {
            return Double.NaN;
        }
        return (recent - baseline) / baseline;
    }

    /** {@link #DEGRADATION_DEFAULTS} applied to a degradation fraction. */
    public static Level fromDegradation(double degradationFraction) {
        return DEGRADATION_DEFAULTS.levelOf(degradationFraction);
    }

    /** {@link #KS_DEFAULTS} applied to a KS statistic. */
    public static Level fromKsStatistic(double d) {
        return KS_DEFAULTS.levelOf(d);
    }
}
