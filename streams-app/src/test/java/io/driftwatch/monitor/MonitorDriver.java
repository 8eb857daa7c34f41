package io.driftwatch.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.MetricObservation;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.kafka.IdleProbe;
import io.driftwatch.kafka.Reroute;
import io.driftwatch.kafka.WriteBackStore;
import io.driftwatch.local.TempDirs;
import io.driftwatch.stats.ErrorBucket;
import io.driftwatch.topics.StoreNames;
import io.driftwatch.topics.Topics;

/** TopologyTestDriver around the monitor with builders for inputs; one partition. */
final class MonitorDriver implements AutoCloseable {

    static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");
    static final long DAY = 86_400_000L;

    final TopologyTestDriver driver;
    final TestInputTopic<String, Prediction> predictions;
    final TestInputTopic<String, Actual> actuals;
    final TestInputTopic<String, ModelConfig> configs;
    final TestInputTopic<String, MonitorSettings> settings;
    final TestInputTopic<String, MetricObservation> metrics;
    final TestOutputTopic<String, DriftTrigger> triggers;
    final TestOutputTopic<String, Anomaly> anomalies;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    /** What the matching stage sends the window stage (deltas, drift results, watermarks). */
    final TestOutputTopic<String, StageReport> partials;
    private final List<DriftTrigger> seen = new ArrayList<>();
    /** The reroute topic (when re-routing), to pipe what another partition would send through it. */
    private final TestInputTopic<String, Object> reroute;
    /** What this task sends into the reroute topic (TopologyTestDriver also pipes it back in). */
    private final TestOutputTopic<String, Object> rerouteOut;

