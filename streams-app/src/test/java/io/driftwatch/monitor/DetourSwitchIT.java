package io.driftwatch.monitor;

import static io.driftwatch.monitor.MonitorDriver.actual;
import static io.driftwatch.monitor.MonitorDriver.day;
import static io.driftwatch.monitor.MonitorDriver.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;
import io.driftwatch.app.StreamsApp;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.kafka.Partitioning;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.topics.Topics;

/**
 * The re-routing detour built while the monitor runs: two instances in one group start without it on well-placed
 * input; the first misplaced record (a producer that puts every record on the partition after its series') makes them
 * create the reroute topic and start again with the detour, and the misplaced records that follow take it. The input
 * arrives in two phases with a pause between them, each at once (a backlog read at full speed), the second misplaced:
 * the triggers equal those of one instance over the same records placed by murmur2 (which never builds the detour),
 * nothing is dead-lettered, no instance failed, every misplaced record was re-routed. With Kafka's default
 * {@code max.task.idle.ms=0} and with the 2000 advised for backfills: Kafka Streams processes the backlog of one input
 * before the other's is fetched in either case (after a pause its wait for an empty partition has long run out), and
 * matching's {@code InputGuard} keeps that from making pairs late or closing their buckets early.
 */
@ExtendWith(LocalKafkaExtension.class)
class DetourSwitchIT {

    /** Two series on each of partitions 0-2 (murmur2, 4 partitions) and one on partition 3: no partition is empty. */
    private static final List<String> SERIES = List.of("acme:sales", "umbrella:sales", "globex:sales", "hooli:sales",
        "initech:sales", "wonka:sales", "gekko:sales");
    private static final int SWITCH_DAY = 31;
    private static final int CHANGE_DAY = 75;
    private static final int DAYS = 100;

