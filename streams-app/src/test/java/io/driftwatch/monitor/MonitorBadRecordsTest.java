package io.driftwatch.monitor;

import static io.driftwatch.monitor.MonitorDriver.DAY;
import static io.driftwatch.monitor.MonitorDriver.DAY0;
import static io.driftwatch.monitor.MonitorDriver.actual;
import static io.driftwatch.monitor.MonitorDriver.day;
import static io.driftwatch.monitor.MonitorDriver.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.driftwatch.avro.MetricObservation;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.kafka.BadRecords;
import io.driftwatch.kafka.BadRecords.Bad;
import io.driftwatch.kafka.BadRecords.Kind;
import io.driftwatch.telemetry.Telemetry;
import io.driftwatch.topics.StoreNames;
import io.driftwatch.topics.Topics;

/**
 * Every kind of bad record on each monitor input, between good records. Stream inputs
 * ({@code predictions}, {@code actuals}, {@code metric-observations}): dead-lettered with the reason,
 * the good records matched or bucketed exactly once. Global inputs ({@code monitor-settings},
 * {@code model-configs}): skipped and counted as {@code driftwatch.global.skipped}, the key keeps its
 * previous value; a tombstone removes the key.
 */
class MonitorBadRecordsTest {

    static final Map<Kind, String> PREDICTION_REASONS = Map.of(
            Kind.NON_FINITE, "non-finite-yhat",
            Kind.NEGATIVE_TIME, "issued-at-before-1970",
            Kind.YEAR_9999, "issued-at-in-future",
            Kind.KEY_MISMATCH, "key-not-series-id",
            Kind.TOMBSTONE, "null-value");
    static final Map<Kind, String> ACTUAL_REASONS = Map.of(
            Kind.NON_FINITE, "non-finite-value",
            Kind.NEGATIVE_TIME, "bad-event-time",
            Kind.YEAR_9999, "event-time-in-future",
            Kind.KEY_MISMATCH, "key-not-series-id",
            Kind.TOMBSTONE, "null-value");
    static final Map<Kind, String> METRIC_REASONS = Map.of(
            Kind.NON_FINITE, "bad-metric-observation",
            Kind.NEGATIVE_TIME, "event-time-before-1970",
            Kind.YEAR_9999, "event-time-in-future",
            Kind.KEY_MISMATCH, "key-not-model-id",
            Kind.TOMBSTONE, "null-value");
    static final Map<Kind, String> SETTINGS_REASONS = Map.of(
            Kind.NON_FINITE, "non-finite-settings",
            Kind.NEGATIVE_TIME, "updated-at-before-1970",
            Kind.YEAR_9999, "updated-at-in-future",
            Kind.KEY_MISMATCH, "key-not-scope");
    static final Map<Kind, String> CONFIG_REASONS = Map.of(
            Kind.NON_FINITE, "non-finite-params",
            Kind.NEGATIVE_TIME, "created-at-before-1970",
            Kind.YEAR_9999, "created-at-in-future",
            Kind.KEY_MISMATCH, "key-not-model-horizon");

    private MonitorDriver m;
    private final Map<String, TestInputTopic<String, byte[]>> raw = new HashMap<>();

