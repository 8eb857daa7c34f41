package io.driftwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
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
import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.kafka.BadRecords.Bad;
import io.driftwatch.kafka.BadRecords.Kind;
import io.driftwatch.kafka.BadRecords;
import io.driftwatch.kafka.StreamsProperties;
import io.driftwatch.local.TempDirs;
import io.driftwatch.telemetry.Telemetry;
import io.driftwatch.topics.Topics;

/**
 * Every kind of bad record on each ingest input, between two good records: the bad one is
 * dead-lettered with its reason (or, when it does not decode, skipped by the deserialization handler
 * and counted; TopologyTestDriver does not capture those dead letters, IngestIT does), and the day
 * is summed from the good ones exactly once.
 */
class IngestBadRecordsTest {

    private static final Instant DAY0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final long HOUR = 3_600_000L;

    /** The dead-letter reason per kind, the same on both inputs; the non-decoding kinds are "deserialization". */
    static final Map<Kind, String> REASONS = Map.of(
            Kind.NON_FINITE, "non-finite-",
            Kind.NEGATIVE_TIME, "event-time-before-1970",
            Kind.YEAR_9999, "event-time-in-future",
            Kind.KEY_MISMATCH, "key-not-series-id",
            Kind.TOMBSTONE, "null-value");

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> sales;
    private TestInputTopic<String, byte[]> rates;
    private TestOutputTopic<String, Actual> actuals;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void setUp() {
        Telemetry.prometheus();
        IngestConfig config = new IngestConfig(Map.of(IngestConfig.GRACE, "6h", "topics.partitions", "1", "state.dir",
            TempDirs.create("driftwatch-ttd-").toString()));
        Topics topics = Topics.from(config);
        driver = new TopologyTestDriver(IngestTopology.build(config), StreamsProperties.of(config, "ingest"));
        sales = driver.createInputTopic(topics.salesEvents.name(), new StringSerializer(), new ByteArraySerializer());
        rates = driver.createInputTopic(topics.rateEvents.name(), new StringSerializer(), new ByteArraySerializer());
        actuals = driver.createOutputTopic(topics.actuals.name(), new StringDeserializer(),
            topics.actuals.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters.name(), new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    static SaleEvent sale(String id, long atMs, double amount) {
        return SaleEvent.newBuilder().setSaleId(id).setTenantId("acme").setSeriesId("s1")
            .setEventTime(Instant.ofEpochMilli(atMs)).setAmount(amount).build();
    }

    static RateEvent rate(long atMs, double value) {
        return RateEvent.newBuilder().setSeriesId("s1").setEventTime(Instant.ofEpochMilli(atMs)).setValue(value)
            .build();
    }

    static Stream<Arguments> salesCases() {
        return BadRecords.of(new BadRecords.Spec<>(sale("bad", DAY0.toEpochMilli() + 10 * HOUR, 100.0), "s1",
            "sale_id", "amount", "event_time", "series_id", null)).values().stream().map(Arguments::of);
    }

    static Stream<Arguments> rateCases() {
        return BadRecords.of(new BadRecords.Spec<>(rate(DAY0.toEpochMilli() + 10 * HOUR, 100.0), "s1",
            "series_id", "value", "event_time", "series_id", null)).values().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "sales-events: {0}")
    @MethodSource("salesCases")
    void aBadSaleIsDeadLetteredAndTheDayIsSummedFromTheGoodOnesOnce(Bad bad) {
        long t0 = DAY0.toEpochMilli();
        double before = counted(bad.kind(), "amount");
        sales.pipeInput("s1", BadRecords.avro(sale("a", t0 + 9 * HOUR, 1.0)));
        sales.pipeInput(bad.key(), bad.value());
        sales.pipeInput("s1", BadRecords.avro(sale("b", t0 + 11 * HOUR, 2.0)));
        sales.pipeInput("s1", BadRecords.avro(sale("c", t0 + 31 * HOUR, 0.5))); // closes day 0 (grace 6h)

        assertThat(days()).containsExactly(Map.entry(DAY0, 3.0));
        assertDeadLettered(bad, 1, "sales-events");
        assertThat(counted(bad.kind(), "amount") - before).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "rate-events: {0}")
    @MethodSource("rateCases")
    void aBadRateIsDeadLetteredAndTheDayClosesOnTheGoodOnesOnce(Bad bad) {
        long t0 = DAY0.toEpochMilli();
        double before = counted(bad.kind(), "value");
        rates.pipeInput("s1", BadRecords.avro(rate(t0 + 9 * HOUR, 1.0)));
        rates.pipeInput(bad.key(), bad.value());
        rates.pipeInput("s1", BadRecords.avro(rate(t0 + 11 * HOUR, 2.0)));
        rates.pipeInput("s1", BadRecords.avro(rate(t0 + 31 * HOUR, 0.5)));

        assertThat(days()).containsExactly(Map.entry(DAY0, 2.0));
        assertDeadLettered(bad, 1, "rate-events");
        assertThat(counted(bad.kind(), "value") - before).isEqualTo(1.0);
    }

    /** The count of the metric this kind is counted in; {@code number}: the double field's name. */
    private static double counted(Kind kind, String number) {
        if (!kind.decodes()) {
            return BadRecords.deadLetters("ingest", "deserialization");
        }
        return BadRecords.deadLetters("ingest", kind == Kind.NON_FINITE ? "non-finite-" + number : REASONS.get(kind));
    }

    private void assertDeadLettered(Bad bad, long offset, String topic) {
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        if (!bad.kind().decodes()) {
            assertThat(dead).as("TopologyTestDriver drops deserialization dead letters").isEmpty();
            return;
        }
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), "__streams.errors.message")).startsWith(REASONS.get(bad.kind()));
        assertThat(header(dead.get(0), "__streams.errors.topic")).isEqualTo(topic);
        assertThat(header(dead.get(0), "__streams.errors.offset")).isEqualTo(String.valueOf(offset));
        assertThat(dead.get(0).value()).isEqualTo(bad.value());
    }

    private Map<Instant, Double> days() {
        List<Map.Entry<Instant, Double>> out = new ArrayList<>();
        for (TestRecord<String, Actual> r : actuals.readRecordsToList()) {
            out.add(Map.entry(r.value().getEventTime(), r.value().getValue()));
        }
        assertThat(out.stream().map(Map.Entry::getKey).distinct().count()).as("each day once").isEqualTo(out.size());
        return Map.ofEntries(out.toArray(Map.Entry[]::new));
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value());
    }
}
