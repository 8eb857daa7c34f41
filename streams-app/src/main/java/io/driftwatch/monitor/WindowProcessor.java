package io.driftwatch.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.config.MonitorConfig;
import io.driftwatch.stats.RobustZ;
import io.driftwatch.stats.Severity;
import io.driftwatch.topics.StoreNames;

/**
 * Window stage, keyed by model:horizon: folds matched pairs into error buckets and drift samples,
 * scores each residual for anomalies, and when every matching partition's watermark has passed a
 * bucket boundary plus the bucket grace, evaluates each model:horizon once for that boundary
 * ({@link Evaluation}) and emits its triggers. Output values are {@link DriftTrigger} (key
 * model:horizon) and {@link Anomaly} (key series_id).
 */
final class WindowProcessor implements Processor<String, Flow, String, SpecificRecord> {

    private final MonitorConfig config;
    private final int upstreamPartitions;
    private final long bucketMs;
    private final long bucketGraceMs;
    private final long recentMs;
    private final Evaluation evaluation;
    private ProcessorContext<String, SpecificRecord> context;
    private ErrorWindows errors;
    private SeriesDrift drift;
    private KeyValueStore<String, byte[]> evalStates;
    private KeyValueStore<Integer, Long> watermarks;
    private KeyValueStore<String, byte[]> residuals;
    private KeyValueStore<String, ModelConfig> modelConfigs;
    private KeyValueStore<String, MonitorSettings> settings;
    private final Map<String, Thresholds> thresholdCache = new HashMap<>();
    private long lastRound = Long.MIN_VALUE;

    WindowProcessor(MonitorConfig config, int upstreamPartitions) {
        this.config = config;
        this.upstreamPartitions = upstreamPartitions;
        this.bucketMs = config.bucketSize().toMillis();
        this.bucketGraceMs = config.bucketGrace().toMillis();
        this.recentMs = config.recentWindow().toMillis();
        this.evaluation = new Evaluation(recentMs, config.baselineWindow().toMillis(), bucketGraceMs, config.ksQuantity(),
            config.triggersActiveFromMs(), bucketMs, config.rollbackWatchWindow().toMillis(), config.rollbackThreshold(),
            config.rollbackMinSamples());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.errors = new ErrorWindows(context.getStateStore(StoreNames.MONITOR_ERROR_BUCKETS));
        this.drift = new SeriesDrift(context.getStateStore(StoreNames.MONITOR_DRIFT_SAMPLES), config.ksExactMax(), config.ksSketchK());
        this.evalStates = context.getStateStore(StoreNames.MONITOR_EVAL_STATE);
        this.watermarks = context.getStateStore(StoreNames.MONITOR_WATERMARKS);
        this.residuals = context.getStateStore(StoreNames.MONITOR_RESIDUALS);
        this.modelConfigs = context.getStateStore(StoreNames.MONITOR_MODEL_CONFIGS);
        this.settings = context.getStateStore(StoreNames.MONITOR_SETTINGS);
        thresholdCache.clear();
        lastRound = Long.MIN_VALUE;
    }

    @Override
    public void process(Record<String, Flow> record) {
        if (record.value() instanceof Flow.Pair p) {
            onPair(p);
        } else if (record.value() instanceof Flow.Watermark w) {
            onWatermark(w);
        }
    }

    private void onPair(Flow.Pair p) {
        String mh = p.modelHorizon();
        long bucketStart = Math.floorDiv(p.targetTime(), bucketMs) * bucketMs;
        track(mh, p, bucketStart);
        errors.add(mh, ErrorWindows.ALL, bucketStart, p.visibleFrom(), p);
        errors.add(mh, ErrorWindows.version(p.configVersion()), bucketStart, p.visibleFrom(), p);
        if (config.perSeries()) {
            errors.add(mh, "s" + p.seriesId(), bucketStart, p.visibleFrom(), p);
        }
        double q = switch (config.ksQuantity()) {
            case "value" -> p.actual();
            case "residual" -> p.residual();
            default -> p.change();
        };
        if (p.visibleFrom() == 0 && Double.isFinite(q)) {
            drift.add(mh, p.seriesId(), bucketStart, q);
        }
        scoreResidual(mh, p);
    }

