package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.topics.Topics;

/**
 * The producer examples of {@code examples/} (Java with kafka-clients, Python with confluent-kafka) run
 * as their usage line says, against the real broker: every line of the example file arrives, keyed by
 * its series_id, in the partition driftwatch computes for it (murmur2 of the key, the check that sends
 * a record elsewhere to dead-letters). The Python one is skipped where confluent_kafka is not importable,
 * unless {@code DRIFTWATCH_REQUIRE_PYTHON_KAFKA} is set (CI installs python3-confluent-kafka).
 */
@ExtendWith(LocalKafkaExtension.class)
class ExampleProducersIT {

    /** Debian's Python, where apt installs python3-confluent-kafka (a python3 earlier on PATH may be another one). */
    private static final String PYTHON =
            Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int PARTITIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(180)
    void theJavaProducerKeysByTheSeriesAndPartitionsLikeDriftwatch(LocalKafkaBroker broker) throws Exception {
        Topics topics = topics(broker, "java-producer");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = run(List.of(
                java,
                "-cp",
                ROOT.resolve("streams-app/target/lib") + File.separator + "*",
                "examples/java/JsonLinesProducer.java",
                broker.bootstrapServers(),
                topics.salesEvents.name(),
                "examples/sales.jsonl"));
        assertThat(out).contains(lines("sales.jsonl").size() + " sent to " + topics.salesEvents.name());
        assertArrivedWhereDriftwatchLooks(broker, topics.salesEvents.name(), "sales.jsonl");
    }

    @Test
    @Timeout(180)
    void thePythonProducerKeysByTheSeriesAndPartitionsLikeDriftwatch(LocalKafkaBroker broker) throws Exception {
        boolean importable = exitCode(List.of(PYTHON, "-c", "import confluent_kafka")) == 0;
        if (!importable) {
            assertThat(System.getenv("DRIFTWATCH_REQUIRE_PYTHON_KAFKA"))
                .as("confluent_kafka is not importable (apt-get install python3-confluent-kafka)").isNull();
            Assumptions.assumeTrue(false, "python3 confluent_kafka not installed");
        }
        Topics topics = topics(broker, "python-producer");
        String out = run(List.of(PYTHON, "examples/python/produce_json_lines.py", broker.bootstrapServers(),
            topics.rateEvents.name(), "examples/rates.jsonl"));
        assertThat(out).contains(lines("rates.jsonl").size() + " sent to " + topics.rateEvents.name());
        assertArrivedWhereDriftwatchLooks(broker, topics.rateEvents.name(), "rates.jsonl");
        // a second series, so that the check is not one partition by luck
        run(List.of(PYTHON, "examples/python/produce_json_lines.py", broker.bootstrapServers(),
            topics.actuals.name(), "examples/actuals.jsonl"));
        assertArrivedWhereDriftwatchLooks(broker, topics.actuals.name(), "actuals.jsonl");
    }

    private static Topics topics(LocalKafkaBroker broker, String test) {
        Topics topics = Topics.from(new CommonConfig(Map.of(CommonConfig.TOPICS_PREFIX, KafkaTestKit.uniquePrefix(test),
            CommonConfig.TOPICS_PARTITIONS, String.valueOf(PARTITIONS))));
        new KafkaTestKit(broker).createTopics(topics.all());
        return topics;
    }

    private static void assertArrivedWhereDriftwatchLooks(LocalKafkaBroker broker, String topic, String file)
            throws Exception {
        List<String> expected = lines(file);
        List<ConsumerRecord<String, String>> records = new KafkaTestKit(broker).consume(topic, new StringDeserializer(),
            new StringDeserializer(), expected.size(), Duration.ofSeconds(60));
        assertThat(records).hasSize(expected.size());
        for (ConsumerRecord<String, String> r : records) {
            String seriesId = JSON.readTree(r.value()).get("series_id").asText();
            assertThat(r.key()).isEqualTo(seriesId);
            assertThat(r.partition()).as(seriesId)
                .isEqualTo(Utils.toPositive(Utils.murmur2(seriesId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS);
        }
    }

    private static List<String> lines(String file) throws Exception {
        return Files.readAllLines(ROOT.resolve("examples").resolve(file)).stream().filter(l -> !l.isBlank()).toList();
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command))
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }

    private static int exitCode(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
