package io.driftwatch.ui;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console keeps of one model:horizon: its recent evaluations, triggers and version events (each a
 * bounded deque, oldest dropped first), the per-series points, anomalies and drift results, and the arrival
 * order of the records its status is derived from. Not thread-safe: {@link ConsoleState} guards it.
 */
final class ModelAggregate {

    /** One evaluation, as the model page shows it; NaN for an unknown figure. */
    record Evaluation(long time, long windowStart, long windowEnd, long n, double rmse, double baselineRmse,
                      double mae, double mape, double bias, double coverage, double threshold, double pValue,
                      int seriesFlagged, boolean triggered, List<String> triggerIds) { }

    /** One trigger; {@code series} null for a model-level one. */
    record Trigger(String id, long time, String type, String severity, String recommendedAction, String series,
                   boolean suppressed, String test, double pValue, double qValue, String reason,
                   Map<String, Double> figures) { }

    /** One version event: PROMOTED, REJECTED, ROLLED_BACK (retrain reports, ops alerts) or PUBLISHED. */
    record VersionEvent(Integer version, long time, String event, String algorithm, String reason,
                        List<Criterion> validation) { }

    /** One validation criterion of a retrain attempt. */
    record Criterion(String criterion, double candidate, double current, double threshold, boolean passed) { }

    record Anomaly(long time, double value, double score, String severity) { }

    record Drift(long time, String test, double pValue, double qValue, boolean flagged) { }

    final String model;
    final String horizon;
    String tenant;
    Integer configVersion;
    Integer promotedVersion;
    final ArrayDeque<Evaluation> evaluations = new ArrayDeque<>();
    long evaluationCount;
    final ArrayDeque<Trigger> triggers = new ArrayDeque<>();
    final Map<String, Trigger> triggersById = new HashMap<>();
    Trigger lastTrigger;
    final ArrayDeque<VersionEvent> versions = new ArrayDeque<>();
    /** Points per series, in first-seen order. */
    final Map<String, SeriesRing> series = new LinkedHashMap<>();
    final Map<String, ArrayDeque<Anomaly>> anomalies = new HashMap<>();
    final Map<String, ArrayDeque<Drift>> drift = new HashMap<>();
    /** Arrival order (ConsoleState's sequence) of the records the status depends on; 0 = never. */
    long lastRetrainTriggerSeq;
    long lastReportSeq;
    long lastRollbackSeq;
    long lastTriggerSeq;

    ModelAggregate(String model, String horizon) {
        this.model = model;
        this.horizon = horizon;
    }

    static <T> void addBounded(ArrayDeque<T> deque, T item, int max) {
        deque.addLast(item);
        while (deque.size() > max) {
            deque.removeFirst();
        }
    }

    void addTrigger(Trigger t, int max) {
        triggers.addLast(t);
        triggersById.put(t.id(), t);
        while (triggers.size() > max) {
            triggersById.remove(triggers.removeFirst().id());
        }
        if (lastTrigger == null || t.time() >= lastTrigger.time()) {
            lastTrigger = t;
        }
    }

    /**
     * OK, DEGRADED (the latest evaluation raised a model-level trigger), DRIFTING (it flagged series only),
     * RETRAINING (a RETRAIN trigger arrived after the last retrain report), ROLLED_BACK (a rollback is the newest
     * of the triggers, reports and rollbacks seen). Derived from arrival order, not from event times: a replay
     * of last year's data has old event times but the retrain service answers in wall-clock time.
     */
    String status() {
        if (lastRetrainTriggerSeq > lastReportSeq && lastRetrainTriggerSeq > lastRollbackSeq) {
            return "RETRAINING";
        }
        if (lastRollbackSeq > 0 && lastRollbackSeq > lastTriggerSeq) {
            return "ROLLED_BACK";
        }
        Evaluation latest = evaluations.peekLast();
        if (latest == null || !latest.triggered()) {
            return "OK";
        }
        boolean seriesLevel = false;
        for (String id : latest.triggerIds()) {
            Trigger t = triggersById.get(id);
            if (t != null && !t.suppressed()) {
                if (t.series() == null) {
                    return "DEGRADED";
                }
                seriesLevel = true;
            }
        }
        // triggers not read yet (another topic) or no longer kept: the evaluation's own count decides
        return seriesLevel || latest.seriesFlagged() > 0 ? "DRIFTING" : "DEGRADED";
    }
}
