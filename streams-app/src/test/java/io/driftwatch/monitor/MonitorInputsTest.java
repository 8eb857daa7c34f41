package io.driftwatch.monitor;

import static io.driftwatch.monitor.MonitorDriver.actual;
import static io.driftwatch.monitor.MonitorDriver.day;
import static io.driftwatch.monitor.MonitorDriver.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;
import io.driftwatch.config.MonitorConfig;
import io.driftwatch.ops.MetricNames;
import io.driftwatch.ops.Telemetry;
import io.driftwatch.topics.Topics;

/** The input side of the monitor: one source node into matching, checks in MatchProcessor, dead letters, repartition-inputs. */
class MonitorInputsTest {

    private static final Map<String, Object> BASE = Map.of(MonitorConfig.INPUT_PARTITIONS, 1);
    private static final Topics TOPICS = Topics.from(new MonitorConfig(BASE));

    private static TopologyDescription describe(boolean repartitionInputs) {
        Map<String, Object> props = new HashMap<>(BASE);
        props.put(MonitorConfig.REPARTITION_INPUTS, repartitionInputs);
        return MonitorTopology.build(new MonitorConfig(props), IdleProbe.ASSUME_IDLE).describe();
    }

    @Test
    void aPredictionCrossesTwoNodesBeforeMatching() {
        TopologyDescription d = describe(false);
        // source + match; it was 5 with a source, a check and a cast per input and a merge
        assertThat(nodesUpTo(d, TOPICS.predictions.name(), "monitor-match")).isEqualTo(2);
        assertThat(nodesUpTo(d, TOPICS.actuals.name(), "monitor-match")).isEqualTo(2);
        TopologyDescription.Node match = node(d, "monitor-match");
        assertThat(match.predecessors()).hasSize(1);
        assertThat(((TopologyDescription.Source) match.predecessors().iterator().next()).topicSet())
            .containsExactlyInAnyOrder(TOPICS.predictions.name(), TOPICS.actuals.name());
    }

    @Test
    void withRepartitionInputsTheMatchingTaskReadsOneRepartitionTopicStraightIntoMatching() {
        TopologyDescription d = describe(true);
        String repartition = MonitorTopology.INPUTS_BY_SERIES + "-repartition";
        assertThat(nodesUpTo(d, repartition, "monitor-match")).isEqualTo(2);
        // before the repartition: source, check + key, Streams' null-key filter, sink
        assertThat(nodesUpTo(d, TOPICS.predictions.name(), MonitorTopology.INPUTS_BY_SERIES + "-repartition-sink")).isEqualTo(4);
        assertThat(nodesUpTo(d, TOPICS.actuals.name(), MonitorTopology.INPUTS_BY_SERIES + "-repartition-sink")).isEqualTo(4);
    }

    @Test
    void aBadRecordOnEachInputIsDeadLetteredNamingItsTopicWhileTheRecordsAroundItMatch() {
        try (MonitorDriver m = new MonitorDriver(Map.of())) {
            pipeGoodAndBad(m, m.predictions, m.actuals);
            List<TestRecord<byte[], byte[]>> dead = m.deadLetters.readRecordsToList();
            assertThat(dead).extracting(r -> header(r, "__streams.errors.topic"))
                .containsExactly(TOPICS.predictions.name(), TOPICS.actuals.name());
            assertThat(dead).extracting(r -> header(r, "__streams.errors.message"))
                .satisfiesExactly(msg -> assertThat(msg).startsWith("non-finite-yhat"), msg -> assertThat(msg).startsWith("non-finite-value"));
            // the original bytes, readable with the source topic's serde
            assertThat(TOPICS.predictions.valueSerde().deserializer().deserialize(TOPICS.predictions.name(), dead.get(0).value())
                .getPredictionId()).isEqualTo("bad");
            assertThat(TOPICS.actuals.valueSerde().deserializer().deserialize(TOPICS.actuals.name(), dead.get(1).value())
                .getSeriesId()).isEqualTo("s2");
            assertThat(m.pairCount("m:1d")).isEqualTo(2);
        }
    }

