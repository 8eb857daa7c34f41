package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.app.StreamsApp;
import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.cli.Main;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.topics.Topics;

/**
 * Exactly-once: a monitor killed with SIGKILL mid-run (a child JVM, destroyForcibly) and restarted
 * produces exactly the triggers and anomalies of an uninterrupted run over the same input.
 */
@Tag("integration")
@ExtendWith(LocalKafkaExtension.class)
class MonitorEosIT {

    @Test
    @Timeout(420)
    void killedAndRestartedRunEqualsUninterruptedRun(LocalKafkaBroker broker) throws Exception {
        // each run has its own topics (same input data), so their outputs can be compared
        RegimeScenario scenario = new RegimeScenario(60, 200, 120, 3);
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> base = runProps(broker, KafkaTestKit.uniquePrefix("monitor-eos-a"));
        Map<String, Object> baseB = runProps(broker, KafkaTestKit.uniquePrefix("monitor-eos-b"));
        Topics topics = Topics.from(new MonitorConfig(base));
        Topics topicsB = Topics.from(new MonitorConfig(baseB));
        scenario.produceTo(kit, topics);
        scenario.produceTo(kit, topicsB);
        List<String> inputs = List.of(topics.predictions.name(), topics.actuals.name());
        List<String> inputsB = List.of(topicsB.predictions.name(), topicsB.actuals.name());
        String prefix = (String) baseB.get(MonitorConfig.TOPICS_PREFIX);

        List<String> uninterrupted;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            EosEnd eos = new EosEnd(admin);
            Map<String, Object> a = new HashMap<>(base);
            a.put(MonitorConfig.APPLICATION_ID_PREFIX, "eos-a");
            a.put(MonitorConfig.STATE_DIR, TempDirs.create("eos-a").toString());
            try (StreamsApp app = Apps.createStreamsApp("monitor", a)) {
                app.start();
                awaitEnd(eos, "eos-a-monitor", inputs);
            }
            uninterrupted = outputs(broker, topics, "eos-a");

            Path stateB = TempDirs.create("eos-b");
            List<String> args = childArgs(broker, prefix, stateB);
            Process first = start(args, "first");
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> eos.progress("eos-b-monitor", inputsB) > 0.05);
            } finally {
                first.destroyForcibly().waitFor();
            }
            double atKill = eos.progress("eos-b-monitor", inputsB);
            assertThat(atKill).as("killed mid-run").isLessThan(0.9);
            Process second = start(args, "second");
            try {
                awaitEnd(eos, "eos-b-monitor", inputsB);
            } finally {
                second.destroy();
                second.waitFor();
            }
        }
        List<String> restarted = outputs(broker, topicsB, "eos-b");
        Files.write(Path.of("target", "monitor-eos-uninterrupted.txt"), uninterrupted);
        Files.write(Path.of("target", "monitor-eos-restarted.txt"), restarted);
        assertThat(uninterrupted).as("the scenario raises triggers").anyMatch(s -> s.startsWith("trigger"));
        // equal to 10 significant digits: with re-routing (the default) a boundary closes when the other partitions'
        // progress marks arrive, which groups the sums differently from run to run in the last bit
        assertThat(restarted.stream().map(EosEnd::roundedDecimals).toList())
            .containsExactlyInAnyOrderElementsOf(uninterrupted.stream().map(EosEnd::roundedDecimals).toList());
    }

    private static Map<String, Object> runProps(LocalKafkaBroker broker, String prefix) {
        Map<String, Object> p = new HashMap<>();
        p.put(MonitorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        p.put(MonitorConfig.TOPICS_PREFIX, prefix);
        p.put(MonitorConfig.TOPICS_PARTITIONS, 4);
        return p;
    }

    private static void awaitEnd(EosEnd eos, String group, List<String> inputs) {
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250))
            .until(() -> eos.settled(group, inputs, eos.monitorInternal(group)));
    }

    /** Triggers and anomalies as comparable strings (the key and the full record). */
    private static List<String> outputs(LocalKafkaBroker broker, Topics topics, String app) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, DriftTrigger> r : EosEnd.readAll(
                broker.bootstrapServers(),
                topics.driftTriggers.name(),
                new StringDeserializer(),
                topics.driftTriggers.valueSerde().deserializer())) {
            out.add("trigger " + r.key() + " " + r.value());
        }
        for (ConsumerRecord<String, Anomaly> r : EosEnd.readAll(broker.bootstrapServers(), topics.anomalies.name(),
            new StringDeserializer(), topics.anomalies.valueSerde().deserializer())) {
            out.add("anomaly " + r.key() + " " + r.value());
        }
        return out;
    }

    private static List<String> childArgs(LocalKafkaBroker broker, String prefix, Path stateDir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the real command, `driftwatch run monitor`, in its own JVM
        return List.of(
                java,
                TempDirs.childTmpdirOption(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "monitor",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--set",
                MonitorConfig.TOPICS_PREFIX + "=" + prefix,
                "--set",
                MonitorConfig.APPLICATION_ID_PREFIX + "=eos-b",
                "--set",
                MonitorConfig.STATE_DIR + "=" + stateDir,
                // progress in small steps, so that the kill after 5% of the input lands mid-run: at the default 200 ms
                // one commit can carry most of this small input
                "--set",
                "commit.interval.ms=20");
    }

    private static Process start(List<String> args, String name) throws Exception {
        File log = Files.createTempFile("monitor-eos-" + name, ".log").toFile();
        return new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log).start();
    }
}
