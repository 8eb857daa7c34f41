package io.driftwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftwatch.launch.Apps;
import io.driftwatch.cli.CliSpec;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.config.ConfigSources;
import io.driftwatch.launch.ConfigCatalog;
import io.driftwatch.telemetry.LogFields;
import io.driftwatch.topics.Topics;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker-compose.yml cannot be started here (no Docker engine), so this keeps it honest against the
 * code: every driftwatch service runs a command the CLI has, every DRIFTWATCH_* variable is a real
 * setting, the broker is the Kafka version we build against with split listeners, and every topic
 * named in it is in the registry.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
    private static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        // SnakeYAML resolves the merge keys (<<: *anchor) the file uses; Jackson's YAML reader does not
        Object yaml = new Yaml().load(Files.readString(COMPOSE));
        compose = new ObjectMapper().valueToTree(yaml);
    }

    private static List<Map.Entry<String, JsonNode>> driftwatchServices() {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(e -> {
            if ("driftwatch:latest".equals(e.getValue().path("image").asText())) {
                out.add(e);
            }
        });
        return out;
    }

    @Test
    void everyDriftwatchServiceRunsACommandTheCliHas() {
        List<Map.Entry<String, JsonNode>> services = driftwatchServices();
        assertThat(services).extracting(Map.Entry::getKey).contains("topics-init", "ingest");
        for (Map.Entry<String, JsonNode> service : services) {
            List<String> args = new ArrayList<>();
            service.getValue().get("command").forEach(n -> args.add(n.asText()));
            CommandLine.ParseResult parsed = CliSpec.commandLine().parseArgs(args.toArray(String[]::new));
            CommandLine.ParseResult leaf = parsed;
            while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
            }
            assertThat(leaf.commandSpec().userObject()).as(service.getKey() + " runs a command, not a command group")
                .isInstanceOf(Callable.class);
            if (args.get(0).equals("run")) {
                String app = args.get(1);
                if (!app.equals("all")) {
                    assertThat(Apps.get(app).name()).isEqualTo(app);
                }
            }
        }
    }

    @Test
    void everyDriftwatchVariableIsARealSetting() {
        Set<String> known = new HashSet<>();
        ConfigCatalog.all().forEach(e -> known.addAll(e.definition().names()));
        known.addAll(ProducerConfig.configNames());
        known.addAll(ConsumerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        known.addAll(StreamsConfig.configDef().names());
        compose.get("services")
                .fields()
                .forEachRemaining(service -> service.getValue()
                        .path("environment")
                        .fields()
                        .forEachRemaining(env -> {
                            if (LogFields.ENVIRONMENT.contains(env.getKey())) {
                                assertThat(logConfig())
                                        .as(env.getKey() + " is read by the logging configuration")
                                        .contains(env.getKey());
                            } else if (env.getKey().startsWith(ConfigSources.ENV_PREFIX)) {
                                String setting = ConfigSources.settingName(
                                        env.getKey().substring(ConfigSources.ENV_PREFIX.length()));
                                assertThat(known)
                                        .as(service.getKey() + ": " + env.getKey() + " -> " + setting)
                                        .contains(setting);
                            }
                        }));
    }

    private static String logConfig() {
        try {
            return Files.readString(Path.of("src", "main", "resources", "log4j2-cli.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void brokerIsOurKafkaVersionWithInternalAndHostListeners() throws IOException {
        JsonNode kafka = compose.get("services").get("kafka");
        String kafkaVersion = AppInfoParser.getVersion();
        assertThat(kafka.get("image").asText()).isEqualTo("apache/kafka:" + kafkaVersion);
        JsonNode env = kafka.get("environment");
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS").asText())
                .contains("INTERNAL://kafka:29092")
                .contains("HOST://localhost:9092");
        assertThat(env.get("KAFKA_INTER_BROKER_LISTENER_NAME").asText()).isEqualTo("INTERNAL");
        for (Map.Entry<String, JsonNode> service : driftwatchServices()) {
            assertThat(service.getValue().get("environment").get("DRIFTWATCH_BOOTSTRAP_SERVERS").asText())
                .as(service.getKey() + " talks to the internal listener").isEqualTo("kafka:29092");
        }
        assertThat(Files.readString(Path.of("..", "Dockerfile"))).contains("io.driftwatch.cli.Main");
    }

    /** The image builds the whole reactor: the Dockerfile copies every module the parent pom lists. */
    @Test
    void dockerfileCopiesEveryModule() throws IOException {
        String dockerfile = Files.readString(Path.of("..", "Dockerfile"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>")
            .matcher(Files.readString(Path.of("..", "pom.xml")));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        assertThat(modules).contains("schemas", "local-kafka", "connectors", "streams-app");
        for (String module : modules) {
            assertThat(dockerfile).as(module).contains("COPY " + module + " " + module + "\n");
        }
    }

    @Test
    void everyTopicNamedInTheFileIsInTheRegistry() throws IOException {
        Topics topics = Topics.from(new CommonConfig(Map.of()));
        Set<String> registry = new HashSet<>(topics.logicalNames());
        String text = Files.readString(COMPOSE);
        Matcher m = Pattern.compile("(?m)\\btopics?[\"']?\\s*[:=]\\s*[\"']?([a-z0-9.,-]+)").matcher(text);
        while (m.find()) {
            for (String name : m.group(1).split(",")) {
                if (!name.isBlank() && !name.equals("create")) {
                    assertThat(registry).as("topic '" + name + "' named in docker-compose.yml").contains(name.trim());
                }
            }
        }
    }

    @Test
    void everyAppHasAServiceAndPrometheusScrapesEachOne() throws IOException {
        JsonNode services = compose.get("services");
        String prometheus = Files.readString(Path.of("..", "ops", "prometheus", "prometheus.yml"));
        for (Apps.Definition app : Apps.all()) {
            assertThat(services.has(app.name())).as("a service runs " + app.name()).isTrue();
            assertThat(prometheus).as("prometheus scrapes " + app.name()).contains(app.name() + ":9404");
        }
        for (String mount : List.of("prometheus", "grafana", "connect", "connect-init")) {
            services.get(mount).path("volumes").forEach(v -> {
                String host = v.asText().split(":")[0];
                if (!host.contains("target")) { // built by mvn package
                    assertThat(Path.of("..", host)).as(mount + " mounts " + host).exists();
                }
            });
        }
    }

    @Test
    void connectMountsThePluginTheBuildMakesAndEveryConnectorConfigNamesRegistryTopics() throws IOException {
        JsonNode connect = compose.get("services").get("connect");
        assertThat(connect.get("volumes").toString()).contains("./connectors/target/plugin:/opt/driftwatch/plugins");
        assertThat(Files.readString(Path.of("..", "connectors", "pom.xml"))).contains("plugin");
        assertThat(Files.readString(Path.of("..", "ops", "connect", "connect-distributed.properties")))
            .contains("plugin.path=/opt/driftwatch/plugins").contains("bootstrap.servers=kafka:29092");
        // the JMX exporter agent the build copies, with the rules under ops/connect, scraped by Prometheus
        assertThat(connect.get("volumes").toString()).contains("./connectors/target/jmx-exporter:/opt/jmx-exporter");
        assertThat(connect.path("environment").path("KAFKA_OPTS").asText())
                .isEqualTo("-javaagent:/opt/jmx-exporter/jmx_prometheus_javaagent.jar=9404"
                        + ":/etc/driftwatch/jmx-exporter.yml");
        assertThat(Path.of("..", "ops", "connect", "jmx-exporter.yml")).exists();
        assertThat(Files.readString(Path.of("..", "connectors", "pom.xml")))
                .contains("<destFileName>jmx_prometheus_javaagent.jar</destFileName>");
        assertThat(Files.readString(Path.of("..", "ops", "prometheus", "prometheus.yml"))).contains("- connect:9404");
        Set<String> registry = new HashSet<>(Topics.from(new CommonConfig(Map.of())).logicalNames());
        try (var files = Files.list(Path.of("..", "connectors", "config"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode config = new ObjectMapper().readTree(f.toFile()).get("config");
                for (String topic : config.get("topics").asText().split(",")) {
                    assertThat(registry).as(f + " reads " + topic).contains(topic.trim());
                }
                assertThat(registry)
                        .as(f + " dead-letters")
                        .contains(
                                config.get("errors.deadletterqueue.topic.name").asText());
                String script = Files.readString(Path.of("..", "ops", "connect", "apply-configs.sh"));
                assertThat(script)
                        .as("apply-configs.sh applies " + f.getFileName())
                        .contains(f.getFileName().toString());
            }
        }
    }

    @Test
    void composeV1ValidatesTheFileOfflineWhenInstalled() throws Exception {
        Path tool = Path.of("/usr/bin/docker-compose");
        Assumptions.assumeTrue(Files.isExecutable(tool), "docker-compose v1 not installed");
        Process p = new ProcessBuilder(tool.toString(), "-f", COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }
}