    /**
     * TopologyTestDriver does not write the dead letters of deserialization errors (with one source per input
     * it did not either); {@code MonitorIT} checks those on a broker. Here: both reach the configured
     * deserialization handler and the records around them still match.
     */
    @Test
    void undecodableRecordsOnEachInputGoToTheDeserializationHandler() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry(); // the global composite counts only with a registry attached
        Metrics.addRegistry(registry);
        try (MonitorDriver m = new MonitorDriver(Map.of())) {
            TestInputTopic<String, byte[]> rawPredictions = m.driver.createInputTopic(TOPICS.predictions.name(),
                new StringSerializer(), new ByteArraySerializer());
            TestInputTopic<String, byte[]> rawActuals = m.driver.createInputTopic(TOPICS.actuals.name(),
                new StringSerializer(), new ByteArraySerializer());
            double before = deserializationDeadLetters();
            m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
            rawPredictions.pipeInput("s1", "not a prediction".getBytes(StandardCharsets.UTF_8));
            rawActuals.pipeInput("s1", "not an actual".getBytes(StandardCharsets.UTF_8));
            m.pipe(actual("s1", day(10), 100));
            assertThat(deserializationDeadLetters() - before).isEqualTo(2.0);
            assertThat(m.pairCount("m:1d")).isEqualTo(1);
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    private static double deserializationDeadLetters() {
        Counter c = Telemetry.registry().find(MetricNames.DEAD_LETTERS).tag(MetricNames.TAG_APP, MonitorTopology.APP)
            .tag(MetricNames.TAG_REASON, "deserialization").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aRecordNotKeyedByItsSeriesIsDeadLettered() {
        try (MonitorDriver m = new MonitorDriver(Map.of())) {
            m.predictions.pipeInput("other", prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
            m.pipe(actual("s1", day(10), 100));
            assertThat(m.deadLetters.readRecordsToList()).extracting(r -> header(r, "__streams.errors.message"))
                .singleElement().asString().startsWith("key-not-series-id");
            assertThat(m.pairCount("m:1d")).isZero();
        }
    }

    @Test
    void aRecordOffItsMurmur2PartitionStopsTheMonitor() {
        // the driver reads partition 0; with 4 partitions a key murmur2 puts elsewhere is on the wrong one
        String elsewhere = "s0";
        for (int i = 1; InputCheck.murmur2Partition(elsewhere, 4) == 0; i++) {
            elsewhere = "s" + i;
        }
        String series = elsewhere;
        try (MonitorDriver m = new MonitorDriver(Map.of(MonitorConfig.INPUT_PARTITIONS, 4))) {
            assertThatThrownBy(() -> m.pipe(actual(series, day(10), 100)))
                .satisfies(e -> assertThat(causes(e)).anySatisfy(c -> assertThat(c)
                    .isInstanceOf(PartitionMismatchException.class)
                    .hasMessageContaining("partitioner=murmur2_random")
                    .hasMessageContaining("monitor.repartition-inputs=true")));
        }
    }

    @Test
    void withRepartitionInputsRecordsMatchWhateverTheirKeyAndBadOnesAreDeadLetteredFromTheirSourceTopic() {
        try (MonitorDriver m = new MonitorDriver(Map.of(MonitorConfig.REPARTITION_INPUTS, true))) {
            m.predictions.pipeInput("not-the-series", prediction("p0", "m", "s0", day(9), day(10), 98, 95, 101));
            m.actuals.pipeInput("s0", null, day(9)); // a tombstone: no series to key it by
            m.actuals.pipeInput("another-key", actual("s0", day(10), 100));
            pipeGoodAndBad(m, m.predictions, m.actuals);
            List<TestRecord<byte[], byte[]>> dead = m.deadLetters.readRecordsToList();
            assertThat(dead).extracting(r -> header(r, "__streams.errors.topic"))
                .containsExactly(TOPICS.actuals.name(), TOPICS.predictions.name(), TOPICS.actuals.name());
            assertThat(dead).extracting(r -> header(r, "__streams.errors.message"))
                .satisfiesExactly(msg -> assertThat(msg).startsWith("null-value"), msg -> assertThat(msg).startsWith("non-finite-yhat"),
                    msg -> assertThat(msg).startsWith("non-finite-value"));
            assertThat(m.pairCount("m:1d")).isEqualTo(3);
        }
    }

    /** Good prediction, bad prediction, good actual (matches), bad actual, then a second good pair: two pairs, two dead letters. */
    private static void pipeGoodAndBad(MonitorDriver m, TestInputTopic<String, Prediction> predictions,
                                       TestInputTopic<String, Actual> actuals) {
        predictions.pipeInput("s1", prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        predictions.pipeInput("s1", prediction("bad", "m", "s1", day(9), day(10), Double.NaN, 95, 101));
        actuals.pipeInput("s1", actual("s1", day(10), 100));
        actuals.pipeInput("s2", actual("s2", day(11), Double.NaN));
        predictions.pipeInput("s2", prediction("p2", "m", "s2", day(10), day(11), 5, 4, 6));
        actuals.pipeInput("s2", actual("s2", day(11), 5));
    }

    @Test
    void theSourceDeserializerPicksTheTypeByTopicAndRejectsOtherTopics() {
        Serde<Object> serde = MonitorInputs.byTopic(TOPICS);
        Prediction p = prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101);
        Actual a = actual("s1", day(10), 100);
        byte[] pBytes = TOPICS.predictions.valueSerde().serializer().serialize(TOPICS.predictions.name(), p);
        byte[] aBytes = TOPICS.actuals.valueSerde().serializer().serialize(TOPICS.actuals.name(), a);
        assertThat(serde.deserializer().deserialize(TOPICS.predictions.name(), null, pBytes)).isEqualTo(p);
        assertThat(serde.deserializer().deserialize(TOPICS.actuals.name(), null, aBytes)).isEqualTo(a);
        assertThat(serde.deserializer().deserialize(TOPICS.actuals.name(), null, (byte[]) null)).isNull();
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPICS.actuals.name(), null, pBytes))
            .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("elsewhere", null, pBytes))
            .isInstanceOf(SerializationException.class).hasMessageContaining("elsewhere");
        assertThat(serde.serializer().serialize(TOPICS.predictions.name(), p)).isEqualTo(pBytes);
    }

