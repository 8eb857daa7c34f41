package io.driftwatch.harness;

/**
 * One alarm of one detector, in the harness's terms.
 *
 * @param detector       e.g. {@code DATA_DRIFT/series}, {@code PERFORMANCE_DEGRADATION/model}, {@code moa:ADWIN}
 * @param seriesId       null for a model-level flag
 * @param day            the first day after the data the detector had used: a monitor trigger's recent window end
 *                       (exclusive), a peer's day after the observation that set it off. A change at day c seen on its
 *                       first day is flagged at c + 1: delay 1.
 * @param suppressed     a monitor trigger emitted with suppressed=true (cooldown)
 * @param recommendation RETRAIN, DECAY, ROLLBACK, CONTINUE; null where there is none (anomalies, peers)
 */
public record Flag(String detector, String modelId, String seriesId, int day, boolean suppressed, String recommendation) {

    public boolean modelLevel() {
        return seriesId == null;
    }
}
