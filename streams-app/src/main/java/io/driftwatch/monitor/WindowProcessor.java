package io.driftwatch.monitor;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.MonitorEvaluation;
import io.driftwatch.stats.ErrorSummary;
import io.driftwatch.topics.StoreNames;

/**
 * Window stage, keyed by model:horizon: merges the partials of every matching partition (error
 * statistics {@link StageReport.Delta}, significant KS results {@link StageReport.Drift}), and when every
 * matching partition's watermark has passed a bucket boundary plus the bucket grace, evaluates each
 * model:horizon once for that boundary ({@link Evaluation}) and emits its triggers (key
 * model:horizon), then its {@link MonitorEvaluation} (key model:horizon), every evaluation whether it triggered or
 * not. The per-pair work happens upstream, in {@link SeriesStage}.
 */
final class WindowProcessor implements Processor<String, StageReport, String, SpecificRecord> {

    private final MonitorConfig config;
    private final int upstreamPartitions;
    private final long bucketMs;
    private final long bucketGraceMs;
    private final Evaluation evaluation;
    private ProcessorContext<String, SpecificRecord> context;
    private ErrorWindows errors;
    private DriftResults drift;
    private KeyValueStore<String, byte[]> evalStates;
    private KeyValueStore<Integer, Long> watermarks;
    private KeyValueStore<String, ModelConfig> modelConfigs;
    private ThresholdLookup thresholds;
    private long lastRound = Long.MIN_VALUE;
    private QuietCommit quietCommit;

    WindowProcessor(MonitorConfig config, int upstreamPartitions) {
        this.config = config;
        this.upstreamPartitions = upstreamPartitions;
        this.bucketMs = config.bucketSize().toMillis();
        this.bucketGraceMs = config.bucketGrace().toMillis();
        this.evaluation = new Evaluation(
                config.recentWindow().toMillis(),
                config.baselineWindow().toMillis(),
                bucketGraceMs,
                config.ksQuantity(),
                config.triggersActiveFromMs(),
                bucketMs,
                config.rollbackWatchWindow().toMillis(),
                config.rollbackThreshold(),
                config.rollbackMinSamples(),
                config.fdrMethod(),
                config.driftPersistence(),
                config.coverageNominal());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.errors = new ErrorWindows(context.getStateStore(StoreNames.MONITOR_ERROR_BUCKETS));
        this.drift = new DriftResults(context.getStateStore(StoreNames.MONITOR_DRIFT_RESULTS));
        this.evalStates = context.getStateStore(StoreNames.MONITOR_EVAL_STATE);
        this.watermarks = context.getStateStore(StoreNames.MONITOR_WATERMARKS);
        this.modelConfigs = context.getStateStore(StoreNames.MONITOR_MODEL_CONFIGS);
        this.thresholds = new ThresholdLookup(config, context.getStateStore(StoreNames.MONITOR_SETTINGS));
        lastRound = Long.MIN_VALUE;
        quietCommit = QuietCommit.schedule(context, config.quietCommit());
    }

    @Override
    public void process(Record<String, StageReport> record) {
        quietCommit.processed();
        if (record.value() instanceof StageReport.Delta d) {
            onDelta(d);
        } else if (record.value() instanceof StageReport.Drift d) {
            if (notEvaluated(d.modelHorizon(), d.end())) {
                drift.add(d);
            }
        } else if (record.value() instanceof StageReport.Tested c) {
            if (notEvaluated(c.modelHorizon(), c.end())) {
                drift.add(c);
            }
        } else if (record.value() instanceof StageReport.Watermark w) {
            onWatermark(w);
        }
    }

    private void onDelta(StageReport.Delta d) {
        String mh = d.modelHorizon();
        if (d.seriesId() != null) {
            errors.add(mh, "s" + d.seriesId(), d);
            return;
        }
        track(mh, d);
        errors.add(mh, ErrorWindows.ALL, d);
        errors.add(mh, ErrorWindows.version(d.configVersion()), d);
    }

    /** False when that window end is already evaluated (cannot happen unless a partition was reset). */
    private boolean notEvaluated(String mh, long end) {
        byte[] stored = evalStates.get(mh);
        return stored == null || EvalState.fromBytes(stored).lastEvaluated < end;
    }

