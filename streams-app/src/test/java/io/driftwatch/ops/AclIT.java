package io.driftwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.driftwatch.app.RunningApp;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.SaslScram;
import io.driftwatch.local.TempDirs;
import io.driftwatch.topics.Topics;

/**
 * The four apps on a broker that enforces ACLs (KRaft's StandardAuthorizer, SASL/SCRAM), each as its
 * own user holding exactly the ACLs of the table "ACLs per app" in docs/production.md, and nothing
 * more: the shipped examples' sales and rates go through ingest, forecaster, monitor (a TIME_BASED
 * trigger, no config being promoted yet) and the retrain service, which promotes a config. The test
 * reads its ACLs from that table, so the documented list is the tested one.
 */
class AclIT {

    private static final String ADMIN_PASSWORD = "admin-Pw-acl-1";
    private static final Path DOC = Path.of("..", "docs", "production.md");
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Duration WAIT = Duration.ofMinutes(4);

    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBrokerWithAnAuthorizer() {
        // the PLAINTEXT and controller listeners are the broker's own (principal ANONYMOUS) and the test's admin
        broker = LocalKafkaBroker.builder().saslScram("admin", ADMIN_PASSWORD)
            .brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
            .brokerProperty("super.users", "User:admin;User:ANONYMOUS")
            .start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Timeout(420)
    void everyAppRunsWithExactlyTheDocumentedAcls() throws Exception {
        String prefix = KafkaTestKit.uniquePrefix("acl");
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> common = new HashMap<>();
        common.put(CommonConfig.TOPICS_PREFIX, prefix);
        common.put(CommonConfig.TOPICS_PARTITIONS, "1");
        Topics topics = Topics.from(new CommonConfig(common));
        kit.createTopics(topics.all());

        Map<String, List<AclBinding>> acls = documentedAcls(Files.readString(DOC), prefix);
        assertThat(acls).containsOnlyKeys("ingest", "forecaster", "monitor", "retrain");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            for (String app : acls.keySet()) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("dw-" + app,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), "pw-" + app))).all().get();
            }
            admin.createAcls(acls.values().stream().flatMap(List::stream).toList()).all().get();
        }

        produceLines(kit, topics.salesEvents.name(), EXAMPLES.resolve("sales.jsonl"));
        produceLines(kit, topics.rateEvents.name(), EXAMPLES.resolve("rates.jsonl"));

        Path state = TempDirs.create("acl-it-");
        List<RunningApp> apps = new ArrayList<>();
        try {
            for (String name : acls.keySet()) {
                Map<String, Object> settings = new HashMap<>(common);
                settings.putAll(SaslScram.clientProperties("dw-" + name, "pw-" + name));
                settings.put(CommonConfig.BOOTSTRAP_SERVERS, broker.saslBootstrapServers());
                settings.put(CommonConfig.STATE_DIR, state.resolve(name).toString());
                settings.put("forecaster.horizons", "7d");
                settings.put("monitor.cooldown", "30d");
                // the history arrives at once: the monitor waits for the forecaster's predictions (as in the README,
                // with more time: the monitor reads faster than the forecaster fits, and a test JVM that also runs
                // the broker and the retrain service can hold the forecaster back for more than 2 s)
                settings.put("max.task.idle.ms", "10000");
                settings.put("retrain.instance.id", "acl-0");
                settings.put("retrain.parallelism", "1");
                // any sane candidate is promoted (there is no current config yet): the test is about the ACLs of a
                // promotion
                settings.put("retrain.validation.min-coverage", "0");
                settings.put("retrain.validation.bias-limit", "1000000");
                RunningApp app = Apps.get(name).create(settings);
                apps.add(app);
                app.start();
            }
            for (RunningApp app : apps) {
                app.awaitRunning(WAIT);
            }
            try {
                Awaitility.await("a promotion by the retrain service")
                        .atMost(WAIT)
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> kit
                                .consume(
                                        topics.retrainReports.name(),
                                        new StringDeserializer(),
                                        topics.retrainReports.valueSerde().deserializer(),
                                        Integer.MAX_VALUE,
                                        Duration.ofSeconds(2))
                                .stream()
                                .map(ConsumerRecord::value)
                                .anyMatch(r -> "PROMOTED".equals(r.getOutcome())));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("no promotion; the reports: " + kit.consume(topics.retrainReports.name(),
                    new StringDeserializer(), topics.retrainReports.valueSerde().deserializer(), Integer.MAX_VALUE,
                    Duration.ofSeconds(2)).stream().map(r -> r.value().getModelId() + ":" + r.value().getHorizon() + " "
                        + r.value().getOutcome() + " " + r.value().getError()).toList(), e);
            }
            List<RetrainReport> reports = kit.consume(topics.retrainReports.name(), new StringDeserializer(),
                topics.retrainReports.valueSerde().deserializer(), Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                .map(ConsumerRecord::value).toList();
            assertThat(reports).noneMatch(r -> r.getError() != null && r.getError().toLowerCase().contains("authoriz"));
            assertThat(kit.consume(topics.modelConfigs.name(), new StringDeserializer(), new StringDeserializer(), 1,
                Duration.ofSeconds(30))).isNotEmpty();
            for (RunningApp app : apps) {
                assertThat(app.failure()).as(app.name()).isNull();
            }
            assertTheAuthorizerDenies(topics.predictions.name());
        } finally {
            for (RunningApp app : apps) {
                app.close();
            }
            kit.deleteRecursively(state);
        }
    }

    /** The broker does enforce: ingest's user may not even describe a topic its row does not name. */
    private static void assertTheAuthorizerDenies(String topic) {
        Map<String, Object> props = new HashMap<>(SaslScram.clientProperties("dw-ingest", "pw-ingest"));
        props.put("bootstrap.servers", broker.saslBootstrapServers());
        try (Admin ingest = Admin.create(props)) {
            assertThatThrownBy(() -> ingest.describeTopics(List.of(topic)).allTopicNames().get())
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    /**
     * The ACLs of docs/production.md's table, for the four apps: each row is {@code | app | read | write |
     * internal | group | transactional id |}; a backticked name is a topic (with the prefix), the internal,
     * group and transactional-id columns name their resources, "prefixed" makes a pattern prefixed.
     */
    static Map<String, List<AclBinding>> documentedAcls(String doc, String topicPrefix) {
        Map<String, List<AclBinding>> out = new LinkedHashMap<>();
        int table = doc.indexOf("| app | read (topics) |");
        assertThat(table).as("the ACL table of docs/production.md").isPositive();
        for (String row : doc.substring(table).split("\n")) {
            if (!row.startsWith("|")) {
                break;
            }
            String[] cells = row.split("\\|", -1);
            String app = cells[1].trim();
            if (!List.of("ingest", "forecaster", "monitor", "retrain").contains(app)) {
                continue;
            }
            String user = "User:dw-" + app;
            List<AclBinding> acls = new ArrayList<>();
            for (String topic : names(cells[2])) {
                acls.add(allow(user, ResourceType.TOPIC, topicPrefix + topic, PatternType.LITERAL, AclOperation.READ));
            }
            for (String topic : names(cells[3])) {
                acls.add(allow(user, ResourceType.TOPIC, topicPrefix + topic, PatternType.LITERAL, AclOperation.WRITE));
            }
            for (String internal : names(cells[4])) {
                acls.add(allow(user, ResourceType.TOPIC, internal, PatternType.PREFIXED, AclOperation.ALL));
            }
            for (String group : names(cells[5])) {
                acls.add(allow(user, ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ));
            }
            for (String txId : names(cells[6])) {
                boolean prefixed = cells[6].contains("prefixed `" + txId + "`");
                String name = txId.replace("<retrain.instance.id>", "acl-0");
                acls.add(allow(
                        user,
                        ResourceType.TRANSACTIONAL_ID,
                        name,
                        prefixed ? PatternType.PREFIXED : PatternType.LITERAL,
                        AclOperation.WRITE));
                acls.add(allow(
                        user,
                        ResourceType.TRANSACTIONAL_ID,
                        name,
                        prefixed ? PatternType.PREFIXED : PatternType.LITERAL,
                        AclOperation.DESCRIBE));
            }
            out.put(app, acls);
        }
        return out;
    }

    /** The backticked names of a cell, in order; the first one only where the cell offers alternatives ("or"). */
    private static List<String> names(String cell) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return cell.contains(" or ") && !names.isEmpty() ? names.subList(0, 1) : names;
    }

    private static AclBinding allow(
            String principal, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }

    private static void produceLines(KafkaTestKit kit, String topic, Path jsonLines) throws Exception {
        Pattern series = Pattern.compile("\"series_id\": ?\"([^\"]+)\"");
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (String line : Files.readAllLines(jsonLines)) {
            Matcher m = series.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            records.add(Map.entry(m.group(1), line));
        }
        kit.produce(topic, new StringSerializer(), new StringSerializer(), records);
    }
}
