package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.app.RunningApp;
import io.driftwatch.avro.Actual;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.ingest.IngestTopology;
import io.driftwatch.kafka.Partitioning;
import io.driftwatch.kafka.Reroute;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.monitor.EosEnd;
import io.driftwatch.monitor.MonitorConfig;
import io.driftwatch.monitor.MonitorStartup;
import io.driftwatch.monitor.MonitorTopology;
import io.driftwatch.topics.Topics;

/**
 * A new user's producer: kcat with its defaults (librdkafka's consistent_random partitioner, crc32 of the key) writes
 * the same JSON lines as kcat with {@code partitioner=murmur2_random} (Kafka's Java default) into a second set of
 * topics. Ingest and the monitor run on their defaults over both; the daily totals, and the monitor's triggers (their
 * decimals to 10 significant digits), must be equal, with nothing dead-lettered: the misplaced records were re-routed,
 * not lost, not late.
 */
@ExtendWith(LocalKafkaExtension.class)
class KcatDefaultsIT {

    private static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final int PARTITIONS = 4;
    private static final List<String> SERIES = List.of("acme:sales", "globex:sales", "initech:sales", "umbrella:sales",
        "hooli:sales", "stark:sales", "wayne:sales", "wonka:sales");

    @Test
    @Timeout(300)
    void salesDaysWithKcatDefaultsEqualThoseOfMurmur2Input(LocalKafkaBroker broker) throws Exception {
        Path kcat = kcat();
        assertThat(SERIES.stream().filter(s -> crc32Partition(s) != Partitioning.partitionOf(s, PARTITIONS)).count())
            .as("most series are misplaced by crc32").isGreaterThanOrEqualTo(4);
        int days = 150;
        StringBuilder sales = new StringBuilder();
        for (int d = 0; d < days; d++) {
            for (int i = 0; i < SERIES.size(); i++) {
                for (int k = 0; k < 3; k++) {
                    String series = SERIES.get(i);
                    sales.append(series).append('|').append(String.format(Locale.ROOT,
                        "{\"sale_id\":\"%s-%d-%d\",\"tenant_id\":\"%s\",\"series_id\":\"%s\","
                            + "\"event_time\":\"%s\",\"amount\":%d}%n",
                        series, d, k, series.split(":")[0], series, day(d).plusSeconds(3600 * (8 + 4 * k)),
                        (d * 7 + i * 3 + k) % 50 + 1));
                }
            }
        }
        KafkaTestKit kit = new KafkaTestKit(broker);
        Run crc = new Run(kit, broker, "kcat-default");
        Run murmur = new Run(kit, broker, "kcat-murmur2");
        produce(kcat, broker, crc.topics.salesEvents.name(), sales.toString(), false);
        produce(kcat, broker, murmur.topics.salesEvents.name(), sales.toString(), true);
        int expected = SERIES.size() * (days - 1); // the last day stays open: nothing later passes its grace
        try (RunningApp a = Apps.get("ingest").create(crc.settings).start();
             RunningApp b = Apps.get("ingest").create(murmur.settings).start()) {
            Map<String, Double> fromCrc = totals(kit, crc, expected);
            Map<String, Double> fromMurmur = totals(kit, murmur, expected);
            assertThat(fromCrc).hasSize(expected).isEqualTo(fromMurmur);
            assertThat(fromCrc.get("acme:sales@" + day(0))).isEqualTo(sum(0, 0));
            assertThat(deadLetters(broker, crc)).isEmpty();
            String reroute = Reroute.topic(crc.settings.get(CommonConfig.APPLICATION_ID_PREFIX) + "-"
                + IngestTopology.APP, IngestTopology.SALES_REROUTE);
            assertThat(endOffsets(broker, reroute)).as("records took the detour (Kafka Streams purges what it read)")
                .isGreaterThan(SERIES.size() * days);
        } finally {
            crc.close();
            murmur.close();
        }
    }