    private void track(String mh, StageReport.Delta d) {
        byte[] stored = evalStates.get(mh);
        EvalState s = stored == null ? new EvalState() : EvalState.fromBytes(stored);
        boolean changed = stored == null;
        if (stored == null) {
            s.modelId = d.modelId();
            s.horizon = d.horizon();
        }
        long firstEnd = d.visibleFrom() == 0 ? d.bucketStart() + bucketMs : d.visibleFrom();
        if (firstEnd < s.firstEnd) {
            s.firstEnd = firstEnd;
            changed = true;
        }
        if (d.tenantId() != null
                && !d.tenantId().equals(s.tenantId)
                && !EvalState.MIXED_TENANTS.equals(s.tenantId)) {
            s.tenantId = s.tenantId == null ? d.tenantId() : EvalState.MIXED_TENANTS;
            changed = true;
        }
        if (d.configVersion() > s.configVersion) {
            s.previousVersion = s.configVersion;
            s.configVersion = d.configVersion();
            s.versionSince = d.bucketStart();
            changed = true;
        } else if (d.configVersion() == s.configVersion && d.bucketStart() < s.versionSince) {
            s.versionSince = d.bucketStart(); // the earliest bucket of the version, whatever the arrival order
            changed = true;
        }
        if (changed) {
            evalStates.put(mh, s.toBytes());
        }
    }

    private void onWatermark(StageReport.Watermark w) {
        watermarks.put(w.upstreamPartition(), w.time());
        long min = Long.MAX_VALUE;
        for (int i = 0; i < upstreamPartitions; i++) {
            Long t = watermarks.get(i);
            if (t == null) {
                return; // not every matching partition has reported yet
            }
            min = Math.min(min, t);
        }
        if (min == Long.MAX_VALUE) {
            return;
        }
        long closed = Math.floorDiv(min - bucketGraceMs, bucketMs) * bucketMs;
        if (closed > lastRound) {
            lastRound = closed;
            evaluateAll(closed);
        }
    }

    private void evaluateAll(long closed) {
        thresholds.clear();
        List<KeyValue<String, byte[]>> states = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = evalStates.all()) {
            it.forEachRemaining(states::add);
        }
        for (KeyValue<String, byte[]> kv : states) {
            EvalState s = EvalState.fromBytes(kv.value);
            long from =
                    s.lastEvaluated == EvalState.NONE ? s.firstEnd : Math.max(s.firstEnd, s.lastEvaluated + bucketMs);
            if (from > closed) {
                continue;
            }
            long before = s.lastEvaluated;
            boolean bucketsLeft = false;
            for (long end = from; end <= closed; end += bucketMs) {
                bucketsLeft = evaluate(kv.key, s, end);
                s.lastEvaluated = end;
            }
            drift.dropThrough(kv.key, before, closed);
            // the last evaluation saw buckets (after pruning): not retired, no scan needed
            if (!bucketsLeft && errors.isEmpty(kv.key) && drift.isEmptyAfter(kv.key, closed)) {
                evalStates.delete(kv.key); // no data left at all: a retired model:horizon
            } else {
                evalStates.put(kv.key, s.toBytes());
            }
        }
    }

    /** Evaluates one model:horizon at one window end; true if it had error buckets in its windows. */
    private boolean evaluate(String mh, EvalState s, long end) {
        var buckets = errors.visible(mh, evaluation.oldestKept(end), end);
        Thresholds t = thresholds.of(s.modelId, s.tenant());
        Triggers.Scope scope = evaluation.scope(s, end);
        EvaluationFigures figures = new EvaluationFigures();
        List<DriftTrigger> triggers =
                evaluation.evaluate(s, end, t, buckets, drift.take(mh, end), modelConfigs.get(mh), figures);
        MonitorMeters.windowEvaluated(s.modelId, s.horizon);
        var all = buckets.get(ErrorWindows.ALL);
        ErrorSummary recent = ErrorWindows.sum(all, scope.recentStart(), scope.recentEnd()).summary();
        ErrorSummary baseline = ErrorWindows.sum(all, scope.referenceStart(), scope.referenceEnd()).summary();
        MonitorMeters.windowRmse(s.modelId, s.horizon, recent.rmse(), baseline.rmse());
        for (DriftTrigger trigger : triggers) {
            context.forward(new Record<>(mh, trigger, end + bucketGraceMs));
            MonitorMeters.triggerEmitted(trigger);
        }
        context.forward(new Record<>(mh, figures.toRecord(scope, recent, baseline, t, triggers), end + bucketGraceMs));
        return !buckets.isEmpty();
    }
}
