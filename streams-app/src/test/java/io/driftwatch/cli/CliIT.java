package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.app.RunningApp;
import io.driftwatch.avro.Actual;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.topics.Topics;

/** The command line against the real broker: topics create, produce, tail, and a real external client (kcat). */
@ExtendWith(LocalKafkaExtension.class)
class CliIT {

    /** Runs the CLI in-process, capturing stdout and stderr. */
    private record Run(int code, String out, String err) {
    }

    private static synchronized Run cli(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = Main.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    @Test
    @Timeout(60)
    void topicsCreateIsIdempotentAndReportsDifferencesWithoutChangingThem(LocalKafkaBroker broker) {
        String prefix = KafkaTestKit.uniquePrefix("cli-topics");
        Run first = cli(
                "",
                "topics",
                "create",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--set",
                "topics.prefix=" + prefix);
        assertThat(first.code()).isZero();
        assertThat(first.out())
                .contains("created   " + prefix + "actuals")
                .contains("14 topics: 14 created, 0 already right, 0 differ");
        Run second = cli(
                "",
                "topics",
                "create",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--set",
                "topics.prefix=" + prefix);
        assertThat(second.out()).contains("14 topics: 0 created, 14 already right, 0 differ");
        Run third = cli(
                "",
                "topics",
                "create",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--set",
                "topics.prefix=" + prefix,
                "--set",
                "topics.partitions=6");
        assertThat(third.out()).contains("differs   " + prefix + "actuals (left unchanged): partitions 4, expected 6")
            .contains("14 topics: 0 created, 0 already right, 14 differ");
    }

    @Test
    @Timeout(60)
    void topicsCreateInternalAlsoCreatesTheMonitorsInternalTopicsOnce(LocalKafkaBroker broker) {
        String prefix = KafkaTestKit.uniquePrefix("cli-internal");
        String[] args = {"topics", "create", "--internal", "--bootstrap-servers", broker.bootstrapServers(), "--set",
            "topics.prefix=" + prefix, "--set", "application.id.prefix=" + prefix};
        Run first = cli("", args);
        assertThat(first.code()).isZero();
        assertThat(first.out())
                .contains("14 topics: 14 created")
                .contains("created   " + prefix + "-monitor-monitor-partials-repartition")
                .contains("created   " + prefix + "-monitor-monitor-match-entries-changelog")
                .contains("11 internal topics of the monitor: 11 created");
        Run second = cli("", args);
        assertThat(second.out()).contains("exists    " + prefix + "-monitor-monitor-partials-repartition")
            .contains("11 internal topics of the monitor: 0 created");
    }

    @Test
    @Timeout(60)
    void produceSendsValidLinesReportsInvalidOnesByLineNumberAndTailPrintsJson(LocalKafkaBroker broker) {
        String prefix = KafkaTestKit.uniquePrefix("cli-produce");
        String[] kafka = {"--bootstrap-servers", broker.bootstrapServers(), "--set", "topics.prefix=" + prefix};
        assertThat(cli("", concat(new String[] {"topics", "create"}, kafka)).code()).isZero();
        String lines = """
            {"series_id":"USDCLP","event_time":"2024-01-02T10:00:00Z","value":940.5}
            {"series_id":"USDCLP","event_time":"2024-01-02T11:00:00Z"}
            this is not json

            {"series_id":"USDCLP","event_time":1704276000000,"value":941.25}
            """;
        Run produce = cli(lines, concat(new String[] {"produce", "rate-events"}, kafka));
        assertThat(produce.code()).isEqualTo(1);
        assertThat(produce.err()).contains("line 2: ").contains("value").contains("line 3: ")
            .contains("2 sent to " + prefix + "rate-events, 2 rejected");
        assertThat(produce.err()).doesNotContain("line 1:").doesNotContain("line 4:").doesNotContain("line 5:");

        Run tail = cli(
                "",
                concat(
                        new String[] {"tail", "rate-events", "--from-beginning", "--max", "2", "--idle-timeout", "20s"},
                        kafka));
        assertThat(tail.code()).isZero();
        assertThat(tail.out().lines().toList()).containsExactly(
            "{\"series_id\":\"USDCLP\",\"event_time\":1704189600000,\"value\":940.5,\"source\":null}",
            "{\"series_id\":\"USDCLP\",\"event_time\":1704276000000,\"value\":941.25,\"source\":null}");

        Run unknown = cli("", concat(new String[] {"produce", "no-such-topic"}, kafka));
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown topic 'no-such-topic'; topics: sales-events, rate-events, actuals");
    }

    @Test
    @Timeout(120)
    void jsonProducedWithKcatIsIngested(LocalKafkaBroker broker) throws Exception {
        Path kcat = Path.of("/usr/bin/kcat");
        if (!Files.isExecutable(kcat)) {
            assertThat(System.getenv("DRIFTWATCH_REQUIRE_KCAT"))
                    .as("kcat is not installed (apt-get install kcat)")
                    .isNull();
            Assumptions.assumeTrue(false, "kcat not installed");
        }
        KafkaTestKit kit = new KafkaTestKit(broker);
        Path state = TempDirs.create("cli-kcat-");
        Map<String, Object> settings = new HashMap<>(Map.of(CommonConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
            CommonConfig.TOPICS_PREFIX, KafkaTestKit.uniquePrefix("kcat"), CommonConfig.STATE_DIR, state.toString(),
            CommonConfig.APPLICATION_ID_PREFIX, "kcat-it-" + System.nanoTime()));
        Topics topics = Topics.from(new CommonConfig(settings));
        kit.createTopics(topics.all());
        StringBuilder input = new StringBuilder();
        for (int d = 1; d <= 4; d++) {
            input.append("globex:sales|{\"sale_id\":\"g")
                    .append(d)
                    .append("\",\"tenant_id\":\"globex\",\"series_id\":\"globex:sales\",")
                    .append("\"event_time\":\"2024-02-0")
                    .append(d)
                    .append("T12:00:00Z\",\"amount\":")
                    .append(d * 5)
                    .append("}\n");
        }
        Process p = new ProcessBuilder(
                        kcat.toString(),
                        "-P",
                        "-b",
                        broker.bootstrapServers(),
                        "-t",
                        topics.salesEvents.name(),
                        "-K",
                        "|",
                        "-X",
                        "partitioner=murmur2_random")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write(input.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        try (RunningApp ingest = Apps.get("ingest").create(settings).start()) {
            ingest.awaitRunning(Duration.ofSeconds(60));
            List<ConsumerRecord<String, Actual>> actuals = kit.consume(topics.actuals.name(), new StringDeserializer(),
                topics.actuals.valueSerde().deserializer(), 3, Duration.ofSeconds(60));
            assertThat(actuals).extracting(r -> r.value().getValue()).containsExactly(5.0, 10.0, 15.0);
            assertThat(actuals).allSatisfy(r -> assertThat(r.value().getTenantId()).isEqualTo("globex"));
        } finally {
            kit.deleteRecursively(state);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
