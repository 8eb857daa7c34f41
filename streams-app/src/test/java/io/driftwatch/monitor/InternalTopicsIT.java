package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.app.StreamsApp;
import io.driftwatch.kafka.InternalTopics;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.topics.Topics;

/**
 * The monitor's internal topics as {@link MonitorStartup#internalTopics} plans them are the ones Kafka
 * Streams itself creates on a first start (names, partition counts, topic configs), and a first
 * start on provisioned topics needs one rebalance.
 */
@Tag("integration")
@ExtendWith(LocalKafkaExtension.class)
class InternalTopicsIT {

    private static MonitorConfig config(LocalKafkaBroker broker, String test, Map<String, Object> extra)
            throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(MonitorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        p.put(MonitorConfig.TOPICS_PREFIX, KafkaTestKit.uniquePrefix(test));
        p.put(MonitorConfig.TOPICS_PARTITIONS, 3);
        p.put(MonitorConfig.APPLICATION_ID_PREFIX, KafkaTestKit.uniquePrefix(test));
        p.put(MonitorConfig.STATE_DIR, TempDirs.create("internal-topics-it").toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.putAll(extra);
        MonitorConfig config = new MonitorConfig(p);
        new KafkaTestKit(broker).createTopics(Topics.from(config).all());
        return MonitorStartup.resolve(config);
    }

    @Test
    @Timeout(120)
    void planEqualsWhatKafkaStreamsCreates(LocalKafkaBroker broker) throws Exception {
        planEqualsWhatKafkaStreamsCreates(broker, config(broker, "internal-plain", Map.of()));
    }

    /**
     * The re-routing detour is in the topology once its topic exists (created here as the app creates it at the first
     * misplaced record): Kafka Streams then takes that topic as its own and creates the progress store's changelog.
     */
    @Test
    @Timeout(120)
    void planEqualsWhatKafkaStreamsCreatesWithTheDetour(LocalKafkaBroker broker) throws Exception {
        MonitorConfig resolved = config(broker, "internal-detour", Map.of());
        assertThat(resolved.rerouteMisplaced()).as("no detour before its topic exists").isFalse();
        assertThat(MonitorStartup.internalTopics(resolved)).hasSize(11);
        Map<String, Object> detour = new HashMap<>(resolved.originals());
        detour.put(MonitorConfig.REROUTE_DETOUR, true);
        List<NewTopic> reroute = MonitorStartup.internalTopics(new MonitorConfig(detour)).stream()
            .filter(t -> t.name().equals(MonitorStartup.rerouteTopic(resolved)))
            .toList();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertThat(InternalTopics.create(admin, reroute, Duration.ofSeconds(30))).hasSize(1);
        }
        MonitorConfig withDetour = MonitorStartup.resolve(resolved);
        assertThat(withDetour.rerouteMisplaced()).isTrue();
        planEqualsWhatKafkaStreamsCreates(broker, withDetour);
    }

    @Test
    @Timeout(120)
    void planEqualsWhatKafkaStreamsCreatesWithoutRerouting(LocalKafkaBroker broker) throws Exception {
        MonitorConfig resolved = config(broker, "internal-strict", Map.of(MonitorConfig.REROUTE_MISPLACED, false));
        assertThat(MonitorStartup.internalTopics(resolved)).hasSize(11);
        planEqualsWhatKafkaStreamsCreates(broker, resolved);
    }

    @Test
    @Timeout(120)
    void planEqualsWhatKafkaStreamsCreatesWithRepartitionedInputsAndTopicSettings(LocalKafkaBroker broker)
            throws Exception {
        planEqualsWhatKafkaStreamsCreates(broker, config(broker, "internal-repartition", Map.of(
            MonitorConfig.REPARTITION_INPUTS, true, StreamsConfig.topicPrefix("min.cleanable.dirty.ratio"), "0.3")));
    }

