package io.driftwatch.forecast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.ValidationMetrics;
import io.driftwatch.kafka.BadRecords.Bad;
import io.driftwatch.kafka.BadRecords.Kind;
import io.driftwatch.kafka.BadRecords;
import io.driftwatch.kafka.StreamsProperties;
import io.driftwatch.local.TempDirs;
import io.driftwatch.telemetry.Telemetry;
import io.driftwatch.topics.Topics;

/**
 * Every kind of bad record on the forecaster's inputs. On {@code actuals}: dead-lettered with its
 * reason, the actuals around it predicted exactly once. On the global {@code model-configs}: skipped
 * and counted as {@code driftwatch.global.skipped} (Kafka Streams cannot dead-letter from the global
 * thread), the key keeps its previous config, and a tombstone removes it (the default applies).
 */
class ForecasterBadRecordsTest {

    private static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final long DAY = 86_400_000L;
    private static final String KEY = "default:7d";

    static final Map<Kind, String> ACTUAL_REASONS = Map.of(
            Kind.NON_FINITE, "non-finite-value",
            Kind.NEGATIVE_TIME, "bad-bucket",
            Kind.YEAR_9999, "event-time-in-future",
            Kind.KEY_MISMATCH, "key-not-series-id",
            Kind.TOMBSTONE, "null-value");

    static final Map<Kind, String> CONFIG_REASONS = Map.of(
            Kind.NON_FINITE, "non-finite-validation-metrics.rmse",
            Kind.NEGATIVE_TIME, "created-at-before-1970",
            Kind.YEAR_9999, "created-at-in-future",
            Kind.KEY_MISMATCH, "key-not-model-horizon");

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> actuals;
    private TestInputTopic<String, byte[]> configs;
    private TestOutputTopic<String, Prediction> predictions;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void setUp() {
        Telemetry.prometheus();
        ForecasterConfig config = new ForecasterConfig(Map.of(ForecasterConfig.MIN_HISTORY, "1",
            ForecasterConfig.HORIZONS, "7d", "state.dir",
            TempDirs.create("driftwatch-ttd-").toString()));
        Topics topics = Topics.from(config);
        driver = new TopologyTestDriver(ForecasterTopology.build(config), StreamsProperties.of(config, "forecaster"));
        actuals = driver.createInputTopic(topics.actuals.name(), new StringSerializer(), new ByteArraySerializer());
        configs = driver.createInputTopic(topics.modelConfigs.name(), new StringSerializer(),
            new ByteArraySerializer());
        predictions = driver.createOutputTopic(topics.predictions.name(), new StringDeserializer(),
            topics.predictions.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters.name(), new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    static Actual actual(int day, double value) {
        return Actual.newBuilder().setSeriesId("S1").setTenantId("acme").setEventTime(Instant.ofEpochMilli(
            DAY0.toEpochMilli() + day * DAY)).setValue(value).setBucketMs(DAY).build();
    }

    static ModelConfig config(int version) {
        return ModelConfig.newBuilder().setModelId("default").setHorizon("7d").setVersion(version)
            .setAlgorithm("naive").setParams(Map.of()).setCreatedAt(DAY0).build();
    }

    static Stream<Arguments> actualCases() {
        return BadRecords.of(new BadRecords.Spec<>(actual(1, 5.0), "S1", "series_id", "value", "event_time",
            "series_id", null)).values().stream().map(Arguments::of);
    }

    static Stream<Arguments> configCases() {
        Map<Kind, Bad> cases = BadRecords.of(new BadRecords.Spec<>(config(2), KEY, "algorithm", null, "created_at",
            "algorithm", null));
        ValidationMetrics nan = ValidationMetrics.newBuilder().setRmse(Double.NaN).setMae(1).setMape(1).setBias(0)
            .setErrorStd(1).setCi95Coverage(0.95).setInferenceTimeMs(1).setN(10).build();
        BadRecords.put(cases, Kind.NON_FINITE, KEY, BadRecords.avro(BadRecords.with(config(2), "validation_metrics",
            nan)));
        return cases.values().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "actuals: {0}")
    @MethodSource("actualCases")
    void aBadActualIsDeadLetteredAndTheGoodOnesArePredictedOnce(Bad bad) {
        String metricReason = bad.kind().decodes() ? ACTUAL_REASONS.get(bad.kind()) : "deserialization";
        double before = BadRecords.deadLetters("forecaster", metricReason);
        actuals.pipeInput("S1", BadRecords.avro(actual(0, 1.0)));
        actuals.pipeInput(bad.key(), bad.value());
        actuals.pipeInput("S1", BadRecords.avro(actual(2, 3.0)));

        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(out).extracting(r -> r.value().getIssuedAt())
            .containsExactly(DAY0, Instant.ofEpochMilli(DAY0.toEpochMilli() + 2 * DAY));
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        if (bad.kind().decodes()) {
            assertThat(dead).hasSize(1);
            assertThat(header(dead.get(0), "__streams.errors.message")).startsWith(ACTUAL_REASONS.get(bad.kind()));
            assertThat(header(dead.get(0), "__streams.errors.offset")).isEqualTo("1");
        } else {
            assertThat(dead).as("TopologyTestDriver drops deserialization dead letters").isEmpty();
        }
        assertThat(BadRecords.deadLetters("forecaster", metricReason) - before).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "model-configs: {0}")
    @MethodSource("configCases")
    void aBadConfigIsSkippedAndReportedAndTheKeyKeepsItsConfig(Bad bad) {
        String reason = bad.kind().decodes() ? CONFIG_REASONS.get(bad.kind()) : "deserialization";
        double before = reason == null ? 0 : BadRecords.globalSkipped("forecaster", reason);
        configs.pipeInput(KEY, BadRecords.avro(config(1)));
        configs.pipeInput(bad.key(), bad.value());
        actuals.pipeInput("S1", BadRecords.avro(actual(0, 1.0)));
        configs.pipeInput(KEY, BadRecords.avro(config(3)));
        actuals.pipeInput("S1", BadRecords.avro(actual(1, 2.0)));

        List<Integer> versions = predictions.readRecordsToList().stream().map(r -> r.value().getConfigVersion())
            .toList();
        if (bad.kind() == Kind.TOMBSTONE) {
            assertThat(versions).as("a tombstone removes the config: the default (0) applies").containsExactly(0, 3);
        } else {
            assertThat(versions).as("the bad record left version 1 in place").containsExactly(1, 3);
        }
        if (countedHere(bad)) {
            assertThat(BadRecords.globalSkipped("forecaster", reason) - before).isEqualTo(1.0);
        }
        assertThat(deadLetters.readRecordsToList()).as("the global thread cannot dead-letter").isEmpty();
    }

    /**
     * TopologyTestDriver's global task uses Kafka's own LogAndContinueExceptionHandler, not the app's: an
     * undecodable global record is skipped here but counted only on a real broker (the ITs prove that).
     */
    private static boolean countedHere(Bad bad) {
        return bad.kind().decodes() && bad.kind() != Kind.TOMBSTONE;
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value());
    }
}