    @ParameterizedTest(name = "max.task.idle.ms={0}")
    @ValueSource(strings = {"0", "2000"})
    @Timeout(400)
    void twoInstancesBuildTheDetourAtTheFirstMisplacedRecordAndGiveTheTriggersOfMurmur2Input(String maxTaskIdleMs,
            LocalKafkaBroker broker) throws Exception {
        Map<String, Object> settings = settings(broker, "detour-switch", maxTaskIdleMs);
        // the reroute topic's records are counted at the end: Kafka Streams must not purge them before
        settings.put(StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG, 600_000);
        MonitorConfig config = new MonitorConfig(settings);
        Topics topics = Topics.from(config);
        Map<String, Object> second = new HashMap<>(settings);
        second.put(CommonConfig.STATE_DIR, TempDirs.create("detour-switch-2-").toString());
        Map<String, Object> reference = settings(broker, "detour-murmur2", maxTaskIdleMs);
        MonitorConfig referenceConfig = new MonitorConfig(reference);
        Topics referenceTopics = Topics.from(referenceConfig);
        KafkaTestKit kit = new KafkaTestKit(broker);
        kit.createTopics(topics.all());
        kit.createTopics(referenceTopics.all());
        String rerouteTopic = MonitorStartup.rerouteTopic(config);
        try (StreamsApp a = Apps.createStreamsApp("monitor", settings).start();
             StreamsApp a2 = Apps.createStreamsApp("monitor", second).start();
             StreamsApp b = Apps.createStreamsApp("monitor", reference).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            produce(broker, topics, config, 1, SWITCH_DAY, false);
            produce(broker, referenceTopics, referenceConfig, 1, SWITCH_DAY, false);
            settle(admin, topics, config, false);
            settle(admin, referenceTopics, referenceConfig, false);
            assertThat(topics(admin)).as("no detour while every record is well placed").doesNotContain(rerouteTopic);

            produce(broker, topics, config, SWITCH_DAY, DAYS, true);
            produce(broker, referenceTopics, referenceConfig, SWITCH_DAY, DAYS, false);
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                topics(admin).contains(rerouteTopic) && !a.rebuilding() && !a2.rebuilding()
                    && a.readinessProblems().isEmpty() && a2.readinessProblems().isEmpty());
            settle(admin, topics, config, true);
            settle(admin, referenceTopics, referenceConfig, false);
            assertThat(triggers(broker, topics)).isNotEmpty().isEqualTo(triggers(broker, referenceTopics));
            for (StreamsApp instance : List.of(a, a2, b)) {
                assertThat(instance.failure()).isNull();
            }
            assertThat(topics(admin)).doesNotContain(MonitorStartup.rerouteTopic(referenceConfig));
            // every misplaced prediction and actual crossed the reroute topic, besides the progress marks
            long misplaced = 2L * SERIES.size() * (DAYS - SWITCH_DAY);
            assertThat(recordsIn(broker, rerouteTopic)).isGreaterThanOrEqualTo(misplaced);
            assertThat(EosEnd.readAll(broker.bootstrapServers(), topics.deadLetters.name(),
                new StringDeserializer(), new ByteArrayDeserializer())).isEmpty();
        }
    }

    private static Map<String, Object> settings(LocalKafkaBroker broker, String name, String maxTaskIdleMs) {
        return new HashMap<>(Map.of(
            CommonConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
            CommonConfig.TOPICS_PREFIX, KafkaTestKit.uniquePrefix(name),
            CommonConfig.APPLICATION_ID_PREFIX, KafkaTestKit.uniquePrefix(name),
            CommonConfig.STATE_DIR, TempDirs.create(name + "-1-").toString(),
            StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, maxTaskIdleMs));
    }

    /** Every trigger, as text (deterministic ids and times), sorted. */
    private static List<String> triggers(LocalKafkaBroker broker, Topics topics) {
        return EosEnd.readAll(broker.bootstrapServers(), topics.driftTriggers.name(), new StringDeserializer(),
                topics.driftTriggers.valueSerde().deserializer()).stream()
            .map(ConsumerRecord::value).map(t -> EosEnd.roundedDecimals(t.toString())).sorted().toList();
    }

    private static long recordsIn(LocalKafkaBroker broker, String topic) {
        return EosEnd.readAll(broker.bootstrapServers(), topic, new StringDeserializer(), new ByteArrayDeserializer())
            .stream()
            .filter(r -> r.value()[1] == 0) // Reroute's wire format: version, then kind 0 for a record
            .count();
    }

    /** Days [from, to) of every series: misplaced on the partition after the series' murmur2 one. */
    private static void produce(LocalKafkaBroker broker, Topics topics, MonitorConfig config, int from, int to,
                                boolean misplaced) {
        int partitions = config.inputPartitions();
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "enable.idempotence", true), new StringSerializer(),
                (topic, v) -> v instanceof Prediction p
                    ? topics.predictions.valueSerde().serializer().serialize(topic, p)
                    : topics.actuals.valueSerde().serializer().serialize(topic, (Actual) v))) {
            for (int d = from; d < to; d++) {
                for (int s = 0; s < SERIES.size(); s++) {
                    String series = SERIES.get(s);
                    int partition = (Partitioning.partitionOf(series, partitions) + (misplaced ? 1 : 0)) % partitions;
                    double value = 100 + s + 10 * Math.sin(d * 0.3 + s);
                    double err = (d >= CHANGE_DAY ? 3.0 : 1.0) * Math.sin(d * 7.0 + s);
                    double yhat = value - err;
                    producer.send(new ProducerRecord<>(topics.predictions.name(), partition, series,
                        prediction(series + "-" + d, "m", series, day(d - 1), day(d), yhat, yhat - 2, yhat + 2)));
                    producer.send(new ProducerRecord<>(topics.actuals.name(), partition, series,
                        actual(series, day(d), value)));
                }
            }
            producer.flush();
        }
    }

    private static void settle(Admin admin, Topics topics, MonitorConfig config, boolean rerouted) {
        String group = config.applicationId(MonitorTopology.APP);
        EosEnd eos = new EosEnd(admin);
        Awaitility.await().atMost(Duration.ofSeconds(200)).pollInterval(Duration.ofMillis(500)).until(() ->
            eos.settled(group, List.of(topics.predictions.name(), topics.actuals.name()),
                EosEnd.monitorInternal(group, rerouted)));
    }

    private static Set<String> topics(Admin admin) throws Exception {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
}
