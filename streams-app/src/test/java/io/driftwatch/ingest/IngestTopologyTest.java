package io.driftwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

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
import org.junit.jupiter.api.Test;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.kafka.IdleProbe;
import io.driftwatch.kafka.Partitioning;
import io.driftwatch.kafka.Reroute;
import io.driftwatch.kafka.StreamsProperties;
import io.driftwatch.local.TempDirs;
import io.driftwatch.topics.Topics;

class IngestTopologyTest {

    private static final Instant DAY0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final long DAY = 86_400_000L;

    private TopologyTestDriver driver;
    private TestInputTopic<String, SaleEvent> sales;
    private TestInputTopic<String, RateEvent> rates;
    private TestInputTopic<String, byte[]> rawSales;
    private TestOutputTopic<String, Actual> actuals;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private TestInputTopic<String, Object> salesReroute;
    /** What the cluster would say about this task's input; TopologyTestDriver has no cluster to ask. */
    private IdleProbe drained = IdleProbe.ASSUME_IDLE;

    @BeforeEach
    void setUp() {
        start(Map.of());
    }

    private void start(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(Map.of(IngestConfig.GRACE, "6h", "topics.partitions", "1",
            "state.dir", TempDirs.create("driftwatch-ttd-").toString()));
        settings.putAll(overrides);
        IngestConfig config = new IngestConfig(settings);
        Topics topics = Topics.from(config);
        Properties props = StreamsProperties.of(config, "ingest");
        driver = new TopologyTestDriver(IngestTopology.build(config, drained, drained),
            props);
        if (config.rerouteMisplaced()) {
            salesReroute = driver.createInputTopic(
                    Reroute.topic(config.applicationId(IngestTopology.APP), IngestTopology.SALES_REROUTE),
                    new StringSerializer(),
                    Reroute.serde(List.of(new Reroute.Type<>(SaleEvent.class, topics.salesEvents.valueSerde())))
                            .serializer());
        }
        sales = driver.createInputTopic(
                topics.salesEvents.name(),
                new StringSerializer(),
                topics.salesEvents.valueSerde().serializer());
        rawSales =
                driver.createInputTopic(topics.salesEvents.name(), new StringSerializer(), new ByteArraySerializer());
        rates = driver.createInputTopic(
                topics.rateEvents.name(),
                new StringSerializer(),
                topics.rateEvents.valueSerde().serializer());
        actuals = driver.createOutputTopic(
                topics.actuals.name(),
                new StringDeserializer(),
                topics.actuals.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                topics.deadLetters.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static SaleEvent sale(String id, String series, Instant t, double amount) {
        return SaleEvent.newBuilder()
                .setSaleId(id)
                .setTenantId("acme")
                .setSeriesId(series)
                .setEventTime(t)
                .setAmount(amount)
                .build();
    }

    private static RateEvent rate(String series, Instant t, double value) {
        return RateEvent.newBuilder().setSeriesId(series).setEventTime(t).setValue(value).build();
    }

    private static Instant at(int day, int hour) {
        return DAY0.plusMillis(day * DAY + hour * 3_600_000L);
    }

    private Map<Instant, Double> drainValues(String series) {
        return actuals.readRecordsToList().stream().filter(r -> r.key().equals(series))
            .collect(Collectors.toMap(r -> r.value().getEventTime(), r -> r.value().getValue(), (a, b) -> {
                throw new AssertionError("a bucket was emitted twice");
            }, TreeMap::new));
    }

    @Test
    void sumsSalesPerDayOnceTheDayAndGraceHavePassed() {
        sales.pipeInput("s1", sale("a", "s1", at(0, 9), 10.0));
        sales.pipeInput("s1", sale("b", "s1", at(0, 15), 5.5));
        assertThat(actuals.isEmpty()).isTrue();
        sales.pipeInput("s1", sale("c", "s1", at(1, 5), 1.0)); // day 0 ended, grace (6h) not yet
        assertThat(actuals.isEmpty()).isTrue();
        sales.pipeInput("s1", sale("d", "s1", at(1, 7), 2.0)); // stream time 07:00 > 00:00 + 6h
        List<TestRecord<String, Actual>> out = actuals.readRecordsToList();
        assertThat(out).hasSize(1);
        Actual day0 = out.get(0).value();
        assertThat(day0.getSeriesId()).isEqualTo("s1");
        assertThat(day0.getTenantId()).isEqualTo("acme");
        assertThat(day0.getEventTime()).isEqualTo(DAY0);
        assertThat(day0.getValue()).isEqualTo(15.5);
        assertThat(day0.getEventCount()).isEqualTo(2);
        assertThat(out.get(0).timestamp()).isEqualTo(DAY0.toEpochMilli());
    }

    @Test
    void lateSaleWithinGraceCorrectsTheDayAndPastGraceGoesToDeadLetters() {
        sales.pipeInput("s1", sale("a", "s1", at(0, 9), 10.0));
        sales.pipeInput("s1", sale("b", "s1", at(1, 3), 1.0));
        sales.pipeInput("s1", sale("late-ok", "s1", at(0, 23), 4.0)); // out of order, within grace
        sales.pipeInput("s1", sale("c", "s1", at(1, 8), 1.0)); // closes day 0
        sales.pipeInput("s1", sale("late-ko", "s1", at(0, 22), 100.0)); // day 0 is closed
        sales.pipeInput("s1", sale("d", "s1", at(2, 7), 1.0)); // closes day 1
        assertThat(drainValues("s1")).containsExactly(Map.entry(at(0, 0), 14.0), Map.entry(at(1, 0), 2.0));
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), "__streams.errors.message")).contains("late-beyond-grace");
    }

    @Test
    void redeliveredSaleCountsOnce() {
        SaleEvent a = sale("a", "s1", at(0, 9), 10.0);
        sales.pipeInput("s1", a);
        sales.pipeInput("s1", a);
        sales.pipeInput("s1", sale("b", "s1", at(0, 10), 1.0));
        sales.pipeInput("s1", a);
        sales.pipeInput("s1", sale("c", "s1", at(1, 7), 1.0));
        assertThat(drainValues("s1")).containsExactly(Map.entry(at(0, 0), 11.0));
    }

    @Test
    void gapDaysBetweenSalesAreZeroOnceALaterDayIsSeen() {
        sales.pipeInput("s1", sale("a", "s1", at(0, 9), 3.0));
        sales.pipeInput("s1", sale("b", "s1", at(3, 9), 4.0)); // days 1, 2 without sales
        sales.pipeInput("s2", sale("x", "s2", at(4, 7), 1.0)); // another series moves stream time
        assertThat(drainValues("s1")).containsExactly(Map.entry(at(0, 0), 3.0), Map.entry(at(1, 0), 0.0),
            Map.entry(at(2, 0), 0.0), Map.entry(at(3, 0), 4.0));
    }

    @Test
    void rateCloseIsTheValueWithTheLatestEventTimeOfTheDay() {
        rates.pipeInput("USDCLP", rate("USDCLP", at(0, 12), 940.0));
        rates.pipeInput("USDCLP", rate("USDCLP", at(0, 18), 945.0));
        rates.pipeInput("USDCLP", rate("USDCLP", at(0, 15), 999.0)); // out of order: not the close
        rates.pipeInput("USDCLP", rate("USDCLP", at(2, 10), 950.0)); // day 1 has no tick: not filled
        rates.pipeInput("USDCLP", rate("USDCLP", at(3, 7), 951.0));
        assertThat(drainValues("USDCLP")).containsExactly(Map.entry(at(0, 0), 945.0), Map.entry(at(2, 0), 950.0));
    }

    @Test
    void badRecordsGoToDeadLettersWithHeadersAndGoodOnesAroundThemFlow() {
        sales.pipeInput("s1", sale("a", "s1", at(0, 9), 1.0));
        rawSales.pipeInput("s1", "{not json".getBytes());
        sales.pipeInput("s1", sale("nan", "s1", at(0, 10), Double.NaN));
        sales.pipeInput("s1", sale("noseries", " ", at(0, 10), 1.0));
        sales.pipeInput("s1", sale("old", "s1", Instant.parse("1969-12-31T00:00:00Z"), 1.0));
        sales.pipeInput("s1", sale("future", "s1", Instant.parse("2100-01-01T00:00:00Z"), 1.0));
        sales.pipeInput("other-key", sale("wrongkey", "s1", at(0, 10), 1.0)); // the key contradicts the value
        sales.pipeInput(null, sale("nokey", "s1", at(0, 10), 1.0)); // no key: re-routed, keyed by series_id
        sales.pipeInput("s1", sale("b", "s1", at(0, 11), 2.0));
        sales.pipeInput("s1", sale("c", "s1", at(1, 7), 0.5));

        assertThat(drainValues("s1")).containsExactly(Map.entry(at(0, 0), 4.0));
        // TopologyTestDriver skips the undecodable record (offset 1) but does not capture the dead
        // letter the deserialization handler sends; IngestIT proves that one on the real broker.
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(5);
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, "__streams.errors.topic")).isEqualTo("sales-events");
            assertThat(header(r, "__streams.errors.partition")).isEqualTo("0");
            assertThat(header(r, "__streams.errors.exception")).isEqualTo("io.driftwatch.kafka.BadRecordException");
        });
        assertThat(dead.stream().map(r -> header(r, "__streams.errors.message")).toList())
                .satisfiesExactly(
                        m -> assertThat(m).startsWith("non-finite-amount: amount must be a finite number, was NaN"),
                        m -> assertThat(m).startsWith("missing-series-id: series_id is missing or blank"),
                        m -> assertThat(m).startsWith("event-time-before-1970"),
                        m -> assertThat(m).startsWith("event-time-in-future"),
                        m -> assertThat(m).startsWith("key-not-series-id"));
        assertThat(dead.stream().map(r -> header(r, "__streams.errors.offset")).toList())
                .containsExactly("2", "3", "4", "5", "6");
        SaleEvent original = Topics.from(new IngestConfig(Map.of())).salesEvents.valueSerde().deserializer()
            .deserialize("sales-events", dead.get(0).value());
        assertThat(original.getSaleId()).isEqualTo("nan");
    }

    @Test
    void withoutReroutingAnEventKeyedOtherwiseGoesToDeadLetters() {
        driver.close();
        start(Map.of(IngestConfig.REROUTE_MISPLACED, false));
        sales.pipeInput("s1", sale("a", "s1", at(0, 9), 1.0));
        sales.pipeInput("other-key", sale("wrongkey", "s1", at(0, 10), 1.0));
        sales.pipeInput("s1", sale("c", "s1", at(1, 7), 0.5));

        assertThat(drainValues("s1")).containsExactly(Map.entry(at(0, 0), 1.0));
        assertThat(deadLetters.readRecordsToList()).singleElement().satisfies(r -> assertThat(
                header(r, "__streams.errors.message"))
            .startsWith("key-not-series-id: the record key must be the series_id 's1', was 'other-key'"));
    }

    /**
     * Two partitions: the task of partition 0 holds its buckets open while partition 1 (whose marks and re-routed
     * events come through the reroute topic, piped here as partition 1 would send them) has not passed them, so an
     * event re-routed late in wall-clock terms still counts, as it would have on its murmur2 partition.
     */
    @Test
    void bucketsWaitForTheOtherPartitionsProgressSoReroutedEventsAreNotLate() {
        driver.close();
        start(Map.of("topics.partitions", "2"));
        String here = seriesOnPartition(0, 2);
        sales.pipeInput(here, sale("a", here, at(0, 9), 1.0));
        sales.pipeInput(here, sale("b", here, at(2, 9), 2.0)); // stream time day 2: day 0 would close without rerouting
        assertThat(actuals.readRecordsToList()).as("partition 1 has not said where it is").isEmpty();

        salesReroute.pipeInput("", new Reroute.Envelope(1, at(0, 20).toEpochMilli(), null), at(0, 20));
        salesReroute.pipeInput(here, new Reroute.Envelope(1, at(0, 21).toEpochMilli(), sale("late", here, at(0, 21),
            4.0)), at(0, 21));
        assertThat(actuals.readRecordsToList()).as("partition 1 is still in day 0").isEmpty();

        salesReroute.pipeInput("", new Reroute.Envelope(1, Long.MAX_VALUE, null), at(0, 21)); // partition 1 drained
        assertThat(drainValues(here)).containsExactly(Map.entry(at(0, 0), 5.0));
        assertThat(deadLetters.readRecordsToList()).isEmpty();
    }

    /**
     * Another partition's marks running ahead of this one's own records (its leader answers while this partition's
     * is being elected again) move the task's stream time, but not the clock buckets close by: this partition's own
     * records, read later, still count, and with records still to read it does not follow the others.
     */
    @Test
    void anotherPartitionRunningAheadDoesNotMakeThisPartitionsOwnEventsLate() {
        driver.close();
        drained = partition -> false; // the cluster says this partition's input has unread records
        start(Map.of("topics.partitions", "2"));
        String here = seriesOnPartition(0, 2);
        sales.pipeInput(here, sale("a", here, at(0, 9), 1.0));
        // partition 1, past its probation and re-routing nothing, has read three days further: a clean mark
        salesReroute.pipeInput("", new Reroute.Envelope(1, at(3, 0).toEpochMilli(), null, false), at(3, 0));
        for (int check = 0; check < 3; check++) {
            driver.advanceWallClockTime(Duration.ofMillis(Reroute.IDLE_CHECK_MS));
        }
        assertThat(actuals.readRecordsToList()).as("this partition is still in day 0").isEmpty();

        sales.pipeInput(here, sale("b", here, at(1, 9), 2.0)); // its next records arrive late in wall-clock terms
        sales.pipeInput(here, sale("c", here, at(2, 9), 4.0));
        assertThat(drainValues(here)).containsExactly(Map.entry(at(0, 0), 1.0), Map.entry(at(1, 0), 2.0));
        assertThat(deadLetters.readRecordsToList()).isEmpty();
    }

    /** A partition whose input has nothing left to read follows the others: its last bucket closes by their time. */
    @Test
    void aPartitionWithNothingLeftToReadFollowsTheOthers() {
        driver.close();
        start(Map.of("topics.partitions", "2"));
        String here = seriesOnPartition(0, 2);
        sales.pipeInput(here, sale("a", here, at(0, 9), 1.0));
        salesReroute.pipeInput("", new Reroute.Envelope(1, at(3, 0).toEpochMilli(), null, false), at(3, 0));
        assertThat(actuals.readRecordsToList()).as("not yet asked whether it has anything to read").isEmpty();

        for (int check = 0; check < 2; check++) { // the first check sees record a; the second a quiet task
            driver.advanceWallClockTime(Duration.ofMillis(Reroute.IDLE_CHECK_MS));
        }
        assertThat(drainValues(here)).containsExactly(Map.entry(at(0, 0), 1.0));
    }

    /** A misplaced event (here: a series whose murmur2 partition is 1, read from partition 0) takes the detour. */
    @Test
    void misplacedEventsAreReroutedToTheirSeriesPartition() {
        driver.close();
        start(Map.of("topics.partitions", "2"));
        String there = seriesOnPartition(1, 2);
        sales.pipeInput(there, sale("a", there, at(0, 9), 1.0));
        sales.pipeInput(there, sale("b", there, at(0, 10), 2.0));
        salesReroute.pipeInput("", new Reroute.Envelope(1, Long.MAX_VALUE, null), at(0, 0));
        sales.pipeInput(there, sale("c", there, at(1, 7), 0.5));
        // TopologyTestDriver runs every partition in one task: the re-routed events come back to it, and count
        assertThat(drainValues(there)).containsExactly(Map.entry(at(0, 0), 3.0));
        assertThat(deadLetters.readRecordsToList()).isEmpty();
    }

    private static String seriesOnPartition(int partition, int partitions) {
        for (int i = 0; ; i++) {
            if (Partitioning.partitionOf("s" + i, partitions) == partition) {
                return "s" + i;
            }
        }
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value());
    }
}
