package io.driftwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.Severity;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.connect.AlertLayouts;
import io.driftwatch.connect.AlertParser;
import io.driftwatch.connect.DriftwatchConverter;
import io.driftwatch.connect.LogCapture;
import io.driftwatch.connect.LoopbackHttpServer;
import io.driftwatch.connect.Notification;
import io.driftwatch.connect.RecordKind;
import io.driftwatch.connect.TestAlerts;
import io.driftwatch.connect.slack.SlackMessageFormatter;
import io.driftwatch.kafka.CheckedProducer;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.serde.AvroJson;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.Topics;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * The demo's alert wiring, end to end: the same {@link AlertBridge} the demo starts (a real Connect
 * worker in this JVM) on the real broker, with {@code --alerts slack=<loopback server>} and
 * {@code --alerts email=smtp://<GreenMail>}. Alerts written as the apps write them (Avro) reach the
 * Slack webhook as the Slack connector's Block Kit message, the mailbox as the email connector's
 * text, and the console in that same text; suppressed and below-threshold alerts reach nobody; the
 * webhook URL shows up in no log line and no output.
 */
@Tag("integration")
@ExtendWith(LocalKafkaExtension.class)
class DemoAlertsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_PATH = "/services/T0/B0/s3cr3tT0ken";

    @Test
    @Timeout(120)
    void slackEmailAndConsoleGetTheSameLayoutThroughTheRealConnectors(LocalKafkaBroker broker, @TempDir Path tmp)
            throws Exception {
        Topics topics = Topics.from(new CommonConfig(Map.of(
                CommonConfig.TOPICS_PREFIX,
                KafkaTestKit.uniquePrefix("demo-alerts"),
                CommonConfig.TOPICS_PARTITIONS,
                "2")));
        new KafkaTestKit(broker).createTopics(topics.all());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (LogCapture logs = new LogCapture(); LoopbackHttpServer slack = new LoopbackHttpServer()) {
            List<AlertTarget> targets = List.of(AlertTarget.parse("slack=" + slack.url(SECRET_PATH)),
                AlertTarget.parse("email=smtp://127.0.0.1:" + smtp.getSmtp().getPort()
                    + "?to=ml-team@example.com&from=driftwatch@example.com&smtp.security=NONE"));
            Map<String, Object> suppressed = TestAlerts.trigger("t-suppressed", "CRITICAL");
            suppressed.put("suppressed", true);
            DriftTrigger critical = avro(TestAlerts.trigger("t-critical", "CRITICAL"), DriftTrigger.class);
            OpsAlert ops = avro(TestAlerts.opsAlert("o-high", "HIGH"), OpsAlert.class);
            try (AlertBridge bridge = AlertBridge.start(broker.bootstrapServers(), topics, tmp,
                    new PrintStream(console, true, StandardCharsets.UTF_8), Severity.MEDIUM, targets)) {
                assertThat(bridge.channels())
                        .containsExactly(
                                Map.entry("driftwatch-console", "console"),
                                Map.entry("driftwatch-slack", "Slack (webhook URL hidden)"),
                                Map.entry(
                                        "driftwatch-email",
                                        "email to ml-team@example.com via 127.0.0.1:"
                                                + smtp.getSmtp().getPort() + " (NONE)"));

                produce(broker, topics.driftTriggers, List.of(critical, avro(suppressed, DriftTrigger.class)));
                produce(broker, topics.anomalies, List.of(avro(TestAlerts.anomaly("a-low", "LOW"), Anomaly.class)));
                produce(broker, topics.opsAlerts, List.of(ops));
                Map<TopicPartition, Long> ends =
                        endOffsets(broker, topics.driftTriggers, topics.anomalies, topics.opsAlerts);

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(slack.processed()).extracting(r -> r.header("Idempotency-Key"))
                        .containsExactlyInAnyOrder("t-critical", "o-high");
                    assertThat(smtp.getReceivedMessages()).hasSize(2);
                });
                assertThat(bridge.awaitDelivered(ends, Duration.ofSeconds(30)))
                        .as("every connector committed past every alert")
                        .isTrue();

                for (Notification n : List.of(notification(topics.driftTriggers, critical, RecordKind.TRIGGER),
                        notification(topics.opsAlerts, ops, RecordKind.OPS_ALERT))) {
                    String id = n.idempotencyKey();
                    assertThat(slack.processed())
                            .filteredOn(r -> id.equals(r.header("Idempotency-Key")))
                            .singleElement()
                            .satisfies(r -> assertThat(JSON.readTree(r.body()))
                                    .isEqualTo(JSON.readTree(new SlackMessageFormatter().format(n))));
                    assertThat(console.toString(StandardCharsets.UTF_8))
                            .contains("\n" + AlertLayouts.plainText(n) + "\n");
                    assertThat(emailTexts(smtp)).contains(AlertLayouts.plainText(n));
                }
                assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("t-suppressed", "a-low");
            }
            assertThat(logs.text()).as("the webhook URL is a secret").doesNotContain("s3cr3tT0ken");
            assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("s3cr3tT0ken");
        } finally {
            smtp.stop();
        }
    }

    private static <V extends SpecificRecord> V avro(Map<String, Object> value, Class<V> type) throws Exception {
        return AvroJson.fromJson(JSON.writeValueAsBytes(value), type);
    }

    /** Writes the records as the apps do: the topic's serde (Avro), checked sends. */
    private static <V extends SpecificRecord> void produce(
            LocalKafkaBroker broker, Topic<String, V> topic, List<V> records) {
        try (CheckedProducer<String, V> producer =
                new CheckedProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()), topic)) {
            records.forEach(r -> producer.send(topic.keyFor(r), r, null));
            producer.flush();
        }
    }

    /** The offset after the last record of every non-empty partition of these topics. */
    private static Map<TopicPartition, Long> endOffsets(LocalKafkaBroker broker, Topic<?, ?>... topics) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (Topic<?, ?> t : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(t.name()).stream()
                    .map(p -> new TopicPartition(t.name(), p.partition())).toList();
                consumer.endOffsets(partitions).forEach((tp, end) -> {
                    if (end > 0) {
                        ends.put(tp, end);
                    }
                });
            }
        }
        return ends;
    }

    /**
     * The notification the connectors build for this record: its bytes read by DriftwatchConverter, parsed by
     * AlertParser.
     */
    private static <V extends SpecificRecord> Notification notification(
            Topic<String, V> topic, V record, RecordKind kind) throws Exception {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), record);
        Object value = new DriftwatchConverter().toConnectData(topic.name(), bytes).value();
        SinkRecord sinkRecord = new SinkRecord(topic.name(), 0, null, topic.keyFor(record), null, value, 0);
        return Notification.single(new AlertParser(Map.of(topic.name(), kind)).parse(sinkRecord), List.of());
    }

    private static List<String> emailTexts(GreenMail smtp) throws Exception {
        List<String> texts = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            texts.add(((MimeMultipart) m.getContent()).getBodyPart(0).getContent().toString().replace("\r\n", "\n"));
        }
        return texts;
    }
}
