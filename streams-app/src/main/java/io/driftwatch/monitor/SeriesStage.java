package io.driftwatch.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.Severity;
import io.driftwatch.kafka.WriteBackStore;
import io.driftwatch.stats.ErrorBucket;
import io.driftwatch.stats.RobustZ;
import io.driftwatch.stats.SeverityRules;
import io.driftwatch.topics.StoreNames;

/**
 * The per-series half of the window work, done in the matching task where each pair is made (a
 * series lives in one matching partition): the pair's error statistics are added to a pending
 * {@link StageReport.Delta} per (model:horizon, config version or series, bucket), its drift quantity to
 * the series' samples ({@link SeriesDrift}), and its residual is scored for anomalies. When the
 * partition closes a bucket boundary, {@link #close} sends the pending deltas and the significant
 * KS results to the window stage. So per pair nothing crosses a topic, and the per-pair work runs in
 * every matching task in parallel; the window stage, keyed by model:horizon, only merges partials.
 *
 * <p>Store keys: deltas {@code mh NUL scope NUL bucketStart NUL visibleFrom} (scope {@code v} + the
 * zero-padded config version, or {@code s} + series), value the encoded delta; series {@code mh NUL series}, value
 * the drift samples and the {@link RobustZ} window of residuals ({@link SeriesSamples}).
 */
final class SeriesStage {

    private final MonitorConfig config;
    private final long bucketMs;
    // read once: each is a settings-map lookup (and the quantity a lower-casing) that would otherwise run per pair
    private final boolean perSeries;
    private final String ksQuantity;
    private final int anomalyWindow;
    private final int anomalyMinHistory;
    private ProcessorContext<String, Object> context;
    private WriteBackStore<StageReport.Delta> deltas;
    private SeriesDrift drift;
    private ThresholdLookup thresholds;
    /**
     * The last delta key built per model:horizon: consecutive pairs of one model:horizon mostly share it, and a fleet
     * of many models interleaves them. Bounded: cleared when it outgrows {@link #DELTA_KEYS_MAX}.
     */
    private final Map<String, DeltaKey> deltaKeys = new HashMap<>();
    private static final int DELTA_KEYS_MAX = 4_096;
    private double lastThreshold = Double.NaN;
    private int lastWindow;
    private double lastCutoff;

    SeriesStage(MonitorConfig config) {
        this.config = config;
        this.bucketMs = config.bucketSize().toMillis();
        this.perSeries = config.perSeries();
        this.ksQuantity = config.ksQuantity();
        this.anomalyWindow = config.anomalyWindow();
        this.anomalyMinHistory = config.anomalyMinHistory();
    }