    private void track(String mh, Flow.Pair p, long bucketStart) {
        byte[] stored = evalStates.get(mh);
        EvalState s = stored == null ? new EvalState() : EvalState.fromBytes(stored);
        boolean changed = stored == null;
        if (stored == null) {
            s.modelId = p.modelId();
            s.horizon = p.horizon();
        }
        long firstEnd = p.visibleFrom() == 0 ? bucketStart + bucketMs : p.visibleFrom();
        if (firstEnd < s.firstEnd) {
            s.firstEnd = firstEnd;
            changed = true;
        }
        if (p.tenantId() != null && !p.tenantId().equals(s.tenantId)) {
            s.tenantId = p.tenantId();
            changed = true;
        }
        if (p.configVersion() > s.configVersion) {
            s.previousVersion = s.configVersion;
            s.configVersion = p.configVersion();
            s.versionSince = p.targetTime();
            changed = true;
        } else if (p.configVersion() == s.configVersion && p.targetTime() < s.versionSince) {
            s.versionSince = p.targetTime(); // the earliest target of the version, whatever the arrival order
            changed = true;
        }
        if (changed) {
            evalStates.put(mh, s.toBytes());
        }
    }

    private void scoreResidual(String mh, Flow.Pair p) {
        String key = Keys.join(mh, p.seriesId());
        byte[] stored = residuals.get(key);
        RobustZ window = stored == null ? new RobustZ(config.anomalyWindow()) : RobustZ.fromBytes(stored);
        double residual = p.residual();
        if (window.size() >= config.anomalyMinHistory()) {
            double z = window.zScore(residual);
            double threshold = thresholds(mh, p.modelId(), p.tenantId()).anomalyZ();
            if (Math.abs(z) > threshold) {
                emitAnomaly(p, window, z, threshold);
            }
        }
        residuals.put(key, window.add(residual).toBytes());
    }

    private void emitAnomaly(Flow.Pair p, RobustZ window, double z, double threshold) {
        double ratio = Math.abs(z) / threshold;
        Severity.Level level = ratio >= 3 ? Severity.Level.CRITICAL : ratio >= 2 ? Severity.Level.HIGH : Severity.Level.MEDIUM;
        Anomaly a = Anomaly.newBuilder()
            .setAnomalyId(UUID.nameUUIDFromBytes(("anomaly|" + p.predictionId()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
            .setModelId(p.modelId()).setHorizon(p.horizon()).setSeriesId(p.seriesId()).setTenantId(p.tenantId())
            .setEventTime(Instant.ofEpochMilli(p.targetTime())).setDetectedAt(Instant.ofEpochMilli(p.targetTime()))
            .setActual(p.actual()).setYhat(p.yhat()).setResidual(p.residual())
            .setRobustZ(Double.isFinite(z) ? z : Math.copySign(Double.MAX_VALUE, z))
            .setMedian(window.median()).setMad(window.mad()).setThreshold(threshold)
            .setSeverity(io.driftwatch.avro.Severity.valueOf(level.name()))
            .setConfigVersion(p.configVersion())
            .build();
        context.forward(new Record<>(p.seriesId(), a, p.targetTime()));
    }

    private void onWatermark(Flow.Watermark w) {
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
        thresholdCache.clear();
        List<KeyValue<String, byte[]>> states = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = evalStates.all()) {
            it.forEachRemaining(states::add);
        }
        for (KeyValue<String, byte[]> kv : states) {
            EvalState s = EvalState.fromBytes(kv.value);
            long from = s.lastEvaluated == EvalState.NONE ? s.firstEnd : Math.max(s.firstEnd, s.lastEvaluated + bucketMs);
            if (from > closed) {
                continue;
            }
            for (long end = from; end <= closed; end += bucketMs) {
                evaluate(kv.key, s, end);
                s.lastEvaluated = end;
            }
            if (errors.isEmpty(kv.key) && drift.isEmpty(kv.key)) {
                evalStates.delete(kv.key); // no data left at all: a retired model:horizon
            } else {
                evalStates.put(kv.key, s.toBytes());
            }
        }
    }

    /** Evaluates one model:horizon at one window end. */
    private void evaluate(String mh, EvalState s, long end) {
        long oldest = evaluation.oldestKept(end);
        var buckets = errors.visible(mh, oldest, end);
        var samples = drift.windows(mh, oldest, end - recentMs, end);
        Thresholds t = thresholds(mh, s.modelId, s.tenantId);
        List<DriftTrigger> triggers = evaluation.evaluate(s, end, t, buckets, samples, modelConfigs.get(mh));
        MonitorMeters.windowEvaluated(s.modelId, s.horizon);
        for (DriftTrigger trigger : triggers) {
            context.forward(new Record<>(mh, trigger, end + bucketGraceMs));
            MonitorMeters.triggerEmitted(trigger);
        }
    }

    private Thresholds thresholds(String mh, String model, String tenant) {
        return thresholdCache.computeIfAbsent(mh, k -> {
            MonitorSettings tenantSettings = tenant == null ? null : settings.get("tenant:" + tenant);
            MonitorSettings modelSettings = settings.get("model:" + model);
            return Thresholds.resolve(config, tenantSettings == null ? null : tenantSettings.getSettings(),
                modelSettings == null ? null : modelSettings.getSettings());
        });
    }
}
