package io.driftwatch.harness;

/**
 * One alarm of one detector, in the harness's terms.
 *
 * @param detector       e.g. {@code DATA_DRIFT/series}, {@code PERFORMANCE_DEGRADATION/model}, {@code moa:ADWIN}
 * @param seriesId       null for a model-level flag
 * @param day            the day (days since day 0, in the time the data arrives) on which the flag is raised: a
 *                       monitor trigger's {@code detected_at} (its recent window's end plus {@code
 *                       monitor.bucket.grace}),
 *                       an anomaly's or a peer's day after the one on which the actual behind it arrived (its day plus
 *                       the label delay). So the delay from a change includes the label delay and the monitor's
 *                       bucket grace, as a user would wait for them.
 * @param suppressed     a monitor trigger emitted with suppressed=true (cooldown)
 * @param recommendation RETRAIN, DECAY, ROLLBACK, CONTINUE; null where there is none (anomalies, peers)
 */
public record Flag(
        String detector, String modelId, String seriesId, int day, boolean suppressed, String recommendation) {

    public boolean modelLevel() {
        return seriesId == null;
    }
}
