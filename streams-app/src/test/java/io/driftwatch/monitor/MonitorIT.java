package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.app.StreamsApp;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.stats.ErrorSummary;
import io.driftwatch.topics.Topics;

@Tag("integration")
@ExtendWith(LocalKafkaExtension.class)
class MonitorIT {

    private static Map<String, Object> props(LocalKafkaBroker broker, String prefix, String appPrefix)
            throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(MonitorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        p.put(MonitorConfig.TOPICS_PREFIX, prefix);
        p.put(MonitorConfig.TOPICS_PARTITIONS, 4);
        p.put(MonitorConfig.APPLICATION_ID_PREFIX, appPrefix);
        p.put(MonitorConfig.STATE_DIR, TempDirs.create("monitor-it").toString());
        p.put(MonitorConfig.MAX_CONFIG_AGE, "3650d");
        return p;
    }

    @Test
    @Timeout(180)
    void firstTriggerOfARegimeChangeHasTheExpectedTypeDayAndNumbers(LocalKafkaBroker broker) throws Exception {
        // seed 6: with only 14 pairs per recent window RMSE is noisy, and seeds 1-5 cross +15% by chance before the
        // change
        RegimeScenario sc = new RegimeScenario(1, 110, 70, 6);
        int expectedEnd = sc.firstDegradationEnd();
        assertThat(expectedEnd).as("the scenario degrades after its regime change").isGreaterThan(70);
        Map<String, Object> p = props(broker, KafkaTestKit.uniquePrefix("monitor-first"), "first");
        p.put(MonitorConfig.KS_ALPHA, 0.0); // this scenario checks degradation; drift is covered by the unit tests
        p.put(MonitorConfig.FDR_Q, 0.0);
        p.put(MonitorConfig.COVERAGE_ALPHA, 0.0);
        MonitorConfig config = new MonitorConfig(p);
        Topics topics = Topics.from(config);
        KafkaTestKit kit = new KafkaTestKit(broker);
        sc.produceTo(kit, topics);
        try (StreamsApp app = Apps.createStreamsApp("monitor", config.originals())) {
            app.start();
            List<ConsumerRecord<String, DriftTrigger>> out = kit.consume(
                    topics.driftTriggers.name(),
                    new StringDeserializer(),
                    topics.driftTriggers.valueSerde().deserializer(),
                    1,
                    Duration.ofSeconds(90));
            assertThat(out).isNotEmpty();
            DriftTrigger first = out.get(0).value();
            assertThat(out.get(0).key()).isEqualTo("naive:1d");
            assertThat(first.getType()).isEqualTo(TriggerType.PERFORMANCE_DEGRADATION);
            assertThat(first.getRecentWindowEnd()).isEqualTo(RegimeScenario.day(expectedEnd));
            ErrorSummary recent = sc.errors(expectedEnd - 14, expectedEnd);
            ErrorSummary base = sc.errors(expectedEnd - 74, expectedEnd - 14);
            assertThat(first.getRecentRmse()).isCloseTo(recent.rmse(), Offset.offset(recent.rmse() * 1e-9));
            assertThat(first.getBaselineRmse()).isCloseTo(base.rmse(), Offset.offset(base.rmse() * 1e-9));
            assertThat(first.getNRecent()).isEqualTo(recent.n());
            assertThat(first.getNReference()).isEqualTo(base.n());
            assertThat(first.getSuppressed()).isFalse();
        }
    }