    @BeforeEach
    void setUp() {
        Telemetry.prometheus();
        m = new MonitorDriver(Map.of());
        Topics topics = Topics.from(new MonitorConfig(Map.of()));
        for (var t : List.of(topics.predictions, topics.actuals, topics.metricObservations, topics.monitorSettings,
                topics.modelConfigs)) {
            raw.put(t.logicalName(), m.driver.createInputTopic(t.name(), new StringSerializer(),
                new ByteArraySerializer()));
        }
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    static MetricObservation observation(double value) {
        return MetricObservation.newBuilder().setMetric("basket_size").setModelId("shop").setEventTime(day(1.5))
            .setValue(value).build();
    }

    static MonitorSettings settings(String threshold) {
        return MonitorSettings.newBuilder().setScope("MODEL").setScopeId("shop")
            .setSettings(Map.of("monitor.anomaly.threshold", threshold)).setUpdatedAt(DAY0).build();
    }

    static ModelConfig config(int version, String alpha) {
        return ModelConfig.newBuilder().setModelId("m").setHorizon("1d").setVersion(version).setAlgorithm("ses")
            .setParams(Map.of("alpha", alpha)).setCreatedAt(DAY0).build();
    }

    static Stream<Arguments> predictionCases() {
        return cases(BadRecords.of(new BadRecords.Spec<>(prediction("bad", "m", "s1", day(9), day(10), 98, 95, 101),
            "s1", "prediction_id", "yhat", "issued_at", "series_id", null)));
    }

    static Stream<Arguments> actualCases() {
        return cases(BadRecords.of(new BadRecords.Spec<>(actual("s1", day(10), 55), "s1", "series_id", "value",
            "event_time", "series_id", null)));
    }

    static Stream<Arguments> metricCases() {
        return cases(BadRecords.of(new BadRecords.Spec<>(observation(100), "shop", "metric", "value", "event_time",
            "metric", null)));
    }

    static Stream<Arguments> settingsCases() {
        Map<Kind, Bad> cases = BadRecords.of(new BadRecords.Spec<>(settings("5.0"), "model:shop", "scope", null,
            "updated_at", "scope_id", null));
        BadRecords.put(cases, Kind.NON_FINITE, "model:shop", BadRecords.avro(settings("NaN")));
        return cases(cases);
    }

    static Stream<Arguments> configCases() {
        Map<Kind, Bad> cases = BadRecords.of(new BadRecords.Spec<>(config(2, "0.5"), "m:1d", "algorithm", null,
            "created_at", "algorithm", null));
        BadRecords.put(cases, Kind.NON_FINITE, "m:1d", BadRecords.avro(config(2, "Infinity")));
        return cases(cases);
    }

    private static Stream<Arguments> cases(Map<Kind, Bad> cases) {
        return cases.values().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "predictions: {0}")
    @MethodSource("predictionCases")
    void aBadPredictionIsDeadLetteredAndTheGoodOnesMatchOnce(Bad bad) {
        double before = counted(bad, PREDICTION_REASONS);
        m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        raw.get("predictions").pipeInput(bad.key(), bad.value());
        m.pipe(prediction("p2", "m", "s2", day(9), day(10), 98, 95, 101));
        m.pipe(actual("s1", day(10), 100));
        m.pipe(actual("s2", day(10), 100));

        assertThat(m.pairCount("m:1d")).isEqualTo(2);
        assertDeadLettered(bad, PREDICTION_REASONS, "predictions", 1);
        assertThat(counted(bad, PREDICTION_REASONS) - before).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "actuals: {0}")
    @MethodSource("actualCases")
    void aBadActualIsDeadLetteredAndTheGoodOnesMatchOnce(Bad bad) {
        double before = counted(bad, ACTUAL_REASONS);
        m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        m.pipe(prediction("p2", "m", "s2", day(9), day(10), 98, 95, 101));
        m.pipe(actual("s1", day(10), 100));
        raw.get("actuals").pipeInput(bad.key(), bad.value());
        m.pipe(actual("s2", day(10), 100));

        assertThat(m.pairCount("m:1d")).isEqualTo(2);
        assertDeadLettered(bad, ACTUAL_REASONS, "actuals", 1);
        assertThat(counted(bad, ACTUAL_REASONS) - before).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "metric-observations: {0}")
    @MethodSource("metricCases")
    void aBadObservationIsDeadLetteredAndTheGoodOnesAreBucketedOnce(Bad bad) {
        double before = counted(bad, METRIC_REASONS);
        m.metrics.pipeInput("shop", observation(1.0));
        raw.get("metric-observations").pipeInput(bad.key(), bad.value());
        m.metrics.pipeInput("shop", observation(2.0));

        KeyValueStore<String, byte[]> buckets = m.driver.getKeyValueStore(StoreNames.MONITOR_METRIC_BUCKETS);
        byte[] bucket = buckets.get(Keys.join("shop", "basket_size", "", Keys.time(DAY0.toEpochMilli() + DAY)));
        assertThat(ByteBuffer.wrap(bucket).getLong(0)).as("count").isEqualTo(2);
        assertThat(ByteBuffer.wrap(bucket).getDouble(8)).as("sum").isEqualTo(3.0);
        assertDeadLettered(bad, METRIC_REASONS, "metric-observations", 1);
        assertThat(counted(bad, METRIC_REASONS) - before).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "monitor-settings: {0}")
    @MethodSource("settingsCases")
    void aBadOverrideIsSkippedAndReportedAndTheKeyKeepsItsOverride(Bad bad) {
        String reason = bad.kind().decodes() ? SETTINGS_REASONS.get(bad.kind()) : "deserialization";
        double before = reason == null ? 0 : BadRecords.globalSkipped("monitor", reason);
        raw.get("monitor-settings").pipeInput("model:shop", BadRecords.avro(settings("4.0")));
        raw.get("monitor-settings").pipeInput(bad.key(), bad.value());

        KeyValueStore<String, MonitorSettings> store = m.driver.getKeyValueStore(StoreNames.MONITOR_SETTINGS);
        if (bad.kind() == Kind.TOMBSTONE) {
            assertThat(store.get("model:shop")).as("a tombstone removes the override").isNull();
        } else {
            assertThat(store.get("model:shop")).isEqualTo(settings("4.0"));
            assertThat(store.approximateNumEntries()).isEqualTo(1);
        }
        if (countedHere(bad)) {
            assertThat(BadRecords.globalSkipped("monitor", reason) - before).isEqualTo(1.0);
        }
        assertThat(m.deadLetters.readRecordsToList()).as("the global thread cannot dead-letter").isEmpty();
    }

    @ParameterizedTest(name = "model-configs: {0}")
    @MethodSource("configCases")
    void aBadConfigIsSkippedAndReportedAndTheKeyKeepsItsConfig(Bad bad) {
        String reason = bad.kind().decodes() ? CONFIG_REASONS.get(bad.kind()) : "deserialization";
        double before = reason == null ? 0 : BadRecords.globalSkipped("monitor", reason);
        raw.get("model-configs").pipeInput("m:1d", BadRecords.avro(config(1, "0.5")));
        raw.get("model-configs").pipeInput(bad.key(), bad.value());

        KeyValueStore<String, ModelConfig> store = m.driver.getKeyValueStore(StoreNames.MONITOR_MODEL_CONFIGS);
        if (bad.kind() == Kind.TOMBSTONE) {
            assertThat(store.get("m:1d")).as("a tombstone removes the config").isNull();
        } else {
            assertThat(store.get("m:1d")).isEqualTo(config(1, "0.5"));
            assertThat(store.approximateNumEntries()).isEqualTo(1);
        }
        if (countedHere(bad)) {
            assertThat(BadRecords.globalSkipped("monitor", reason) - before).isEqualTo(1.0);
        }
        assertThat(m.deadLetters.readRecordsToList()).isEmpty();
    }

    /**
     * TopologyTestDriver's global task uses Kafka's own LogAndContinueExceptionHandler, not the app's: an
     * undecodable global record is skipped here but counted only on a real broker (the ITs prove that).
     */
    private static boolean countedHere(Bad bad) {
        return bad.kind().decodes() && bad.kind() != Kind.TOMBSTONE;
    }

    private static double counted(Bad bad, Map<Kind, String> reasons) {
        return BadRecords.deadLetters("monitor", bad.kind().decodes() ? reasons.get(bad.kind()) : "deserialization");
    }

    private void assertDeadLettered(Bad bad, Map<Kind, String> reasons, String topic, int offset) {
        List<TestRecord<byte[], byte[]>> dead = m.deadLetters.readRecordsToList();
        if (!bad.kind().decodes()) {
            assertThat(dead).as("TopologyTestDriver drops deserialization dead letters").isEmpty();
            return;
        }
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), "__streams.errors.message")).startsWith(reasons.get(bad.kind()));
        assertThat(header(dead.get(0), "__streams.errors.topic")).isEqualTo(topic);
        assertThat(header(dead.get(0), "__streams.errors.offset")).isEqualTo(String.valueOf(offset));
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value());
    }
}