    @Test
    void theRepartitionSerdeCarriesBothTypes() {
        Serde<Object> serde = MonitorInputs.tagged(TOPICS);
        Prediction p = prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101);
        Actual a = actual("s1", day(10), 100);
        for (Object v : new Object[] {p, a}) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", v))).isEqualTo(v);
        }
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {'X', 1, 2}))
            .isInstanceOf(SerializationException.class).hasMessageContaining("tag");
        assertThatThrownBy(() -> serde.serializer().serialize("t", "text")).isInstanceOf(SerializationException.class);
    }

    @Test
    void eventTimeIsIssuedAtForPredictionsAndEventTimeForActualsWithTheSameFallback() {
        TimestampExtractor extractor = MonitorInputs.eventTime();
        long partitionTime = day(5).toEpochMilli();
        Prediction p = prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101);
        assertThat(extractor.extract(record(TOPICS.predictions.name(), p), partitionTime)).isEqualTo(day(9).toEpochMilli());
        assertThat(extractor.extract(record(TOPICS.actuals.name(), actual("s1", day(7), 1)), partitionTime))
            .isEqualTo(day(7).toEpochMilli());
        Instant farFuture = Instant.now().plusSeconds(3 * 86_400);
        assertThat(extractor.extract(record(TOPICS.actuals.name(), actual("s1", farFuture, 1)), partitionTime))
            .as("more than a day ahead of partition time and wall clock").isEqualTo(partitionTime);
        assertThat(extractor.extract(record(TOPICS.predictions.name(), prediction("p", "m", "s1", farFuture,
            farFuture.plusSeconds(1), 1, 0, 2)), partitionTime)).isEqualTo(partitionTime);
        assertThat(extractor.extract(record(TOPICS.actuals.name(), actual("s1", Instant.ofEpochMilli(-5), 1)), partitionTime))
            .as("before 1970").isEqualTo(partitionTime);
        assertThat(extractor.extract(record(TOPICS.actuals.name(), null), -1)).as("no partition time yet: the record's own")
            .isEqualTo(42L);
    }

    private static ConsumerRecord<Object, Object> record(String topic, Object value) {
        return new ConsumerRecord<>(topic, 0, 0L, 42L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0,
            "k", value, new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    private static TopologyDescription.Node node(TopologyDescription d, String name) {
        return d.subtopologies().stream().flatMap(s -> s.nodes().stream()).filter(n -> n.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no node " + name + " in\n" + d));
    }

    /** Nodes a record read from {@code topic} crosses up to and including {@code target} (source included), by the shortest path. */
    private static int nodesUpTo(TopologyDescription d, String topic, String target) {
        int n = pathLength(node(d, target), topic);
        if (n == Integer.MAX_VALUE) {
            throw new AssertionError("no path from " + topic + " to " + target + " in\n" + d);
        }
        return n;
    }

    private static int pathLength(TopologyDescription.Node n, String topic) {
        if (n instanceof TopologyDescription.Source s && s.topicSet() != null && s.topicSet().contains(topic)) {
            return 1;
        }
        int best = Integer.MAX_VALUE;
        for (TopologyDescription.Node p : n.predecessors()) {
            int l = pathLength(p, topic);
            if (l != Integer.MAX_VALUE) {
                best = Math.min(best, l + 1);
            }
        }
        return best;
    }
}