    MonitorDriver(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(MonitorConfig.INPUT_PARTITIONS, 1);
        props.put("state.dir", TempDirs.create("driftwatch-ttd-").toString());
        props.putAll(overrides);
        MonitorConfig config = new MonitorConfig(props);
        Topics topics = Topics.from(config);
        Properties streams = MonitorTopology.streamsProperties(config);
        // TTD pipes one topic at a time; with idling it would hold records back until both inputs have data
        streams.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        driver = new TopologyTestDriver(MonitorTopology.build(config, IdleProbe.ASSUME_IDLE), streams, DAY0);
        StringSerializer s = new StringSerializer();
        predictions = driver.createInputTopic(
                topics.predictions.name(), s, topics.predictions.valueSerde().serializer());
        actuals = driver.createInputTopic(topics.actuals.name(), s, topics.actuals.valueSerde().serializer());
        configs = driver.createInputTopic(topics.modelConfigs.name(), s, topics.modelConfigs.valueSerde().serializer());
        settings = driver.createInputTopic(
                topics.monitorSettings.name(),
                s,
                topics.monitorSettings.valueSerde().serializer());
        metrics = driver.createInputTopic(
                topics.metricObservations.name(),
                s,
                topics.metricObservations.valueSerde().serializer());
        StringDeserializer d = new StringDeserializer();
        triggers = driver.createOutputTopic(
                topics.driftTriggers.name(),
                d,
                topics.driftTriggers.valueSerde().deserializer());
        anomalies = driver.createOutputTopic(topics.anomalies.name(), d, topics.anomalies.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                topics.deadLetters.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        partials = driver.createOutputTopic(config.applicationId(MonitorTopology.APP) + "-" + MonitorTopology.PARTIALS
            + "-repartition", d, StageReport.serde().deserializer());
        String rerouteTopic = Reroute.topic(config.applicationId(MonitorTopology.APP), MonitorTopology.REROUTE);
        var rerouteSerde = Reroute.serde(List.of(new Reroute.Type<>(Prediction.class, topics.predictions.valueSerde()),
            new Reroute.Type<>(Actual.class, topics.actuals.valueSerde())));
        reroute = !config.rerouteMisplaced() ? null
            : driver.createInputTopic(rerouteTopic, s, rerouteSerde.serializer());
        rerouteOut = !config.rerouteMisplaced() ? null
            : driver.createOutputTopic(rerouteTopic, d, rerouteSerde.deserializer());
    }

    /** As input partition {@code source} re-routes an actual here. */
    void rerouted(int source, Actual a) {
        reroute.pipeInput(a.getSeriesId(), new Reroute.Envelope(source, a.getEventTime().toEpochMilli(), a),
            a.getEventTime());
    }

    /** As input partition {@code source} marks its progress ({@link Long#MAX_VALUE}: drained). */
    void progress(int source, long time) {
        progress(source, time, true);
    }

    /** As input partition {@code source} marks its progress, holding or clean. */
    void progress(int source, long time, boolean holds) {
        progress(source, time, holds, DAY0);
    }

    /** As input partition {@code source} marks its progress, with the record timestamp {@code stamp}. */
    void progress(int source, long time, boolean holds, Instant stamp) {
        reroute.pipeInput("", new Reroute.Envelope(source, time, null, holds), stamp);
    }

    /** The records this task sent into the reroute topic since the last call (marks and misplaced records). */
    List<Reroute.Envelope> sentToReroute() {
        return rerouteOut.readValuesToList().stream().map(v -> (Reroute.Envelope) v).toList();
    }

    static Instant day(double d) {
        return DAY0.plusMillis((long) (d * DAY));
    }

    static Prediction prediction(String id, String model, String series, Instant issued, Instant target, double yhat,
                                 double lower, double upper) {
        return Prediction.newBuilder().setPredictionId(id).setModelId(model).setConfigVersion(1).setSeriesId(series)
            .setTenantId("acme").setHorizon("1d").setIssuedAt(issued).setTargetTime(target)
            .setYhat(yhat).setYhatLower(lower).setYhatUpper(upper).build();
    }

    static Actual actual(String series, Instant t, double value) {
        return Actual.newBuilder().setSeriesId(series).setTenantId("acme").setEventTime(t).setValue(value).build();
    }

    void pipe(Prediction p) {
        predictions.pipeInput(p.getSeriesId(), p);
    }

    void pipe(Actual a) {
        actuals.pipeInput(a.getSeriesId(), a);
    }

    /** Every trigger emitted so far (accumulated across calls). */
    List<DriftTrigger> triggers() {
        seen.addAll(triggers.readValuesToList());
        return seen;
    }

    List<DriftTrigger> triggers(TriggerType type) {
        return triggers().stream().filter(t -> t.getType() == type).toList();
    }

    /**
     * Pairs counted for one model:horizon (scope: the whole model:horizon): in the window stage's
     * error buckets plus the matching stage's deltas not yet sent.
     */
    long pairCount(String modelHorizon) {
        long n = 0;
        KeyValueStore<String, byte[]> buckets = driver.getKeyValueStore(StoreNames.MONITOR_ERROR_BUCKETS);
        try (KeyValueIterator<String, byte[]> it = buckets.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                String[] parts = Keys.split(kv.key);
                if (parts[0].equals(modelHorizon) && parts[1].equals(ErrorWindows.ALL)) {
                    n += ErrorBucket.fromBytes(kv.value).count();
                }
            }
        }
        @SuppressWarnings("unchecked")
        WriteBackStore<StageReport.Delta> deltas =
                (WriteBackStore<StageReport.Delta>) driver.getStateStore(StoreNames.MONITOR_ERROR_DELTAS);
        long[] pending = {0};
        deltas.forEachSorted((key, d) -> {
            String[] parts = Keys.split(key);
            if (parts[0].equals(modelHorizon) && parts[1].startsWith("v")) {
                pending[0] += d.bucket().count();
            }
        });
        return n + pending[0];
    }

    /** The matching stage's store: each series' targets within the match grace. */
    @SuppressWarnings("unchecked")
    WriteBackStore<SeriesMatches> matchStore() {
        return (WriteBackStore<SeriesMatches>) driver.getStateStore(StoreNames.MONITOR_MATCH_ENTRIES);
    }

    /** The targets the matching stage holds, over all its series. */
    long matchTargets() {
        long[] n = {0};
        matchStore().forEachSorted((key, matches) -> n[0] += matches.size());
        return n[0];
    }

    long storeSize(String name) {
        if (driver.getStateStore(name) instanceof WriteBackStore<?> writeBack) {
            return writeBack.size();
        }
        KeyValueStore<Object, Object> store = driver.getKeyValueStore(name);
        long n = 0;
        try (KeyValueIterator<Object, Object> it = store.all()) {
            for (; it.hasNext(); it.next()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        driver.close();
    }
}