    private static void planEqualsWhatKafkaStreamsCreates(LocalKafkaBroker broker, MonitorConfig resolved)
            throws Exception {
        String appId = MonitorTopology.streamsProperties(resolved).getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        Map<String, String> planned = new TreeMap<>();
        for (NewTopic t : MonitorStartup.internalTopics(resolved)) {
            planned.put(t.name(), t.numPartitions() + " " + new TreeMap<>(t.configs()));
        }
        // Kafka Streams creates them itself: the app without the provisioning step
        try (StreamsApp monitor = Apps.createStreamsAppWithoutStartupSteps("monitor", resolved.originals());
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            KafkaStreams app = monitor.start().streams();
            Map<String, String> created = new TreeMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (app.state() != KafkaStreams.State.RUNNING || created.size() < planned.size()) {
                assertThat(System.nanoTime()).as("RUNNING with its internal topics within 60 s").isLessThan(deadline);
                Thread.sleep(100); // polling the app and the cluster with a deadline
                created = describe(admin, appId);
            }
            assertThat(created).isEqualTo(planned);
            // the reason to create them ahead: the consumer saw the repartition topic only after the first rebalance
            assertThat(rebalances(app)).as("rebalances of the one stream thread's consumer").isGreaterThanOrEqualTo(2);
            assertThat(planned)
                    // 11 changelogs and monitor-partials; with the re-routing detour also the reroute topic and its
                    // progress store's changelog, with monitor.repartition-inputs the two by-series topics instead
                    .hasSize(resolved.rerouteMisplaced() || resolved.repartitionInputs() ? 13 : 11)
                    .allSatisfy((name, spec) -> assertThat(spec).startsWith("3 "));
        }
    }

    /** Partition count and the topic-level (dynamic) configs of the topics named {@code appId-*}. */
    private static Map<String, String> describe(Admin admin, String appId) throws Exception {
        List<String> names = admin.listTopics().names().get().stream().filter(n -> n.startsWith(appId + "-")).toList();
        Map<String, String> out = new TreeMap<>();
        if (names.isEmpty()) {
            return out;
        }
        var descriptions = admin.describeTopics(names).allTopicNames().get();
        var configs = admin.describeConfigs(names.stream()
                        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                        .toList())
                .all()
                .get();
        for (String n : names) {
            Map<String, String> dynamic = new TreeMap<>();
            for (ConfigEntry e : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, n)).entries()) {
                if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                    dynamic.put(e.name(), e.value());
                }
            }
            out.put(n, descriptions.get(n).partitions().size() + " " + dynamic);
        }
        return out;
    }

    @Test
    @Timeout(120)
    void aFirstStartOnProvisionedTopicsRebalancesOnceAndWrongPartitionCountsAreRefused(LocalKafkaBroker broker)
            throws Exception {
        MonitorConfig resolved = config(broker, "internal-provisioned", Map.of());
        // as `run monitor` builds it: creates the internal topics first
        try (StreamsApp app = Apps.createStreamsApp("monitor", resolved.originals())) {
            app.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (app.streams().state() != KafkaStreams.State.RUNNING) {
                assertThat(System.nanoTime()).as("RUNNING within 60 s").isLessThan(deadline);
                Thread.sleep(50); // polling the state with a deadline
            }
            assertThat(rebalances(app.streams())).as("rebalances of the one stream thread's consumer").isEqualTo(1);
        }
        // idempotent: a second provisioning finds them all
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertThat(InternalTopics.create(admin, MonitorStartup.internalTopics(resolved), Duration.ofSeconds(30)))
                    .isEmpty();
            // as after the inputs grew to 6 partitions: the existing internal topics no longer fit
            Map<String, Object> grown = new HashMap<>(resolved.originals());
            grown.put(MonitorConfig.INPUT_PARTITIONS, 6);
            assertThatThrownBy(() -> InternalTopics.create(
                            admin, MonitorStartup.internalTopics(new MonitorConfig(grown)), Duration.ofSeconds(30)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has 3 partitions, expected 6")
                    .hasMessageContaining("kafka-streams-application-reset");
        }
    }

    private static long rebalances(KafkaStreams app) {
        double sum = 0;
        for (var e : app.metrics().entrySet()) {
            if (e.getKey().group().equals("consumer-coordinator-metrics") && e.getKey().name().equals("rebalance-total")
                && e.getKey().tags().getOrDefault("client-id", "").endsWith("-consumer")
                && e.getValue().metricValue() instanceof Number n) {
                sum += n.doubleValue();
            }
        }
        return Math.round(sum);
    }
}
