package io.driftwatch.ui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.CandidateResult;
import io.driftwatch.avro.CriterionResult;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.MonitorEvaluation;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.OpsAlertType;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.avro.ValidationMetrics;
import io.driftwatch.topics.ModelKey;

/**
 * The console's in-memory aggregates, built from the records of the topics it follows (see {@link ConsoleFeed})
 * and read by the HTTP views ({@link ConsoleViews}). Bounds: per model:horizon the settings of {@link UiConfig}
 * (evaluations, events); per series a ring of {@code ui.series.points} points; at most {@code ui.series.max}
 * series (further ones are counted in {@link #seriesDropped()}). No raw pairs are kept for the fleet and model
 * views beyond those rings.
 *
 * <p>Thread-safety: one writer (the feed, a batch at a time under the write lock), any number of readers
 * ({@link #read}).
 */
public final class ConsoleState {

    private final int seriesPoints;
    private final int seriesMax;
    private final int evaluationsMax;
    private final int eventsMax;
    private final int perSeriesMax;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, ModelAggregate> models = new TreeMap<>();
    private final Map<String, ActualRing> actuals = new HashMap<>();
    /** Every ring of a series id, across model:horizons, for the actuals to find them. */
    private final Map<String, List<SeriesRing>> ringsBySeries = new HashMap<>();
    private int seriesKept;
    private long seriesDropped;
    private long sequence;
    private volatile long changes;
    private volatile long updated;

    public ConsoleState(UiConfig config) {
        this(config.seriesPoints(), config.seriesMax(), config.evaluationsMax(), config.eventsMax());
    }

    ConsoleState(int seriesPoints, int seriesMax, int evaluationsMax, int eventsMax) {
        this.seriesPoints = seriesPoints;
        this.seriesMax = seriesMax;
        this.evaluationsMax = evaluationsMax;
        this.eventsMax = eventsMax;
        this.perSeriesMax = Math.max(10, eventsMax / 10);
    }

    /**
     * Applies a batch of record values (the followed contracts; model configs as {@link ConfigRecord}) under one
     * write lock; other values are ignored.
     */
    public void applyAll(Collection<?> values, long now) {
        if (values.isEmpty()) {
            return;
        }
        lock.writeLock().lock();
        try {
            for (Object v : values) {
                apply(v);
            }
        } finally {
            lock.writeLock().unlock();
        }
        updated = now;
        changes++;
    }

    /** Counter of applied batches: the events endpoint tells the pages when it moved. */
    long changes() {
        return changes;
    }

    /** Wall-clock time of the last applied batch, 0 before any. */
    long updated() {
        return updated;
    }

    long seriesDropped() {
        return seriesDropped;
    }

