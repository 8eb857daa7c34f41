package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.app.RunningApp;
import io.driftwatch.avro.Actual;
import io.driftwatch.avro.MetricObservation;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.avro.ValidationMetrics;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.kafka.BadRecords.Bad;
import io.driftwatch.kafka.BadRecords.Kind;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.telemetry.Telemetry;
import io.driftwatch.topics.Topics;

/**
 * Ingest, forecaster and monitor on the real broker with every kind of bad record interleaved with
 * good ones on every input: the stream inputs' bad records are in dead-letters once each with their
 * reason and source, the global inputs' bad records are skipped and counted (also when the global
 * store is bootstrapped from a topic that already holds them), the apps keep running, and the good
 * records produce exactly the outputs they would alone.
 */
@ExtendWith(LocalKafkaExtension.class)
class BadRecordsIT {

    private static final Instant DAY0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private static Map<String, Object> settings(LocalKafkaBroker broker, String name) throws Exception {
        Map<String, Object> s = new HashMap<>();
        s.put("bootstrap.servers", broker.bootstrapServers());
        s.put("topics.prefix", KafkaTestKit.uniquePrefix(name));
        s.put("topics.partitions", "1");
        s.put("application.id.prefix", name + "-" + System.nanoTime());
        s.put("state.dir", TempDirs.create(name + "-it-").toString());
        return s;
    }