    void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.deltas = context.getStateStore(StoreNames.MONITOR_ERROR_DELTAS);
        this.drift = new SeriesDrift(context.getStateStore(StoreNames.MONITOR_SERIES_DRIFT), config.ksExactMax(),
            config.ksSketchK(), bucketMs, config.recentWindow().toMillis(), config.baselineWindow().toMillis(),
            config.driftTestAd(), config.driftPermutations(),
            !config.fdrMethod().equals("none"),
            context.taskId().partition());
        this.thresholds = new ThresholdLookup(config, context.getStateStore(StoreNames.MONITOR_SETTINGS));
    }

    void onPair(MatchedPair p) {
        String mh = p.modelHorizon();
        long bucketStart = Math.floorDiv(p.targetTime(), bucketMs) * bucketMs;
        addDelta(versionDeltaKey(mh, p.configVersion(), bucketStart, p.visibleFrom()), null, bucketStart, p);
        if (perSeries) {
            addDelta(
                    Keys.join(mh, "s" + p.seriesId(), Keys.time(bucketStart), Keys.time(p.visibleFrom())),
                    p.seriesId(),
                    bucketStart,
                    p);
        }
        double q = switch (ksQuantity) {
            case "value" -> p.actual();
            case "residual" -> p.residual();
            default -> p.change();
        };
        String seriesKey = Keys.join(mh, p.seriesId()); // drift samples and residuals: mh NUL series
        SeriesSamples e = drift.entry(seriesKey, p, bucketStart);
        if (Double.isFinite(q)) { // late pairs too: the partition adds them at a fixed point of its input
            e.samples.add(bucketStart, q);
        }
        scoreResidual(e, p);
        drift.put(seriesKey, e);
    }

    /**
     * {@code mh NUL v<version> NUL bucketStart NUL visibleFrom}: the same for the many consecutive pairs of a
     * bucket, so the last one is kept rather than built again for each.
     */
    private String versionDeltaKey(String mh, int version, long bucketStart, long visibleFrom) {
        DeltaKey last = deltaKeys.get(mh);
        if (last == null) {
            if (deltaKeys.size() >= DELTA_KEYS_MAX) {
                deltaKeys.clear();
            }
            last = new DeltaKey();
            deltaKeys.put(mh, last);
        }
        if (last.key == null || version != last.version || bucketStart != last.bucketStart
                || visibleFrom != last.visibleFrom) {
            last.key = Keys.join(mh, "v" + Keys.time(version), Keys.time(bucketStart), Keys.time(visibleFrom));
            last.version = version;
            last.bucketStart = bucketStart;
            last.visibleFrom = visibleFrom;
        }
        return last.key;
    }

    /** A delta key and what it was built from. */
    private static final class DeltaKey {
        String key;
        int version;
        long bucketStart;
        long visibleFrom;
    }

    private void addDelta(String key, String series, long bucketStart, MatchedPair p) {
        StageReport.Delta d = deltas.get(key);
        if (d == null) {
            d = new StageReport.Delta(
                    p.modelId(),
                    p.horizon(),
                    p.tenantId(),
                    p.configVersion(),
                    series,
                    bucketStart,
                    p.visibleFrom(),
                    p.upstream(),
                    new ErrorBucket());
        }
        d.bucket().add(p.actual(), p.yhat(), p.lower(), p.upper());
        deltas.put(key, d);
    }

    /**
     * The partition has closed the window ends in (previousClosed, closed]: sends every pending
     * delta (in key order, so replays send the same partials), then the significant KS results of
     * those ends. The caller sends the watermark after them.
     */
    void close(long previousClosed, long closed) {
        thresholds.clear();
        List<String> sent = new ArrayList<>();
        deltas.forEachSorted((key, d) -> {
            context.forward(new Record<>(d.modelHorizon(), d, d.bucketStart()));
            sent.add(key);
        });
        sent.forEach(deltas::delete);
        drift.evaluate(previousClosed, closed, thresholds, flow -> {
            if (flow instanceof StageReport.Drift d) {
                context.forward(new Record<>(d.modelHorizon(), d, d.end()));
            } else if (flow instanceof StageReport.Tested c) {
                context.forward(new Record<>(c.modelHorizon(), c, c.end()));
            }
        });
    }

    private void scoreResidual(SeriesSamples e, MatchedPair p) {
        RobustZ window = e.residuals;
        if (window == null) {
            window = new RobustZ(anomalyWindow);
            e.residuals = window;
        }
        double residual = p.residual();
        if (window.size() >= anomalyMinHistory) {
            double z = window.zScore(residual);
            double cutoff = cutoff(thresholds.of(p.modelId(), p.tenantId()).anomalyZ(), window.size());
            if (Math.abs(z) > cutoff) {
                emitAnomaly(p, window, z, cutoff);
            }
        }
        window.add(residual);
    }

    /**
     * The |z| beyond which a residual is an anomaly: the threshold as a standard-normal tail rate, translated to
     * the finite window ({@link RobustZ#cutoff}: the z of a window of n values is heavier-tailed than normal). The
     * last (threshold, n) is kept, as almost every pair meets a full window and the same threshold.
     */
    private double cutoff(double threshold, int n) {
        if (threshold != lastThreshold || n != lastWindow) {
            lastThreshold = threshold;
            lastWindow = n;
            lastCutoff = RobustZ.cutoff(threshold, n);
        }
        return lastCutoff;
    }

    private void emitAnomaly(MatchedPair p, RobustZ window, double z, double threshold) {
        double ratio = Math.abs(z) / threshold;
        SeverityRules.Level level = ratio >= 3
                ? SeverityRules.Level.CRITICAL
                : ratio >= 2 ? SeverityRules.Level.HIGH : SeverityRules.Level.MEDIUM;
        Anomaly a = Anomaly.newBuilder()
                .setAnomalyId(UUID.nameUUIDFromBytes(("anomaly|" + p.predictionId()).getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setModelId(p.modelId())
                .setHorizon(p.horizon())
                .setSeriesId(p.seriesId())
                .setTenantId(p.tenantId())
                .setEventTime(Instant.ofEpochMilli(p.targetTime()))
                .setDetectedAt(Instant.ofEpochMilli(p.targetTime()))
                .setActual(p.actual())
                .setYhat(p.yhat())
                .setResidual(p.residual())
                .setRobustZ(Double.isFinite(z) ? z : Math.copySign(Double.MAX_VALUE, z))
                .setMedian(window.median())
                .setMad(window.mad())
                .setThreshold(threshold)
                .setSeverity(Severity.valueOf(level.name()))
                .setConfigVersion(p.configVersion())
                .build();
        context.forward(new Record<>(p.seriesId(), a, p.targetTime()));
    }
}
