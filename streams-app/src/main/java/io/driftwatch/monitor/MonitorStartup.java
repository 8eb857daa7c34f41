package io.driftwatch.monitor;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.kafka.FutureTimestamps;
import io.driftwatch.kafka.IdleProbe;
import io.driftwatch.kafka.InternalTopics;
import io.driftwatch.kafka.Reroute;
import io.driftwatch.topics.Topics;

/**
 * The monitor's start-up steps: resolves the input partition count on the cluster (predictions and actuals
 * must agree), whether its internal topics can name {@code message.timestamp.after.max.ms}
 * ({@link FutureTimestamps}) and whether the re-routing detour is built (its topic exists, {@link #buildDetour}),
 * and creates its internal topics ahead; {@code launch.Apps} builds the monitor from
 * these steps and {@link MonitorTopology} ({@code driftwatch run monitor}).
 */
public final class MonitorStartup {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorStartup.class);

    private MonitorStartup() {
    }

    /** Looks up the input partition count and returns the config with {@code monitor.input.partitions} set. */
    public static MonitorConfig resolve(MonitorConfig config) {
        Topics topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafkaClientProperties())) {
            Map<String, TopicDescription> d = admin.describeTopics(
                            List.of(topics.predictions.name(), topics.actuals.name()))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            int predictions = d.get(topics.predictions.name()).partitions().size();
            int actuals = d.get(topics.actuals.name()).partitions().size();
            if (predictions != actuals) {
                throw new ConfigException(topics.predictions.name() + " has " + predictions + " partitions but "
                        + topics.actuals.name() + " has " + actuals
                        + ": they must be co-partitioned (same key = series_id, same partition count)");
            }
            Map<String, Object> props = new HashMap<>(FutureTimestamps.forBrokers(admin, config.originals()));
            props.put(MonitorConfig.INPUT_PARTITIONS, predictions);
            props.put(MonitorConfig.REROUTE_DETOUR, admin.listTopics().names().get(30, TimeUnit.SECONDS)
                .contains(rerouteTopic(config)));
            return new MonitorConfig(props);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the input topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot describe " + topics.predictions.name() + " and " + topics.actuals.name()
                            + " (create them with 'topics create'): " + e.getMessage(),
                    e);
        }
    }

    /** The topic of the monitor's re-routing detour: {@code <application.id>-monitor-reroute-repartition}. */
    public static String rerouteTopic(MonitorConfig config) {
        return Reroute.topic(config.applicationId(MonitorTopology.APP), MonitorTopology.REROUTE);
    }

    /**
     * Creates the internal topics of the re-routing detour (the reroute topic, the progress store's changelog), so that
     * {@link #resolve} gives every instance the topology with the detour from now on; fails when the topic cannot be
     * created (then create it ahead, with the partition count of the inputs).
     */
    public static void buildDetour(MonitorConfig resolved) {
        Map<String, Object> props = new HashMap<>(resolved.originals());
        props.put(MonitorConfig.REROUTE_DETOUR, true);
        List<NewTopic> topics = internalTopics(new MonitorConfig(props));
        try (Admin admin = Admin.create(resolved.kafkaClientProperties())) {
            List<String> created = InternalTopics.create(admin, topics, Duration.ofSeconds(30));
            LOG.info("monitor: created {} for its re-routing detour", created);
        }
    }

    /**
     * Where re-routing is wanted but its detour not built yet, reads the next records of the inputs
     * ({@link MisplacedProbe}) and builds the detour now if one of them is misplaced: a backlog that starts with
     * misplaced records is then read with the detour from its first record. Returns the config to build the monitor
     * with.
     */
    public static MonitorConfig detourIfMisplaced(MonitorConfig resolved) {
        if (!resolved.awaitsMisplaced()) {
            return resolved;
        }
        String misplaced = MisplacedProbe.firstMisplaced(resolved);
        if (misplaced == null) {
            return resolved;
        }
        LOG.info("monitor: misplaced input ahead ({}): building its re-routing detour before it starts", misplaced);
        buildDetour(resolved);
        Map<String, Object> props = new HashMap<>(resolved.originals());
        props.put(MonitorConfig.REROUTE_DETOUR, true);
        return new MonitorConfig(props);
    }

    /**
     * The monitor's internal topics (its repartition topic and its stores' changelogs) as Kafka Streams
     * would create them on a first start; {@code resolved} carries the input partition count.
     */
    public static List<NewTopic> internalTopics(MonitorConfig resolved) {
        int partitions = resolved.inputPartitions();
        return InternalTopics.plan(MonitorTopology.build(resolved, IdleProbe.ASSUME_IDLE).describe(),
            MonitorTopology.stores(resolved), MonitorTopology.streamsProperties(resolved), topic -> partitions);
    }

    /**
     * Creates the monitor's missing internal topics before it starts: Kafka Streams would create them in
     * its first rebalance and then rebalance again once the members see the repartition topic (2-4 s
     * before the first record on a first start, see {@link InternalTopics}). Where the app may not create
     * topics, this only logs why and Kafka Streams' own attempt reports the error.
     */
    public static void provision(MonitorConfig resolved) {
        List<NewTopic> topics = internalTopics(resolved);
        long t0 = System.nanoTime();
        try (Admin admin = Admin.create(resolved.kafkaClientProperties())) {
            List<String> created = InternalTopics.create(admin, topics, Duration.ofSeconds(30));
            if (!created.isEmpty()) {
                LOG.info("monitor: created {} of its {} internal topics in {} ms: {}", created.size(), topics.size(),
                    (System.nanoTime() - t0) / 1_000_000, created);
            }
        } catch (KafkaException e) {
            LOG.warn(
                    "monitor: could not create its internal topics ahead ({}); Kafka Streams will try on its first"
                            + " rebalance",
                    e.getMessage());
        }
    }
}