    @Test
    @Timeout(180)
    void ingestDeadLettersEveryBadKindAndSumsTheGoodEventsOnce(LocalKafkaBroker broker) throws Exception {
        Telemetry.prometheus();
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> settings = settings(broker, "bad-ingest");
        Topics topics = Topics.from(new CommonConfig(settings));
        kit.createTopics(topics.all());
        long t0 = DAY0.toEpochMilli();
        Map<Kind, Bad> badSales = BadRecords.of(new BadRecords.Spec<>(sale("x", t0 + 10 * HOUR, 100), "s1",
            "sale_id", "amount", "event_time", "series_id", null));
        Map<Kind, Bad> badRates = BadRecords.of(new BadRecords.Spec<>(rate(t0 + 10 * HOUR, 100), "r1",
            "series_id", "value", "event_time", "series_id", null));
        produce(kit, topics.salesEvents.name(), interleave(List.of(
            entry("s1", sale("a", t0 + 9 * HOUR, 1.0))), badSales, List.of(
            entry("s1", sale("b", t0 + 11 * HOUR, 2.0)), entry("s1", sale("c", t0 + 31 * HOUR, 0.5)))));
        produce(kit, topics.rateEvents.name(), interleave(List.of(
            entry("r1", rate(t0 + 9 * HOUR, 1.0))), badRates, List.of(
            entry("r1", rate(t0 + 11 * HOUR, 2.0)), entry("r1", rate(t0 + 31 * HOUR, 0.5)))));
        double undecodable = deadLetters("ingest", "deserialization");

        try (RunningApp app = Apps.get("ingest").create(settings).start()) {
            app.awaitRunning(Duration.ofSeconds(60));
            List<ConsumerRecord<String, Actual>> actuals = kit.consume(topics.actuals.name(),
                new StringDeserializer(), topics.actuals.valueSerde().deserializer(), 2, Duration.ofSeconds(60));
            Map<String, Double> days = new TreeMap<>();
            actuals.forEach(r -> days.merge(r.key() + "@" + r.value().getEventTime(), r.value().getValue(),
                (a, b) -> {
                    throw new AssertionError("a day was emitted twice");
                }));
            assertThat(days).containsExactly(Map.entry("r1@" + DAY0, 2.0), Map.entry("s1@" + DAY0, 3.0));
            List<ConsumerRecord<byte[], byte[]>> dead = kit.consume(topics.deadLetters.name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), badSales.size() + badRates.size(),
                Duration.ofSeconds(60));
            assertDeadLetters(dead, topics.salesEvents.name(), badSales, Map.of(Kind.NON_FINITE, "non-finite-amount",
                Kind.NEGATIVE_TIME, "event-time-before-1970", Kind.YEAR_9999, "event-time-in-future",
                Kind.KEY_MISMATCH, "key-not-series-id", Kind.TOMBSTONE, "null-value"));
            assertDeadLetters(dead, topics.rateEvents.name(), badRates, Map.of(Kind.NON_FINITE, "non-finite-value",
                Kind.NEGATIVE_TIME, "event-time-before-1970", Kind.YEAR_9999, "event-time-in-future",
                Kind.KEY_MISMATCH, "key-not-series-id", Kind.TOMBSTONE, "null-value"));
            assertThat(dead).hasSize(badSales.size() + badRates.size());
            assertThat(deadLetters("ingest", "deserialization") - undecodable)
                .isEqualTo(undecodable(badSales) + undecodable(badRates));
            assertThat(app.failure()).isNull();
        }
    }

    @Test
    @Timeout(180)
    void forecasterDeadLettersBadActualsSkipsBadConfigsAndPredictsTheGoodOnesOnce(LocalKafkaBroker broker)
            throws Exception {
        Telemetry.prometheus();
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> settings = settings(broker, "bad-forecaster");
        settings.put("forecaster.min-history", "1");
        settings.put("forecaster.horizons", "7d");
        Topics topics = Topics.from(new CommonConfig(settings));
        kit.createTopics(topics.all());
        Map<Kind, Bad> badConfigs = globalCases(BadRecords.of(new BadRecords.Spec<>(config(2), "default:7d",
            "algorithm", null, "created_at", "algorithm", null)), "default:7d", BadRecords.avro(BadRecords.with(
            config(2), "validation_metrics", nanMetrics())));
        produce(kit, topics.modelConfigs.name(), interleave(List.of(entry("default:7d", config(1))), badConfigs,
            List.of()));
        Map<Kind, Bad> badActuals = BadRecords.of(new BadRecords.Spec<>(actual("S1", 1, 5.0), "S1", "series_id",
            "value", "event_time", "series_id", null));
        produce(kit, topics.actuals.name(), interleave(List.of(entry("S1", actual("S1", 0, 1.0))), badActuals,
            List.of(entry("S1", actual("S1", 2, 3.0)))));
        double skipped = globalSkipped("forecaster");
        double undecodable = deadLetters("forecaster", "deserialization");

        try (RunningApp app = Apps.get("forecaster").create(settings).start()) {
            app.awaitRunning(Duration.ofSeconds(60));
            List<ConsumerRecord<String, Prediction>> predictions = kit.consume(topics.predictions.name(),
                new StringDeserializer(), topics.predictions.valueSerde().deserializer(), 2, Duration.ofSeconds(60));
            assertThat(predictions).extracting(r -> r.value().getIssuedAt() + " v" + r.value().getConfigVersion())
                .containsExactly(DAY0 + " v1", DAY0.plusMillis(2 * DAY) + " v1");
            List<ConsumerRecord<byte[], byte[]>> dead = kit.consume(topics.deadLetters.name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), badActuals.size(), Duration.ofSeconds(60));
            assertDeadLetters(dead, topics.actuals.name(), badActuals, Map.of(Kind.NON_FINITE, "non-finite-value",
                Kind.NEGATIVE_TIME, "bad-bucket", Kind.YEAR_9999, "event-time-in-future",
                Kind.KEY_MISMATCH, "key-not-series-id", Kind.TOMBSTONE, "null-value"));
            assertThat(dead).as("no dead letter for a global topic").hasSize(badActuals.size());
            assertThat(deadLetters("forecaster", "deserialization") - undecodable).isEqualTo(undecodable(badActuals));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(globalSkipped("forecaster") - skipped).isEqualTo(badConfigs.size()));
            assertThat(app.failure()).isNull();
        }
    }

    @Test
    @Timeout(240)
    void monitorDeadLettersBadInputsSkipsBadOverridesAndMatchesTheGoodPairsOnce(LocalKafkaBroker broker)
            throws Exception {
        Telemetry.prometheus();
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> settings = settings(broker, "bad-monitor");
        settings.put("monitor.max-config-age", "3650d");
        settings.put("monitor.input.partitions", "1");
        Topics topics = Topics.from(new CommonConfig(settings));
        kit.createTopics(topics.all());
        Map<Kind, Bad> badSettings = globalCases(BadRecords.of(new BadRecords.Spec<>(settings("5.0"), "model:bm",
            "scope", null, "updated_at", "scope_id", null)), "model:bm", BadRecords.avro(settings("NaN")));
        produce(kit, topics.monitorSettings.name(), interleave(List.of(entry("model:bm", settings("4.0"))),
            badSettings, List.of()));
        Map<Kind, Bad> badPredictions = BadRecords.of(new BadRecords.Spec<>(prediction("bad", "s1"), "s1",
            "prediction_id", "yhat", "issued_at", "series_id", null));
        produce(kit, topics.predictions.name(), interleave(List.of(entry("s1", prediction("p1", "s1"))),
            badPredictions, List.of(entry("s2", prediction("p2", "s2")))));
        Map<Kind, Bad> badActuals = BadRecords.of(new BadRecords.Spec<>(actual("s1", 10, 55), "s1", "series_id",
            "value", "event_time", "series_id", null));
        produce(kit, topics.actuals.name(), interleave(List.of(entry("s1", actual("s1", 10, 100))), badActuals,
            List.of(entry("s2", actual("s2", 10, 100)))));
        Map<Kind, Bad> badObservations = BadRecords.of(new BadRecords.Spec<>(observation(100), "bm", "metric",
            "value", "event_time", "metric", null));
        produce(kit, topics.metricObservations.name(), interleave(List.of(entry("bm", observation(1))),
            badObservations, List.of(entry("bm", observation(2)))));
        double skipped = globalSkipped("monitor");
        double pairs = pairs();

        try (RunningApp app = Apps.get("monitor").create(settings).start()) {
            app.awaitRunning(Duration.ofSeconds(60));
            int expected = badPredictions.size() + badActuals.size() + badObservations.size();
            List<ConsumerRecord<byte[], byte[]>> dead = kit.consume(topics.deadLetters.name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), expected, Duration.ofSeconds(90));
            assertDeadLetters(dead, topics.predictions.name(), badPredictions, Map.of(Kind.NON_FINITE,
                "non-finite-yhat", Kind.NEGATIVE_TIME, "issued-at-before-1970", Kind.YEAR_9999, "issued-at-in-future",
                Kind.KEY_MISMATCH, "key-not-series-id", Kind.TOMBSTONE, "null-value"));
            assertDeadLetters(dead, topics.actuals.name(), badActuals, Map.of(Kind.NON_FINITE, "non-finite-value",
                Kind.NEGATIVE_TIME, "bad-event-time", Kind.YEAR_9999, "event-time-in-future",
                Kind.KEY_MISMATCH, "key-not-series-id", Kind.TOMBSTONE, "null-value"));
            assertDeadLetters(dead, topics.metricObservations.name(), badObservations, Map.of(Kind.NON_FINITE,
                "bad-metric-observation", Kind.NEGATIVE_TIME, "event-time-before-1970", Kind.YEAR_9999,
                "event-time-in-future", Kind.KEY_MISMATCH, "key-not-model-id", Kind.TOMBSTONE, "null-value"));
            assertThat(dead).hasSize(expected);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(pairs() - pairs).as("p1/s1 and p2/s2 matched once each").isEqualTo(2.0);
                assertThat(globalSkipped("monitor") - skipped).isEqualTo(badSettings.size());
            });
            assertThat(app.failure()).isNull();
        }
    }

    // ---- records

    static SaleEvent sale(String id, long atMs, double amount) {
        return SaleEvent.newBuilder().setSaleId(id).setTenantId("acme").setSeriesId("s1")
            .setEventTime(Instant.ofEpochMilli(atMs)).setAmount(amount).build();
    }

    static RateEvent rate(long atMs, double value) {
        return RateEvent.newBuilder().setSeriesId("r1").setEventTime(Instant.ofEpochMilli(atMs)).setValue(value)
            .build();
    }

    static Actual actual(String series, int day, double value) {
        return Actual.newBuilder().setSeriesId(series).setTenantId("acme").setEventTime(DAY0.plusMillis(day * DAY))
            .setValue(value).setBucketMs(DAY).build();
    }

    static Prediction prediction(String id, String series) {
        return Prediction.newBuilder().setPredictionId(id).setModelId("bm").setConfigVersion(1).setSeriesId(series)
            .setTenantId("acme").setHorizon("1d").setIssuedAt(DAY0.plusMillis(9 * DAY))
            .setTargetTime(DAY0.plusMillis(10 * DAY)).setYhat(98).setYhatLower(95).setYhatUpper(101).build();
    }

    static MetricObservation observation(double value) {
        return MetricObservation.newBuilder().setMetric("basket_size").setModelId("bm")
            .setEventTime(DAY0.plusMillis(DAY)).setValue(value).build();
    }

    static ModelConfig config(int version) {
        return ModelConfig.newBuilder().setModelId("default").setHorizon("7d").setVersion(version)
            .setAlgorithm("naive").setParams(Map.of()).setCreatedAt(DAY0).build();
    }

    static MonitorSettings settings(String threshold) {
        return MonitorSettings.newBuilder().setScope("MODEL").setScopeId("bm")
            .setSettings(Map.of("monitor.anomaly.threshold", threshold)).setUpdatedAt(DAY0).build();
    }

    static ValidationMetrics nanMetrics() {
        return ValidationMetrics.newBuilder().setRmse(Double.NaN).setMae(1).setMape(1).setBias(0).setErrorStd(1)
            .setCi95Coverage(0.95).setInferenceTimeMs(1).setN(10).build();
    }

    /** The bad kinds of a global topic: a tombstone is not one (it removes the key), NaN is the caller's record. */
    static Map<Kind, Bad> globalCases(Map<Kind, Bad> cases, String key, byte[] nonFinite) {
        cases.remove(Kind.TOMBSTONE);
        BadRecords.put(cases, Kind.NON_FINITE, key, nonFinite);
        return cases;
    }

    // ---- plumbing

    private static Map.Entry<String, byte[]> entry(String key, SpecificRecord value) {
        return Map.entry(key, BadRecords.avro(value));
    }

    private static List<Map.Entry<String, byte[]>> interleave(List<Map.Entry<String, byte[]>> before,
            Map<Kind, Bad> bad, List<Map.Entry<String, byte[]>> after) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>(before);
        bad.values().forEach(b -> out.add(new AbstractMap.SimpleEntry<>(b.key(), b.value())));
        out.addAll(after);
        return out;
    }

    private static void produce(KafkaTestKit kit, String topic, List<Map.Entry<String, byte[]>> records) {
        kit.produce(topic, new StringSerializer(), new ByteArraySerializer(), records);
    }

    /** Each bad record of {@code bad} has one dead letter from {@code topic}, with the reason its kind gives. */
    private static void assertDeadLetters(List<ConsumerRecord<byte[], byte[]>> dead, String topic, Map<Kind, Bad> bad,
            Map<Kind, String> reasons) {
        List<String> messages = dead.stream().filter(r -> topic.equals(header(r, "__streams.errors.topic")))
            .map(r -> header(r, "__streams.errors.message")).toList();
        assertThat(messages).as(topic).hasSize(bad.size());
        for (Kind k : bad.keySet()) {
            String expected = k.decodes() ? reasons.get(k) + ": " : "Cannot deserialize";
            assertThat(messages).as(topic + " " + k).anyMatch(m -> m.startsWith(expected));
        }
    }

    private static double undecodable(Map<Kind, Bad> bad) {
        return bad.keySet().stream().filter(k -> !k.decodes()).count();
    }

    private static double deadLetters(String app, String reason) {
        return BadRecords.deadLetters(app, reason);
    }

    private static double globalSkipped(String app) {
        return Telemetry.registry().find(MetricNames.GLOBAL_SKIPPED).tags(MetricNames.TAG_APP, app).counters()
            .stream().mapToDouble(Counter::count).sum();
    }

    private static double pairs() {
        Counter c = Telemetry.registry().find(MetricNames.PAIRS_MATCHED).tags(MetricNames.TAG_APP, "monitor",
            MetricNames.TAG_MODEL, "bm", MetricNames.TAG_HORIZON, "1d").counter();
        return c == null ? 0 : c.count();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
