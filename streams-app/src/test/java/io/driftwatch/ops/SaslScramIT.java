package io.driftwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftwatch.app.StreamsApp;
import io.driftwatch.avro.RateEvent;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.demo.Scenario;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.SaslScram;
import io.driftwatch.local.TempDirs;
import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.topics.Topics;

/**
 * The apps and the CLI on a broker that authenticates with SASL/SCRAM-SHA-512 (a real listener,
 * users created through the Admin API): security settings from a properties file and from
 * {@code DRIFTWATCH_*} environment variables work; a wrong password fails within seconds with a
 * message naming authentication; and no password ever appears in the output, JSON logs included,
 * even with Kafka's own logging at INFO (where clients print their configs).
 */
class SaslScramIT {

    private static final String ADMIN_PASSWORD = "admin-Pw-7c1e9";
    private static final String APP_USER = "driftwatch-app";
    private static final String APP_PASSWORD = "app-Pw-4f2b8d";
    private static final String WRONG_PASSWORD = "wrong-Pw-9a3c5";
    private static final List<String> SECRETS = List.of(ADMIN_PASSWORD, APP_PASSWORD, WRONG_PASSWORD);
    private static final Duration FAIL_FAST = Duration.ofSeconds(30);

    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBrokerWithScramAndCreateTheAppUser() {
        broker = LocalKafkaBroker.builder().saslScram("admin", ADMIN_PASSWORD).start();
        Map<String, Object> admin = new HashMap<>(SaslScram.clientProperties("admin", ADMIN_PASSWORD));
        admin.put("bootstrap.servers", broker.saslBootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(APP_USER,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), APP_PASSWORD))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not create the SCRAM user", e);
        }
        Map<String, Object> app = new HashMap<>(SaslScram.clientProperties(APP_USER, APP_PASSWORD));
        app.put("bootstrap.servers", broker.saslBootstrapServers());
        Awaitility.await("the new user can log in").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Admin client = Admin.create(app)) {
                return client.describeCluster().clusterId().get() != null;
            }
        });
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Timeout(180)
    void cliAndIngestWorkWithTheRightCredentialsFromAFileAndFromTheEnvironmentAndLogNoSecret() throws Exception {
        String prefix = KafkaTestKit.uniquePrefix("sasl");
        Path dir = TempDirs.create("sasl-it-");
        Path configFile = dir.resolve("driftwatch.properties");
        Properties file = new Properties();
        file.putAll(SaslScram.clientProperties(APP_USER, APP_PASSWORD));
        file.setProperty("bootstrap.servers", broker.saslBootstrapServers());
        file.setProperty("topics.prefix", prefix);
        try (var out = Files.newBufferedWriter(configFile)) {
            file.store(out, "driftwatch settings for a SASL/SCRAM cluster");
        }
        List<String> captured = new ArrayList<>();
        try (AppProcess create = AppProcess.start(
                Map.of("DRIFTWATCH_KAFKA_LOG_LEVEL", "INFO"), "topics", "create", "--config", configFile.toString())) {
            assertThat(create.awaitExit(Duration.ofSeconds(60))).as(create.toString()).isZero();
            assertThat(create.stdout()).contains("14 topics: 14 created, 0 already right, 0 differ");
            captured.addAll(create.stdout());
            captured.addAll(create.stderr());
        }

        Topics topics = Topics.from(new CommonConfig(Map.of(CommonConfig.TOPICS_PREFIX, prefix)));
        List<RateEvent> rates = new Scenario(Instant.parse("2024-01-01T00:00:00Z"), 5, 3, 3L).rates();
        new KafkaTestKit(broker)
                .produce(
                        topics.rateEvents.name(),
                        new StringSerializer(),
                        topics.rateEvents.valueSerde().serializer(),
                        rates.stream().map(r -> Map.entry(r.getSeriesId(), r)).toList());

        Map<String, String> env = new HashMap<>();
        SaslScram.clientProperties(APP_USER, APP_PASSWORD).forEach((k, v) -> env.put(envName(k), v));
        env.put("DRIFTWATCH_BOOTSTRAP_SERVERS", broker.saslBootstrapServers());
        env.put("DRIFTWATCH_TOPICS_PREFIX", prefix);
        env.put("DRIFTWATCH_STATE_DIR", dir.resolve("state").toString());
        env.put("DRIFTWATCH_APPLICATION_ID_PREFIX", "sasl-it-" + System.nanoTime());
        env.put("DRIFTWATCH_LOG_FORMAT", "json");
        env.put("DRIFTWATCH_KAFKA_LOG_LEVEL", "INFO");
        try (AppProcess ingest = AppProcess.start(env, "run", "ingest", "--metrics-port", "0")) {
            String base = ingest.awaitStdout(Pattern.compile("metrics: (http://\\S+)/metrics"), Duration.ofSeconds(60));
            ingest.awaitStdout(Pattern.compile("^(ingest running)$"), Duration.ofSeconds(90));
            String ingested = MetricNames.prometheusName(MetricNames.EVENTS_INGESTED, MetricNames.Kind.COUNTER);
            Awaitility.await("rates ingested over SASL")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() ->
                            PrometheusText.value(Http.get(base + "/metrics"), ingested, Map.of("topic", "rate-events"))
                                            .orElse(0)
                                    == rates.size());
            ingest.stop();
            captured.addAll(ingest.stdout());
            captured.addAll(ingest.stderr());

            List<JsonNode> lines = jsonLines(ingest.stderr());
            assertThat(lines)
                    .allSatisfy(
                            l -> assertThat(l.has("timestamp") && l.has("level") && l.has("logger") && l.has("message"))
                                    .as(l.toString())
                                    .isTrue());
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.path("app").asText()).isEqualTo("ingest");
                assertThat(l.path("logger").asText()).startsWith("org.apache.kafka");
            });
            // Kafka's config dumps were logged (INFO), with the JAAS config hidden
            assertThat(lines)
                    .anySatisfy(l -> assertThat(l.path("message").asText()).contains("sasl.jaas.config = [hidden]"));
        } finally {
            new KafkaTestKit(broker).deleteRecursively(dir);
        }
        assertNoSecret(captured);
    }

    @Test
    @Timeout(120)
    void aWrongPasswordFailsFastWithAMessageNamingAuthentication() throws Exception {
        Map<String, String> env = new HashMap<>();
        SaslScram.clientProperties(APP_USER, WRONG_PASSWORD).forEach((k, v) -> env.put(envName(k), v));
        env.put("DRIFTWATCH_BOOTSTRAP_SERVERS", broker.saslBootstrapServers());
        env.put("DRIFTWATCH_TOPICS_PREFIX", KafkaTestKit.uniquePrefix("sasl-wrong"));
        env.put("DRIFTWATCH_KAFKA_LOG_LEVEL", "INFO");
        List<String> captured = new ArrayList<>();
        for (String[] command : List.of(new String[] {"topics", "create"}, new String[] {"run", "ingest"})) {
            try (AppProcess p = AppProcess.start(env, command)) {
                assertThat(p.awaitExit(FAIL_FAST)).as(p.toString()).isEqualTo(1);
                assertThat(String.join("\n", p.stderr()))
                        .as(p.toString())
                        .contains("error: ")
                        .contains("Authentication failed");
                captured.addAll(p.stdout());
                captured.addAll(p.stderr());
            }
        }
        assertNoSecret(captured);
    }

    @Test
    @Timeout(120)
    void aStreamsAppWithAWrongPasswordStopsInsteadOfRetrying() throws Exception {
        Path state = TempDirs.create("sasl-streams-");
        Map<String, Object> settings = new HashMap<>(SaslScram.clientProperties(APP_USER, WRONG_PASSWORD));
        settings.put(CommonConfig.BOOTSTRAP_SERVERS, broker.saslBootstrapServers());
        settings.put(CommonConfig.TOPICS_PREFIX, KafkaTestKit.uniquePrefix("sasl-streams"));
        settings.put(CommonConfig.STATE_DIR, state.toString());
        settings.put(CommonConfig.APPLICATION_ID_PREFIX, "sasl-streams-" + System.nanoTime());
        // without the up-front topic check of Apps.create: the Streams client itself must give up
        try (StreamsApp app = Apps.createStreamsAppWithoutStartupSteps("ingest", settings)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> app.start().awaitRunning(Duration.ofMinutes(1)))
                .hasMessageContaining("ingest stopped before running").hasMessageContaining("Authentication failed");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_FAST);
        } finally {
            new KafkaTestKit(broker).deleteRecursively(state);
        }
    }

    private static String envName(String setting) {
        return "DRIFTWATCH_" + setting.toUpperCase(Locale.ROOT).replace("-", "__").replace('.', '_');
    }

    private static List<JsonNode> jsonLines(List<String> lines) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = mapper.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            out.add(node);
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static void assertNoSecret(List<String> captured) {
        assertThat(captured).isNotEmpty();
        for (String secret : SECRETS) {
            assertThat(captured).as("a password in the output").noneMatch(line -> line.contains(secret));
        }
    }
}