    @Test
    @Timeout(120)
    void withoutReroutingARecordOnTheCrc32PartitionStopsTheMonitorWithAFix(LocalKafkaBroker broker) throws Exception {
        Map<String, Object> props = props(broker, KafkaTestKit.uniquePrefix("monitor-crc"), "crc");
        props.put(MonitorConfig.REROUTE_MISPLACED, false);
        MonitorConfig config = new MonitorConfig(props);
        Topics topics = Topics.from(config);
        KafkaTestKit kit = new KafkaTestKit(broker);
        kit.createTopics(topics.all());
        String key = keyWhosePartitionsDiffer(4);
        Prediction p = RegimeScenarioRecords.prediction(key);
        produceTo(kit, topics.predictions.name(), crc32Partition(key, 4), new StringSerializer(),
            topics.predictions.valueSerde().serializer(), key, p);
        Throwable error;
        try (StreamsApp app = Apps.createStreamsApp("monitor", config.originals())) {
            app.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> app.failure() != null);
            error = app.failure();
        }
        assertThat(rootMessages(error))
                .contains("partitioner=murmur2_random")
                .contains("monitor.reroute-misplaced=true");
    }

    @Test
    @Timeout(120)
    void byDefaultCrc32PartitionedRecordsAreReroutedAndMatch(LocalKafkaBroker broker) throws Exception {
        crc32PartitionedRecordsMatch(broker, "reroute", Map.of());
    }

    @Test
    @Timeout(120)
    void withRepartitionInputsCrc32PartitionedRecordsStillMatch(LocalKafkaBroker broker) throws Exception {
        crc32PartitionedRecordsMatch(broker, "repart", Map.of(MonitorConfig.REPARTITION_INPUTS, true));
    }

    private void crc32PartitionedRecordsMatch(LocalKafkaBroker broker, String name, Map<String, Object> settings)
            throws Exception {
        Map<String, Object> p = props(broker, KafkaTestKit.uniquePrefix("monitor-" + name), name);
        p.putAll(settings);
        p.put(MonitorConfig.MAX_CONFIG_AGE, "14d");
        MonitorConfig config = new MonitorConfig(p);
        Topics topics = Topics.from(config);
        KafkaTestKit kit = new KafkaTestKit(broker);
        kit.createTopics(topics.all());
        String key = keyWhosePartitionsDiffer(4);
        // the prediction as librdkafka would place it (crc32), the actual as Java would (murmur2)
        produceTo(kit, topics.predictions.name(), crc32Partition(key, 4), new StringSerializer(),
            topics.predictions.valueSerde().serializer(), key, RegimeScenarioRecords.prediction(key));
        produceTo(kit, topics.actuals.name(), InputCheck.murmur2Partition(key, 4), new StringSerializer(),
            topics.actuals.valueSerde().serializer(), key, RegimeScenarioRecords.actual(key, 1));
        // later actuals of other series on every partition move stream time past the window
        for (int i = 0; i < 8; i++) {
            String k = "clock" + i;
            produceTo(kit, topics.actuals.name(), InputCheck.murmur2Partition(k, 4), new StringSerializer(),
                topics.actuals.valueSerde().serializer(), k, RegimeScenarioRecords.actual(k, 5));
        }
        try (StreamsApp app = Apps.createStreamsApp("monitor", config.originals())) {
            app.start();
            List<ConsumerRecord<String, DriftTrigger>> out = kit.consume(
                    topics.driftTriggers.name(),
                    new StringDeserializer(),
                    topics.driftTriggers.valueSerde().deserializer(),
                    1,
                    Duration.ofSeconds(60));
            assertThat(out)
                    .as("the matched pair made the model known: its missing config raises TIME_BASED")
                    .isNotEmpty();
            assertThat(out.get(0).value().getType()).isEqualTo(TriggerType.TIME_BASED);
        }
    }

    @Test
    @Timeout(120)
    void undecodableAndBadRecordsOfEitherInputAreDeadLetteredNamingTheirTopic(LocalKafkaBroker broker)
            throws Exception {
        MonitorConfig config = new MonitorConfig(props(broker, KafkaTestKit.uniquePrefix("monitor-dead"), "dead"));
        Topics topics = Topics.from(config);
        KafkaTestKit kit = new KafkaTestKit(broker);
        kit.createTopics(topics.all());
        String key = "series-dead";
        int partition = InputCheck.murmur2Partition(key, 4);
        ByteArraySerializer bytes = new ByteArraySerializer();
        produceTo(kit, topics.predictions.name(), partition, new StringSerializer(), bytes, key,
            "not a prediction".getBytes(StandardCharsets.UTF_8));
        produceTo(kit, topics.actuals.name(), partition, new StringSerializer(), bytes, key,
            "not an actual".getBytes(StandardCharsets.UTF_8));
        Prediction bad = Prediction.newBuilder(RegimeScenarioRecords.prediction(key)).setYhat(Double.NaN).build();
        produceTo(
                kit,
                topics.predictions.name(),
                partition,
                new StringSerializer(),
                topics.predictions.valueSerde().serializer(),
                key,
                bad);
        try (StreamsApp app = Apps.createStreamsApp("monitor", config.originals())) {
            app.start();
            List<ConsumerRecord<byte[], byte[]>> dead = kit.consume(
                    topics.deadLetters.name(),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(),
                    3,
                    Duration.ofSeconds(60));
            assertThat(dead).extracting(r -> header(r, "__streams.errors.topic")).containsExactlyInAnyOrder(
                topics.predictions.name(), topics.actuals.name(), topics.predictions.name());
            assertThat(dead).extracting(r -> header(r, "__streams.errors.message")).anySatisfy(m -> assertThat(m)
                .startsWith("non-finite-yhat")).anySatisfy(m -> assertThat(m).contains("Cannot deserialize Actual"))
                .anySatisfy(m -> assertThat(m).contains("Cannot deserialize Prediction"));
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Sends one record to an explicit partition, as a producer with another partitioner would, and checks the send. */
    static <V> void produceTo(KafkaTestKit kit, String topic, int partition, StringSerializer keySer,
                              Serializer<V> valueSer, String key, V value) throws Exception {
        Map<String, Object> props = Map.of("bootstrap.servers", kit.bootstrapServers(), "acks", "all");
        try (KafkaProducer<String, V> producer =
                 new KafkaProducer<>(props, keySer, valueSer)) {
            producer.send(new ProducerRecord<>(topic, partition, key, value))
                .get(30, TimeUnit.SECONDS);
        }
    }

    static int crc32Partition(String key, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    static String keyWhosePartitionsDiffer(int partitions) {
        for (int i = 0; ; i++) {
            String k = "series-" + i;
            if (crc32Partition(k, partitions) != InputCheck.murmur2Partition(k, partitions)) {
                return k;
            }
        }
    }

    private static String rootMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    static Path tempDir() throws Exception {
        return TempDirs.create("monitor-it");
    }
}
