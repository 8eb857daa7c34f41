package io.driftwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.Quorum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline against brokers that fail: a three-node KRaft cluster (three {@code driftwatch broker} processes
 * with one controller quorum; every topic, internal ones included, with replication factor 3 and
 * min.insync.replicas 2) losing a node to SIGKILL mid-run and getting it back; and a single broker stopped and
 * started again on its own log directory mid-run. The apps run in this JVM; either way their outputs are exactly
 * those of an undisturbed run ({@link Reference}): nothing lost, nothing twice.
 */
@ExtendWith(LocalKafkaExtension.class)
@Tag("cluster") // in `mvn verify`; -Dits.excludedGroups=cluster leaves it out of a quick build
class BrokerFailureIT {

    @TempDir
    Path work;

    /** The undisturbed run all cases compare with, made once per test JVM and timed apart from them. */
    @BeforeAll
    @Timeout(900)
    static void undisturbedRun(LocalKafkaBroker broker) throws Exception {
        Reference.outputs(broker);
    }

    @Test
    @Timeout(600)
    void aThreeBrokerClusterLosingABrokerMidRunGivesTheUndisturbedOutputs(LocalKafkaBroker shared) throws Exception {
        Outputs expected = Reference.outputs(shared);
        Quorum quorum = Quorum.of(3);
        List<Integer> ports = List.of(freePort(), freePort(), freePort());
        List<ChildJvm> brokers = new ArrayList<>();
        try {
            for (int id = 1; id <= 3; id++) {
                brokers.add(ChildJvm.start(
                        List.of(
                                "broker",
                                "--port",
                                String.valueOf(ports.get(id - 1)),
                                "--node-id",
                                String.valueOf(id),
                                "--quorum",
                                quorum.voters(),
                                "--cluster-id",
                                quorum.clusterId(),
                                "--data-dir",
                                work.resolve("node-" + id).toString()),
                        work.resolve("broker-" + id + ".log"),
                        "384m"));
            }
            brokers.forEach(BrokerFailureIT::awaitBrokerUp);
            String bootstrap = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
            Pipeline p = new Pipeline(
                    bootstrap,
                    KafkaTestKit.uniquePrefix("rf3"),
                    Pipeline.Plan.forTests(),
                    Map.of(CommonConfig.TOPICS_REPLICATION_FACTOR, "3", CommonConfig.TOPICS_MIN_INSYNC_REPLICAS, "2"));
            p.prepare();
            ChildJvm victim = brokers.get(1);
            try (Fleet f = new Fleet(p, work.resolve("apps"), Map.of(), Map.of()).startInProcess()) {
                p.feed(
                        step -> {
                            f.checkAlive();
                            if (step == 1) {
                                victim.kill();
                            } else if (step == 4) {
                                victim.start();
                                awaitBrokerUp(victim);
                            }
                        },
                        Duration.ofMinutes(3));
                f.checkAlive();
            }
            assertEveryTopicReplicatedThreeWays(bootstrap, p);
            Outputs actual = p.outputs();
            assertThat(actual.differencesFrom(expected))
                    .as("outputs vs an undisturbed run")
                    .isEmpty();
            assertThat(actual).isEqualTo(expected);
        } finally {
            for (ChildJvm b : brokers) {
                b.kill();
            }
        }
    }

    @Test
    @Timeout(600)
    void aSingleBrokerRestartedOnItsLogDirMidRunGivesTheUndisturbedOutputs(LocalKafkaBroker shared) throws Exception {
        Outputs expected = Reference.outputs(shared);
        int port = freePort();
        ChildJvm broker = ChildJvm.start(
                List.of(
                        "broker",
                        "--port",
                        String.valueOf(port),
                        "--data-dir",
                        work.resolve("single").toString()),
                work.resolve("single.log"),
                "384m");
        try {
            awaitBrokerUp(broker);
            Pipeline p = new Pipeline(
                    "127.0.0.1:" + port, KafkaTestKit.uniquePrefix("restart"), Pipeline.Plan.forTests(), Map.of());
            p.prepare();
            try (Fleet f = new Fleet(p, work.resolve("apps"), Map.of(), Map.of()).startInProcess()) {
                p.feed(
                        step -> {
                            f.checkAlive();
                            if (step == 2) {
                                broker.stop(Duration.ofSeconds(60));
                                broker.start();
                                awaitBrokerUp(broker);
                            }
                        },
                        Duration.ofMinutes(3));
                f.checkAlive();
            }
            Outputs actual = p.outputs();
            assertThat(actual.differencesFrom(expected))
                    .as("outputs vs an undisturbed run")
                    .isEmpty();
            assertThat(actual).isEqualTo(expected);
        } finally {
            broker.kill();
        }
    }

    private static void assertEveryTopicReplicatedThreeWays(String bootstrap, Pipeline p) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<String> names = admin.listTopics().names().get().stream()
                    .filter(n -> n.startsWith(p.settings().get(CommonConfig.TOPICS_PREFIX)))
                    .sorted()
                    .toList();
            assertThat(names)
                    .as("the pipeline's topics, its apps' changelogs and repartition topics")
                    .anyMatch(n -> n.endsWith("-changelog"))
                    .anyMatch(n -> n.endsWith("-repartition"));
            Map<String, TopicDescription> d =
                    admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                    .toList();
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get();
            for (String n : names) {
                assertThat(d.get(n).partitions())
                        .as(n)
                        .allSatisfy(part -> assertThat(part.replicas()).hasSize(3));
                assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, n))
                                .get("min.insync.replicas")
                                .value())
                        .as(n)
                        .isEqualTo("2");
            }
        }
    }

    static void awaitBrokerUp(ChildJvm broker) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .failFast("broker exited:\n" + broker.tail(30), () -> !broker.isAlive())
                .until(() -> Files.exists(broker.log()) && countRunning(broker.log()) > restarts(broker));
    }

    private static long countRunning(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.startsWith("Kafka broker running"))
                .count();
    }

    /** Startups logged before this one: the log is appended across restarts. */
    private static long restarts(ChildJvm broker) {
        return broker.starts() - 1;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
