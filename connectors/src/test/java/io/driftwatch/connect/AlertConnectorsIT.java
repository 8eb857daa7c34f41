package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.connect.email.SmtpChannel;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.serde.RecordCodec;
import io.driftwatch.serde.WireFormat;
import io.driftwatch.local.LocalKafkaExtension;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a real Connect worker (standalone, in-process) on a real local KRaft broker runs the
 * three sinks, configured from the ready-to-post files in {@code config/} and POSTed to the Connect
 * REST API as the README shows. Alerts flow from the topics to a loopback HTTP server (Slack,
 * webhook) and GreenMail over SMTPS with AUTH. The configs read values with {@link DriftwatchConverter}
 * (the worker's default stays JsonConverter, which could not read the Avro records): triggers are
 * written in Avro, anomalies in JSON, ops alerts in both. An invalid alert and an undecodable record
 * reach the dead letter topic with their reasons; committed offsets reach the end of the topics. The
 * HTTP endpoint answers 503 to the first two requests: the retries show in the tasks' plugin
 * metrics, read from the worker's JMX MBeans like a JMX exporter would.
 */
@Tag("integration")
@ExtendWith(LocalKafkaExtension.class)
class AlertConnectorsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "alerts-it.";
    private static final String TRIGGERS = PREFIX + "drift-triggers";
    private static final String ANOMALIES = PREFIX + "anomalies";
    private static final String OPS = PREFIX + "ops-alerts";
    private static final String DLQ = PREFIX + "dead-letters";
    private static final String GARBAGE = "neither Avro nor JSON";
    private static final List<String> VALID_IDS = List.of("t-1", "t-2", "t-3", "a-1", "a-2", "o-1", "o-2");

    @Test
    @Timeout(180)
    void alertsFlowFromTopicsToSlackWebhookAndEmailAndBadRecordsToTheDlq(LocalKafkaBroker broker, @TempDir Path tmp)
            throws Exception {
        String bootstrap = broker.bootstrapServers();
        createTopicsAndWaitUntilReady(bootstrap, List.of(TRIGGERS, ANOMALIES, OPS));
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTPS.dynamicPort())
                .withConfiguration(
                        GreenMailConfiguration.aConfig().withUser("driftwatch@example.com", "driftwatch", "pw-1"));
        smtp.start();
        Connect<?> connect = null;
        try (LoopbackHttpServer http = new LoopbackHttpServer()) {
            http.respond((n, body) ->
                    n < 2 ? LoopbackHttpServer.Answer.status(503, "warming up") : LoopbackHttpServer.Answer.ok());
            connect = new ConnectStandalone().startConnect(workerProps(bootstrap, tmp));
            URI rest = connect.rest().serverUrl();
            post(rest, "slack", Map.of("slack.webhook.url", http.url("/slack/T0/B0/secret")));
            post(rest, "webhook-discord", Map.of("webhook.url", http.url("/discord/123/secret")));
            post(rest, "email", Map.of("smtp.host", "127.0.0.1", "smtp.port", String.valueOf(smtp.getSmtps().getPort()),
                    "smtp.security", "SMTPS", "smtp.ssl.trust", "*", "smtp.username", "driftwatch",
                    "smtp.password", "pw-1", "digest.enabled", "false"));

            produceAlerts(bootstrap);

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(keys(http, "/slack/")).containsExactlyInAnyOrderElementsOf(VALID_IDS);
                assertThat(keys(http, "/discord/")).containsExactlyInAnyOrderElementsOf(VALID_IDS);
                assertThat(emailKeys(smtp)).containsExactlyInAnyOrderElementsOf(VALID_IDS);
            });
            assertThat(http.processed()).filteredOn(r -> r.path().startsWith("/slack/"))
                    .allSatisfy(r -> assertThat(JSON.readTree(r.body()).get("blocks").isArray()).isTrue());

            // per connector: the undecodable record (converter) and the unknown severity (task)
            List<ConsumerRecord<String, String>> dead = await().atMost(Duration.ofSeconds(60))
                    .until(() -> readAll(bootstrap, DLQ), records -> records.size() >= 6);
            assertThat(dead).hasSize(6);
            Map<Boolean, List<ConsumerRecord<String, String>>> byStage = dead.stream()
                    .collect(Collectors.partitioningBy(r -> GARBAGE.equals(r.value())));
            assertThat(byStage.get(false))
                    .hasSize(3)
                    .allSatisfy(r -> assertThat(header(r, "__connect.errors.exception.message"))
                            .isEqualTo("invalid alert record: unknown severity 'SEVERE' (expected one of LOW, MEDIUM,"
                                    + " HIGH, CRITICAL)"));
            assertThat(byStage.get(true)).hasSize(3).allSatisfy(r -> {
                assertThat(header(r, "__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");
                assertThat(header(r, "__connect.errors.exception.message"))
                        .startsWith(
                                "Cannot convert the record from topic '" + ANOMALIES + "': Unrecognised record format")
                        .contains("Avro single-object encoding", "a JSON object");
            });
            for (List<ConsumerRecord<String, String>> group : byStage.values()) {
                assertThat(group.stream()
                                .map(r -> header(r, "__connect.errors.connector.name"))
                                .collect(Collectors.toSet()))
                        .containsExactlyInAnyOrder("driftwatch-slack", "driftwatch-discord", "driftwatch-email");
            }

            for (String group :
                    List.of("connect-driftwatch-slack", "connect-driftwatch-discord", "connect-driftwatch-email")) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(committed(bootstrap, group)).as(group).containsAllEntriesOf(endOffsets(bootstrap)));
            }
            assertPluginMetrics();
        } finally {
            if (connect != null) {
                connect.stop();
                connect.awaitStop();
            }
            smtp.stop();
        }
    }

    /**
     * Per connector: every valid alert delivered once, the invalid one dead-lettered by the task (the
     * undecodable one is the converter's, counted by Connect itself); the two 503s retried.
     */
    private static void assertPluginMetrics() throws Exception {
        List<String> connectors = List.of("driftwatch-slack", "driftwatch-discord", "driftwatch-email");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String connector : connectors) {
                assertThat(pluginMetric(connector, AlertSinkMetrics.MESSAGES_SENT, null))
                        .as(connector)
                        .isEqualTo(VALID_IDS.size());
                assertThat(pluginMetric(connector, AlertSinkMetrics.ALERTS_DELIVERED, null))
                        .as(connector)
                        .isEqualTo(VALID_IDS.size());
                assertThat(pluginMetric(connector, AlertSinkMetrics.DEAD_LETTERED, AlertSinkMetrics.INVALID_RECORD))
                        .as(connector)
                        .isEqualTo(1);
                assertThat(pluginMetric(connector, AlertSinkMetrics.PENDING, null))
                        .as(connector)
                        .isZero();
            }
        });
        double retries = 0;
        double serverErrors = 0;
        for (String connector : List.of("driftwatch-slack", "driftwatch-discord")) {
            retries += pluginMetric(connector, AlertSinkMetrics.RETRIES, null);
            serverErrors += pluginMetric(connector, AlertSinkMetrics.FAILURES, "http-5xx");
        }
        assertThat(retries).as("the two 503s were retried").isEqualTo(2);
        assertThat(serverErrors).isEqualTo(2);
        assertThat(pluginMetric("driftwatch-email", AlertSinkMetrics.RETRIES, null)).isZero();
    }

    /** A plugin metric of task 0 of a connector from the worker's MBeans; 0 when the MBean is not registered (yet). */
    private static double pluginMetric(String connector, String name, String reason) throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName bean = new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",task=0"
                + (reason == null ? "" : "," + AlertSinkMetrics.TAG_REASON + "=" + reason));
        return jmx.isRegistered(bean) ? ((Number) jmx.getAttribute(bean, name)).doubleValue() : 0;
    }

    private static Map<String, String> workerProps(String bootstrap, Path tmp) {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap);
        p.put("listeners", "http://127.0.0.1:0");
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter.schemas.enable", "false");
        p.put("offset.storage.file.filename", tmp.resolve("connect.offsets").toString());
        p.put("offset.flush.interval.ms", "500");
        p.put("plugin.discovery", "service_load");
        return p;
    }

    /** POSTs config/NAME.json to the Connect REST API, as the README's curl does, with test overrides. */
    private static void post(URI rest, String name, Map<String, String> overrides) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(new File("config/" + name + ".json"));
        ObjectNode config = (ObjectNode) body.get("config");
        assertThat(config.get("value.converter").asText()).isEqualTo(DriftwatchConverter.class.getName());
        assertThat(config.get("key.converter").asText()).isEqualTo("org.apache.kafka.connect.storage.StringConverter");
        config.put("topics", String.join(",", TRIGGERS, ANOMALIES, OPS));
        config.put("topic.kinds", TRIGGERS + ":TRIGGER," + ANOMALIES + ":ANOMALY," + OPS + ":OPS_ALERT");
        config.put("errors.deadletterqueue.topic.name", DLQ);
        config.put("min.severity", "LOW");
        config.put("rate.limit.window.ms", "0");
        overrides.forEach(config::put);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(rest.resolve("/connectors"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /**
     * Triggers in Avro (single-object encoding, as the apps write with output.format=avro), anomalies
     * in JSON, ops alerts one of each; plus a record no converter can read and one with an unknown
     * severity (JSON, as it cannot be encoded in Avro), both for the DLQ.
     */
    private static void produceAlerts(String bootstrap) throws Exception {
        Map<String, Object> bad = TestAlerts.trigger("t-bad", "SEVERE");
        List<ProducerRecord<String, byte[]>> records = List.of(
                avro(TRIGGERS, TestAlerts.trigger("t-1", "CRITICAL"), DriftTrigger.class),
                avro(TRIGGERS, TestAlerts.trigger("t-2", "LOW"), DriftTrigger.class),
                json(TRIGGERS, bad),
                avro(TRIGGERS, TestAlerts.trigger("t-3", "MEDIUM"), DriftTrigger.class),
                json(ANOMALIES, TestAlerts.anomaly("a-1", "HIGH")),
                new ProducerRecord<>(ANOMALIES, "x", GARBAGE.getBytes(StandardCharsets.UTF_8)),
                json(ANOMALIES, TestAlerts.anomaly("a-2", "LOW")),
                avro(OPS, TestAlerts.opsAlert("o-1", "HIGH"), OpsAlert.class),
                json(OPS, TestAlerts.opsAlert("o-2", "MEDIUM")));
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r).get(); // a failed send fails the test, never a silent loss
            }
        }
    }

    private static ProducerRecord<String, byte[]> json(String topic, Map<String, Object> value) throws Exception {
        return new ProducerRecord<>(
                topic, value.get("model_id") + ":" + value.get("horizon"), JSON.writeValueAsBytes(value));
    }

    private static <T extends SpecificRecord> ProducerRecord<String, byte[]> avro(
            String topic, Map<String, Object> value, Class<T> type) throws Exception {
        byte[] bytes = RecordCodec.of(type).encode(DriftwatchConverterTest.record(value, type), WireFormat.AVRO);
        assertThat(RecordCodec.detectFormat(bytes)).isEqualTo(WireFormat.AVRO);
        return new ProducerRecord<>(topic, value.get("model_id") + ":" + value.get("horizon"), bytes);
    }

    /** Creates the topics and waits until every partition answers an offset query (KAFKA-15591). */
    private static void createTopicsAndWaitUntilReady(String bootstrap, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get();
            Map<TopicPartition, OffsetSpec> query = topics.stream()
                    .collect(Collectors.toMap(t -> new TopicPartition(t, 0), t -> OffsetSpec.latest()));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> admin.listOffsets(query).all().get().size() == topics.size());
        }
    }

    private static List<String> keys(LoopbackHttpServer http, String pathPrefix) {
        return http.processed().stream().filter(r -> r.path().startsWith(pathPrefix))
                .map(r -> r.header("Idempotency-Key")).distinct().toList();
    }

    /**
     * The idempotency keys of the emails received, once each: GreenMail stores a copy per recipient
     * mailbox, and the CRITICAL alert goes to two recipients.
     */
    private static List<String> emailKeys(GreenMail smtp) throws Exception {
        List<String> keys = new ArrayList<>();
        for (var message : smtp.getReceivedMessages()) {
            keys.add(message.getHeader(SmtpChannel.IDEMPOTENCY_HEADER)[0]);
        }
        return keys.stream().distinct().toList();
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        props.put("group.id", "it-reader-" + System.nanoTime());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            if (!consumer.listTopics().containsKey(topic)) {
                return out;
            }
            consumer.subscribe(List.of(topic));
            for (int i = 0; i < 10; i++) {
                consumer.poll(Duration.ofMillis(300)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> query = Set.of(TRIGGERS, ANOMALIES, OPS).stream()
                    .collect(Collectors.toMap(t -> new TopicPartition(t, 0), t -> OffsetSpec.latest()));
            return admin.listOffsets(query).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static Map<TopicPartition, Long> committed(String bootstrap, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    /** The plugin archive built by {@code mvn package}: our jars (connectors, converter, schemas), none of Kafka's. */
    @Test
    void packagedPluginHoldsTheConnectorAndItsDependenciesButNoKafkaJars() throws Exception {
        Path lib = Path.of("target/plugin/driftwatch-connectors/lib");
        List<String> jars;
        try (var files = Files.list(lib)) {
            jars = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).anySatisfy(j -> assertThat(j).startsWith("driftwatch-connectors-"))
                .anySatisfy(j -> assertThat(j).startsWith("jakarta.mail-"))
                .anySatisfy(j -> assertThat(j).startsWith("jackson-databind-"))
                .anySatisfy(j -> assertThat(j).startsWith("driftwatch-schemas-"))
                .anySatisfy(j -> assertThat(j).startsWith("avro-"))
                .noneSatisfy(j -> assertThat(j).matches("(kafka|connect-|slf4j|zstd|lz4|snappy).*"));
        assertThat(Path.of("target/plugin/driftwatch-connectors.zip")).exists();
        try (var jar = new JarFile(lib.resolve(jars.stream()
                .filter(j -> j.startsWith("driftwatch-connectors-")).findFirst().orElseThrow()).toFile())) {
            String services = new String(jar.getInputStream(
                    jar.getEntry("META-INF/services/org.apache.kafka.connect.sink.SinkConnector")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(services).contains("SlackSinkConnector", "EmailSinkConnector", "WebhookSinkConnector");
            String converters = new String(jar.getInputStream(
                    jar.getEntry("META-INF/services/org.apache.kafka.connect.storage.Converter")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(converters.trim()).isEqualTo(DriftwatchConverter.class.getName());
        }
    }
}