    /** Runs {@code view} under the read lock over the aggregates by model:horizon key. */
    <T> T read(Function<Map<String, ModelAggregate>, T> view) {
        lock.readLock().lock();
        try {
            return view.apply(models);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void apply(Object value) {
        sequence++;
        if (value instanceof MonitorEvaluation e) {
            onEvaluation(e);
        } else if (value instanceof DriftTrigger t) {
            onTrigger(t);
        } else if (value instanceof Prediction p) {
            onPrediction(p);
        } else if (value instanceof Actual a) {
            onActual(a);
        } else if (value instanceof Anomaly a) {
            onAnomaly(a);
        } else if (value instanceof RetrainReport r) {
            onReport(r);
        } else if (value instanceof OpsAlert a) {
            onOpsAlert(a);
        } else if (value instanceof ConfigRecord c) {
            onConfig(c);
        }
    }

    /** A config record and the topic it came from: model-configs (promoted) or model-config-versions. */
    public record ConfigRecord(ModelConfig config, boolean promoted) { }

    private void onConfig(ConfigRecord r) {
        ModelConfig c = r.config();
        ModelAggregate m = model(c.getModelId(), c.getHorizon());
        if (r.promoted()) {
            m.promotedVersion = c.getVersion();
            m.configVersion = c.getVersion();
        } else if (c.getReportId() == null) {
            // versions of a retrain attempt are shown by its report; this one was published by hand
            ModelAggregate.addBounded(m.versions, new ModelAggregate.VersionEvent(c.getVersion(),
                c.getCreatedAt().toEpochMilli(), c.getRolledBackFrom() != null ? "ROLLED_BACK" : "PUBLISHED",
                c.getAlgorithm(), String.join(", ", c.getReason()), List.of()), eventsMax);
        }
    }

    private ModelAggregate model(String model, String horizon) {
        return models.computeIfAbsent(ModelKey.of(model, horizon), k -> new ModelAggregate(model, horizon));
    }

    private void onEvaluation(MonitorEvaluation e) {
        ModelAggregate m = model(e.getModelId(), e.getHorizon());
        if (e.getTenantId() != null) {
            m.tenant = e.getTenantId();
        }
        if (m.promotedVersion == null && e.getConfigVersion() != null) {
            m.configVersion = e.getConfigVersion();
        }
        m.evaluationCount++;
        ModelAggregate.addBounded(m.evaluations, new ModelAggregate.Evaluation(e.getEvaluatedAt().toEpochMilli(),
            e.getRecentWindowStart().toEpochMilli(), e.getRecentWindowEnd().toEpochMilli(), e.getNRecent(),
            num(e.getRecentRmse()), num(e.getBaselineRmse()), num(e.getRecentMae()), num(e.getRecentMape()),
            num(e.getRecentBias()), num(e.getRecentCoverage()), e.getDegradationThreshold(),
            num(e.getDegradationPValue()), e.getSeriesFlagged(), e.getTriggered(), List.copyOf(e.getTriggerIds())),
            evaluationsMax);
    }

    private void onTrigger(DriftTrigger t) {
        ModelAggregate m = model(t.getModelId(), t.getHorizon());
        if (t.getTenantId() != null && m.tenant == null) {
            m.tenant = t.getTenantId();
        }
        Map<String, Double> figures = new TreeMap<>();
        put(figures, "recentRmse", t.getRecentRmse());
        put(figures, "baselineRmse", t.getBaselineRmse());
        put(figures, "degradationPct", t.getDegradationPct());
        put(figures, "ksStatistic", t.getKsStatistic());
        put(figures, "pValue", t.getPValue());
        put(figures, "qValue", t.getQValue());
        put(figures, "ratioLower", t.getRatioLower());
        put(figures, "ratioUpper", t.getRatioUpper());
        if (t.getNRecent() != null) {
            figures.put("nRecent", t.getNRecent().doubleValue());
        }
        t.getDetails().forEach((k, v) -> put(figures, k, v));
        long time = t.getDetectedAt().toEpochMilli();
        ModelAggregate.Trigger trigger = new ModelAggregate.Trigger(t.getTriggerId(), time, t.getType().name(),
            t.getSeverity().name(), t.getRecommendation().name(), t.getSeriesId(), t.getSuppressed(), t.getTest(),
            num(t.getPValue()), num(t.getQValue()), t.getReason(), figures);
        m.addTrigger(trigger, eventsMax);
        m.lastTriggerSeq = sequence;
        if (!t.getSuppressed() && t.getRecommendation() == Recommendation.RETRAIN) {
            m.lastRetrainTriggerSeq = sequence;
        }
        if (t.getSeriesId() != null && t.getTest() != null) {
            ModelAggregate.addBounded(m.drift.computeIfAbsent(t.getSeriesId(), k -> new ArrayDeque<>()),
                new ModelAggregate.Drift(time, t.getTest(), num(t.getPValue()), num(t.getQValue()),
                    !t.getSuppressed()), perSeriesMax);
        }
    }

    private void onPrediction(Prediction p) {
        ModelAggregate m = model(p.getModelId(), p.getHorizon());
        if (p.getTenantId() != null && m.tenant == null) {
            m.tenant = p.getTenantId();
        }
        SeriesRing ring = m.series.get(p.getSeriesId());
        if (ring == null) {
            if (seriesKept >= seriesMax) {
                seriesDropped++;
                return;
            }
            ring = new SeriesRing(seriesPoints);
            seriesKept++;
            m.series.put(p.getSeriesId(), ring);
            ringsBySeries.computeIfAbsent(p.getSeriesId(), k -> new ArrayList<>(1)).add(ring);
        }
        long t = p.getTargetTime().toEpochMilli();
        ActualRing a = actuals.get(p.getSeriesId());
        ring.predict(t, p.getYhat(), num(p.getYhatLower()), num(p.getYhatUpper()), p.getConfigVersion(),
            a == null ? Double.NaN : a.at(t));
    }

    private void onActual(Actual a) {
        long t = a.getEventTime().toEpochMilli();
        actuals.computeIfAbsent(a.getSeriesId(), k -> new ActualRing(seriesPoints)).put(t, a.getValue());
        List<SeriesRing> rings = ringsBySeries.get(a.getSeriesId());
        if (rings != null) {
            for (SeriesRing ring : rings) {
                ring.actual(t, a.getValue());
            }
        }
    }

    private void onAnomaly(Anomaly a) {
        ModelAggregate m = model(a.getModelId(), a.getHorizon());
        ModelAggregate.addBounded(m.anomalies.computeIfAbsent(a.getSeriesId(), k -> new ArrayDeque<>()),
            new ModelAggregate.Anomaly(a.getEventTime().toEpochMilli(), a.getActual(), a.getRobustZ(),
                a.getSeverity().name()), perSeriesMax);
    }

    private void onReport(RetrainReport r) {
        ModelAggregate m = model(r.getModelId(), r.getHorizon());
        m.lastReportSeq = sequence;
        String outcome = r.getOutcome();
        if ("ROLLED_BACK".equals(outcome)) {
            m.lastRollbackSeq = sequence;
        }
        if (!"PROMOTED".equals(outcome) && !"REJECTED".equals(outcome) && !"ROLLED_BACK".equals(outcome)) {
            return;
        }
        List<ModelAggregate.Criterion> criteria = new ArrayList<>();
        CandidateResult current = r.getCurrentCandidate();
        for (CriterionResult c : r.getCriteria()) {
            criteria.add(new ModelAggregate.Criterion(c.getName(), num(c.getValue()),
                current == null ? Double.NaN : metric(current.getMetrics(), c.getName()), c.getThreshold(),
                c.getPassed()));
        }
        Integer version = r.getDeployedVersion() != null ? r.getDeployedVersion() : r.getCurrentVersion();
        String algorithm = r.getBestCandidate() != null ? r.getBestCandidate().getAlgorithm() : null;
        String reason = r.getSelectionReason() != null ? r.getSelectionReason() : r.getError();
        ModelAggregate.addBounded(m.versions, new ModelAggregate.VersionEvent(version,
            r.getFinishedAt().toEpochMilli(), outcome, algorithm, reason, criteria), eventsMax);
    }

    private void onOpsAlert(OpsAlert a) {
        if (a.getType() == OpsAlertType.ROLLBACK_EXECUTED && a.getModelId() != null && a.getHorizon() != null) {
            model(a.getModelId(), a.getHorizon()).lastRollbackSeq = sequence;
        }
    }

    /** The current config's figure named like a validation criterion (rmse, mae, mape, bias), else NaN. */
    private static double metric(ValidationMetrics m, String name) {
        if (m == null) {
            return Double.NaN;
        }
        return switch (name) {
            case "rmse" -> m.getRmse();
            case "mae" -> m.getMae();
            case "mape" -> num(m.getMape());
            case "bias" -> m.getBias();
            default -> Double.NaN;
        };
    }

    private static void put(Map<String, Double> m, String k, Double v) {
        if (v != null && Double.isFinite(v)) {
            m.put(k, v);
        }
    }

    static double num(Double d) {
        return d == null ? Double.NaN : d;
    }
}
