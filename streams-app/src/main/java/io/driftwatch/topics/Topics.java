package io.driftwatch.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.MetricObservation;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.MonitorEvaluation;
import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.serde.DriftwatchSerde;
import io.driftwatch.serde.WireFormat;

/**
 * The registry of every driftwatch topic: the one place that names them. Built from config
 * (prefix, partitions, replication, retention, output format); immutable.
 *
 * <p>Keys are strings everywhere (series id, model:horizon, ...); values are the Avro contracts,
 * written in the configured output format and read in either format.
 */
public final class Topics {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    public final Topic<String, SaleEvent> salesEvents;
    public final Topic<String, RateEvent> rateEvents;
    public final Topic<String, Actual> actuals;
    public final Topic<String, Prediction> predictions;
    public final Topic<String, MetricObservation> metricObservations;
    public final Topic<String, DriftTrigger> driftTriggers;
    public final Topic<String, MonitorEvaluation> monitorEvaluations;
    public final Topic<String, Anomaly> anomalies;
    public final Topic<String, ModelConfig> modelConfigs;
    public final Topic<String, ModelConfig> modelConfigVersions;
    public final Topic<String, RetrainReport> retrainReports;
    public final Topic<String, OpsAlert> opsAlerts;
    public final Topic<String, MonitorSettings> monitorSettings;
    public final Topic<byte[], byte[]> deadLetters;

    private final List<Topic<?, ?>> all;

    private Topics(Factory f) {
        salesEvents = f.contract("sales-events", SaleEvent.class, f.normal(), SaleEvent::getSeriesId);
        rateEvents = f.contract("rate-events", RateEvent.class, f.normal(), RateEvent::getSeriesId);
        actuals = f.contract("actuals", Actual.class, f.longRetention(), Actual::getSeriesId);
        predictions = f.contract("predictions", Prediction.class, f.longRetention(), Prediction::getSeriesId);
        metricObservations = f.contract("metric-observations", MetricObservation.class, f.longRetention(),
            m -> m.getModelId() != null ? m.getModelId() : m.getTenantId() != null ? m.getTenantId() : m.getMetric());
        driftTriggers = f.contract(
                "drift-triggers", DriftTrigger.class, f.normal(), t -> ModelKey.of(t.getModelId(), t.getHorizon()));
        monitorEvaluations = f.contract("monitor-evaluations", MonitorEvaluation.class, f.longRetention(),
            e -> ModelKey.of(e.getModelId(), e.getHorizon()));
        anomalies = f.contract("anomalies", Anomaly.class, f.normal(), Anomaly::getSeriesId);
        modelConfigs = f.contract(
                "model-configs", ModelConfig.class, f.compacted(), c -> ModelKey.of(c.getModelId(), c.getHorizon()));
        modelConfigVersions = f.contract("model-config-versions", ModelConfig.class, f.compacted(),
            c -> ModelKey.withVersion(c.getModelId(), c.getHorizon(), c.getVersion()));
        retrainReports = f.contract(
                "retrain-reports",
                RetrainReport.class,
                f.longRetention(),
                r -> ModelKey.of(r.getModelId(), r.getHorizon()));
        opsAlerts = f.contract("ops-alerts", OpsAlert.class, f.normal(),
            a -> a.getModelId() == null ? a.getType().name() : ModelKey.of(a.getModelId(), a.getHorizon()));
        monitorSettings = f.contract("monitor-settings", MonitorSettings.class, f.compacted(),
            m -> m.getScope().toLowerCase(Locale.ROOT) + ":" + m.getScopeId());
        deadLetters = new Topic<>("dead-letters", f.prefix + "dead-letters", Serdes.ByteArray(), Serdes.ByteArray(),
            byte[].class, f.partitions, f.replication, f.normal(), null);
        all = List.of(salesEvents, rateEvents, actuals, predictions, metricObservations, driftTriggers,
            monitorEvaluations, anomalies, modelConfigs, modelConfigVersions, retrainReports, opsAlerts,
            monitorSettings,
            deadLetters);
    }

    public static Topics from(CommonConfig config) {
        return new Topics(new Factory(config));
    }

    /** Every topic, in a stable order. */
    public List<Topic<?, ?>> all() {
        return all;
    }

    /** Finds a topic by its logical name ({@code actuals}) or its full name ({@code prod.actuals}). */
    public Optional<Topic<?, ?>> byName(String name) {
        return all.stream().filter(t -> t.name().equals(name) || t.logicalName().equals(name)).findFirst();
    }

    /** Logical names of every topic, for error messages and docs. */
    public List<String> logicalNames() {
        return all.stream().map(Topic::logicalName).toList();
    }

    private static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    private static final class Factory {
        final String prefix;
        final int partitions;
        final short replication;
        final int minInsyncReplicas;
        final WireFormat format;
        final long retentionMs;
        final long longRetentionMs;

        Factory(CommonConfig c) {
            prefix = c.getString(CommonConfig.TOPICS_PREFIX);
            partitions = c.getInt(CommonConfig.TOPICS_PARTITIONS);
            replication = c.getShort(CommonConfig.TOPICS_REPLICATION_FACTOR);
            minInsyncReplicas = c.getInt(CommonConfig.TOPICS_MIN_INSYNC_REPLICAS);
            format = c.outputFormat();
            retentionMs = c.getInt(CommonConfig.TOPICS_RETENTION_DAYS) * DAY_MS;
            longRetentionMs = c.getInt(CommonConfig.TOPICS_LONG_RETENTION_DAYS) * DAY_MS;
        }

        <V extends SpecificRecord> Topic<String, V> contract(String logical, Class<V> type, Map<String, String> configs,
                                                             Function<V, String> keyOf) {
            Serde<V> serde = DriftwatchSerde.of(type, format);
            return new Topic<>(
                    logical, prefix + logical, Serdes.String(), serde, type, partitions, replication, configs, keyOf);
        }

        // Retention counts from the append, not from the record timestamp: the apps stamp what they write with event
        // time (Streams propagates it), so replayed history (last year's actuals, the triggers they raise) would be
        // older than retention.ms the moment it is written and deleted at the broker's next retention check. Every
        // reader takes event time from the payload (EventTimeExtractor), never from the record timestamp.
        Map<String, String> normal() {
            return withMinIsr("cleanup.policy", "delete", "retention.ms", String.valueOf(retentionMs),
                "message.timestamp.type", "LogAppendTime");
        }

        Map<String, String> longRetention() {
            return withMinIsr("cleanup.policy", "delete", "retention.ms", String.valueOf(longRetentionMs),
                "message.timestamp.type", "LogAppendTime");
        }

        Map<String, String> compacted() {
            return withMinIsr("cleanup.policy", "compact", "min.compaction.lag.ms", "0");
        }

        /** The pairs, plus min.insync.replicas when topics.min.insync.replicas is set. */
        private Map<String, String> withMinIsr(String... keysAndValues) {
            Map<String, String> configs = new HashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                configs.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            if (minInsyncReplicas > 0) {
                configs.put(MIN_INSYNC_REPLICAS, String.valueOf(minInsyncReplicas));
            }
            return Map.copyOf(configs);
        }
    }
}