    @Test
    @Timeout(300)
    void monitorTriggersWithKcatDefaultsEqualThoseOfMurmur2Input(LocalKafkaBroker broker) throws Exception {
        Path kcat = kcat();
        int days = 110;
        StringBuilder predictions = new StringBuilder();
        StringBuilder actuals = new StringBuilder();
        for (int d = 1; d < days; d++) {
            for (int s = 0; s < SERIES.size(); s++) {
                String series = SERIES.get(s);
                double value = 100 + s + 10 * Math.sin(d * 0.3 + s);
                double err = (d >= 85 ? 3.0 : 1.0) * Math.sin(d * 7.0 + s);
                double yhat = value - err;
                predictions.append(series).append('|').append(String.format(Locale.ROOT,
                    "{\"prediction_id\":\"%s-%d\",\"model_id\":\"m\",\"config_version\":1,\"series_id\":\"%s\","
                        + "\"horizon\":\"1d\",\"issued_at\":\"%s\",\"target_time\":\"%s\",\"yhat\":%.6f,"
                        + "\"yhat_lower\":%.6f,\"yhat_upper\":%.6f}%n",
                    series, d, series, day(d - 1), day(d), yhat, yhat - 2, yhat + 2));
                actuals.append(series).append('|').append(String.format(Locale.ROOT,
                    "{\"series_id\":\"%s\",\"event_time\":\"%s\",\"value\":%.6f}%n", series, day(d), value));
            }
        }
        KafkaTestKit kit = new KafkaTestKit(broker);
        Run crc = new Run(kit, broker, "kcat-default-m");
        Run murmur = new Run(kit, broker, "kcat-murmur2-m");
        for (Run run : List.of(crc, murmur)) {
            produce(kcat, broker, run.topics.predictions.name(), predictions.toString(), run == murmur);
            produce(kcat, broker, run.topics.actuals.name(), actuals.toString(), run == murmur);
        }
        // kcat's side runs as two instances in one group: the first misplaced record, met by one of them, restarts both
        Map<String, Object> second = new HashMap<>(crc.settings);
        second.put(CommonConfig.STATE_DIR, TempDirs.create("kcat-default-m2-").toString());
        try (RunningApp a = Apps.get("monitor").create(crc.settings).start();
             RunningApp a2 = Apps.get("monitor").create(second).start();
             RunningApp b = Apps.get("monitor").create(murmur.settings).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            List<String> fromCrc = triggers(admin, broker, crc, true);
            List<String> fromMurmur = triggers(admin, broker, murmur, false);
            assertThat(fromCrc).isNotEmpty().isEqualTo(fromMurmur);
            assertThat(deadLetters(broker, crc)).isEmpty();
            // both started without the detour; the first misplaced record built it (the monitor restarted with it)
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).contains(MonitorStartup.rerouteTopic(new MonitorConfig(crc.settings)))
                .doesNotContain(MonitorStartup.rerouteTopic(new MonitorConfig(murmur.settings)));
            for (RunningApp instance : List.of(a, a2)) {
                assertThat(instance.failure()).isNull();
                assertThat(instance.readinessProblems()).as("running again, with the detour").isEmpty();
            }
        } finally {
            crc.close();
            murmur.close();
        }
    }

    /** Every trigger, as text (deterministic ids and times), once the monitor has processed all of its input. */
    private static List<String> triggers(Admin admin, LocalKafkaBroker broker, Run run, boolean rerouted) {
        String group = run.settings.get(CommonConfig.APPLICATION_ID_PREFIX) + "-" + MonitorTopology.APP;
        List<String> internal = EosEnd.monitorInternal(group, rerouted);
        EosEnd eos = new EosEnd(admin);
        Awaitility.await().atMost(Duration.ofSeconds(200)).pollInterval(Duration.ofMillis(500)).until(() ->
            eos.settled(group, List.of(run.topics.predictions.name(), run.topics.actuals.name()), internal));
        return EosEnd.readAll(broker.bootstrapServers(), run.topics.driftTriggers.name(), new StringDeserializer(),
                run.topics.driftTriggers.valueSerde().deserializer()).stream()
            .map(ConsumerRecord::value).map(t -> EosEnd.roundedDecimals(t.toString())).sorted().toList();
    }


    private static Map<String, Double> totals(KafkaTestKit kit, Run run, int expected) {
        List<ConsumerRecord<String, Actual>> records = kit.consume(run.topics.actuals.name(), new StringDeserializer(),
            run.topics.actuals.valueSerde().deserializer(), expected, Duration.ofSeconds(200));
        Map<String, Double> out = new TreeMap<>();
        records.forEach(r -> out.put(r.key() + "@" + r.value().getEventTime(), r.value().getValue()));
        return out;
    }

    private static long endOffsets(LocalKafkaBroker broker, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(LocalKafkaBroker broker, Run run) {
        return EosEnd.readAll(broker.bootstrapServers(), run.topics.deadLetters.name(), new StringDeserializer(),
            new ByteArrayDeserializer());
    }

    private static double sum(int d, int i) {
        double total = 0;
        for (int k = 0; k < 3; k++) {
            total += (d * 7 + i * 3 + k) % 50 + 1;
        }
        return total;
    }

    /** One set of topics and settings (defaults but for where to find the broker and keep the state). */
    private static final class Run {
        final Map<String, Object> settings = new HashMap<>();
        final Topics topics;
        final Path state;
        final KafkaTestKit kit;

        Run(KafkaTestKit kit, LocalKafkaBroker broker, String name) throws Exception {
            this.kit = kit;
            this.state = TempDirs.create(name + "-");
            settings.put(CommonConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            settings.put(CommonConfig.TOPICS_PREFIX, KafkaTestKit.uniquePrefix(name));
            settings.put(CommonConfig.STATE_DIR, state.toString());
            settings.put(CommonConfig.APPLICATION_ID_PREFIX, name + "-" + System.nanoTime());
            topics = Topics.from(new CommonConfig(settings));
            kit.createTopics(topics.all());
        }

        void close() throws Exception {
            kit.deleteRecursively(state);
        }
    }

    private static void produce(Path kcat, LocalKafkaBroker broker, String topic, String lines, boolean murmur2)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(kcat.toString(), "-P", "-b", broker.bootstrapServers(), "-t",
            topic, "-K", "|"));
        if (murmur2) {
            command.addAll(List.of("-X", "partitioner=murmur2_random"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(lines.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    private static Path kcat() {
        Path kcat = Path.of("/usr/bin/kcat");
        if (!Files.isExecutable(kcat)) {
            assertThat(System.getenv("DRIFTWATCH_REQUIRE_KCAT")).as("kcat is not installed (apt-get install kcat)")
                .isNull();
            Assumptions.assumeTrue(false, "kcat not installed");
        }
        return kcat;
    }

    /** librdkafka's default (consistent_random) partition of a key: crc32 of its bytes modulo the partitions. */
    private static int crc32Partition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    private static Instant day(int d) {
        return DAY0.plus(Duration.ofDays(d));
    }
}
