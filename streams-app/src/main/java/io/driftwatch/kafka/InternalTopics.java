package io.driftwatch.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.StoreBuilder;

import io.driftwatch.topics.TopicAdmin;

/**
 * The internal topics Kafka Streams creates for a topology on its first start (repartition topics
 * and store changelogs), computed ahead of the start so they can be created before it.
 *
 * <p>Why: on a first start the group leader creates them during the first rebalance (each one is
 * ready only after a round of metadata requests), and the members, which see the new repartition
 * topics in their metadata only afterwards, rebalance a second time: 2-4 s before the first record
 * is processed, where a restart takes a fraction of a second. Created ahead, a first start is a
 * restart. It also serves clusters where the app's principal may read and write its topics but not
 * create them: {@code driftwatch topics create} creates them with the same names, partition counts
 * and configs Kafka Streams would (proven against Kafka Streams' own in {@code InternalTopicsIT}).
 *
 * <p>Names and configs follow Kafka Streams 4.x: {@code <application.id>-<name>-repartition} with
 * {@code cleanup.policy=delete}, {@code retention.ms=-1}, {@code segment.bytes=52428800};
 * {@code <application.id>-<store>-changelog} with {@code cleanup.policy=compact}; both with
 * {@code message.timestamp.type=CreateTime}, then the app's {@code topic.*} settings, then the
 * store's own log config. A repartition topic has the partition count of the widest input of the
 * sub-topology that writes it, a changelog that of the sub-topology whose processor owns the store.
 * Covered: key-value stores added with a {@link StoreBuilder} and repartition topics without an
 * explicit partition count (what the driftwatch topologies use); anything else is refused with an
 * error rather than guessed.
 */
public final class InternalTopics {

    private static final String REPARTITION_SUFFIX = "-repartition";

    private InternalTopics() {
    }

    /**
     * The internal topics of {@code topology}: {@code stores} are the builders of every store its
     * processors use (global stores excluded), {@code partitionsOf} the partition count of each
     * external source topic.
     */
    public static List<NewTopic> plan(
            TopologyDescription topology,
            Collection<StoreBuilder<?>> stores,
            Properties streamsProps,
            ToIntFunction<String> partitionsOf) {
        StreamsConfig streamsConfig = new StreamsConfig(streamsProps);
        String appId = streamsConfig.getString(StreamsConfig.APPLICATION_ID_CONFIG);
        int replication = streamsConfig.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG);
        Map<String, String> topicDefaults = new HashMap<>();
        streamsConfig
                .originalsWithPrefix(StreamsConfig.TOPIC_PREFIX)
                .forEach((k, v) -> topicDefaults.put(k, String.valueOf(v)));
        Map<String, StoreBuilder<?>> builders = new HashMap<>();
        stores.forEach(b -> builders.put(b.name(), b));

        List<TopologyDescription.Subtopology> subtopologies = new ArrayList<>(topology.subtopologies());
        Map<String, Integer> repartitionPartitions = repartitionPartitions(subtopologies, partitionsOf);
        Map<String, NewTopic> topics = new TreeMap<>();
        repartitionPartitions.forEach((name, partitions) -> {
            Map<String, String> configs = new HashMap<>();
            configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            configs.put(TopicConfig.SEGMENT_BYTES_CONFIG, "52428800");
            configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
            configs.putAll(topicDefaults);
            topics.put(appId + "-" + name, newTopic(appId + "-" + name, partitions, replication, configs));
        });
        for (TopologyDescription.Subtopology sub : subtopologies) {
            int partitions = partitions(sub, partitionsOf, repartitionPartitions);
            for (String store : storesOf(sub)) {
                StoreBuilder<?> b = builders.get(store);
                if (b == null) {
                    throw new IllegalArgumentException("store '" + store + "' of sub-topology " + sub.id()
                        + " has no StoreBuilder among " + builders.keySet() + ": cannot tell its changelog's settings");
                }
                if (!b.loggingEnabled()) {
                    continue;
                }
                Map<String, String> configs = new HashMap<>();
                configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                configs.putAll(topicDefaults);
                configs.putAll(b.logConfig());
                String name = appId + "-" + store + "-changelog";
                topics.put(name, newTopic(name, partitions, replication, configs));
            }
        }
        return List.copyOf(topics.values());
    }

    /**
     * Creates those of {@code topics} that do not exist yet and waits until each answers an offsets
     * query ({@link TopicAdmin}); returns the names created. An existing topic with another partition
     * count is an {@link IllegalStateException} (Kafka Streams would refuse to start on it too), with
     * the fix in the message; a failure to talk to the cluster (or to create) a {@link KafkaException}.
     */
    public static List<String> create(Admin admin, List<NewTopic> topics, Duration timeout) {
        TopicAdmin topicAdmin = new TopicAdmin(admin, timeout);
        List<String> names = topics.stream().map(NewTopic::name).toList();
        try {
            List<String> created = topicAdmin.createMissing(topics);
            topicAdmin.waitUntilReady(names);
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> wrong = new ArrayList<>();
            for (NewTopic t : topics) {
                int actual = described.get(t.name()).partitions().size();
                if (actual != t.numPartitions()) {
                    wrong.add(t.name() + " has " + actual + " partitions, expected " + t.numPartitions());
                }
            }
            if (!wrong.isEmpty()) {
                throw new IllegalStateException(
                        "internal topics with the wrong partition count: " + wrong + " (the input topics' partition"
                                + " count changed? reset the app"
                                + " with"
                                + " kafka-streams-application-reset,"
                                + " or use a new application id)");
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating internal topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException(
                    "could not create the internal topics: " + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    /** Partition count of each repartition topic (without the application id), resolved through the sub-topologies. */
    private static Map<String, Integer> repartitionPartitions(List<TopologyDescription.Subtopology> subtopologies,
                                                              ToIntFunction<String> partitionsOf) {
        Set<String> repartition = new HashSet<>();
        Map<String, List<TopologyDescription.Subtopology>> writers = new LinkedHashMap<>();
        for (TopologyDescription.Subtopology sub : subtopologies) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Sink sink
                        && sink.topic() != null
                        && sink.topic().endsWith(REPARTITION_SUFFIX)) {
                    repartition.add(sink.topic());
                    writers.computeIfAbsent(sink.topic(), t -> new ArrayList<>()).add(sub);
                }
            }
        }
        Map<String, Integer> partitions = new TreeMap<>();
        // each round resolves the topics whose writers read only resolved topics; a cycle would never resolve
        for (int round = 0; partitions.size() < repartition.size(); round++) {
            if (round > repartition.size()) {
                throw new IllegalArgumentException("cannot resolve the partition counts of " + repartition);
            }
            for (var e : writers.entrySet()) {
                int max = 0;
                boolean known = true;
                for (TopologyDescription.Subtopology writer : e.getValue()) {
                    for (String source : sourceTopics(writer)) {
                        Integer n = repartition.contains(source)
                                ? partitions.get(source)
                                : Integer.valueOf(partitionsOf.applyAsInt(source));
                        if (n == null) {
                            known = false;
                        } else {
                            max = Math.max(max, n);
                        }
                    }
                }
                if (known) {
                    partitions.put(e.getKey(), max);
                }
            }
        }
        return partitions;
    }

    private static int partitions(TopologyDescription.Subtopology sub, ToIntFunction<String> partitionsOf,
                                  Map<String, Integer> repartition) {
        int max = 0;
        for (String source : sourceTopics(sub)) {
            max = Math.max(
                    max, repartition.containsKey(source) ? repartition.get(source) : partitionsOf.applyAsInt(source));
        }
        return max;
    }

    private static List<String> sourceTopics(TopologyDescription.Subtopology sub) {
        List<String> topics = new ArrayList<>();
        for (TopologyDescription.Node node : sub.nodes()) {
            if (node instanceof TopologyDescription.Source source) {
                if (source.topicSet() == null) {
                    throw new IllegalArgumentException(
                            "source " + source.name() + " reads a topic pattern: its partitions are unknown ahead");
                }
                topics.addAll(source.topicSet());
            }
        }
        return topics;
    }

    private static Set<String> storesOf(TopologyDescription.Subtopology sub) {
        Set<String> stores = new TreeSet<>();
        for (TopologyDescription.Node node : sub.nodes()) {
            if (node instanceof TopologyDescription.Processor p) {
                stores.addAll(p.stores());
            }
        }
        return stores;
    }

    private static NewTopic newTopic(String name, int partitions, int replication, Map<String, String> configs) {
        return new NewTopic(
                        name,
                        Optional.of(partitions),
                        replication < 0 ? Optional.empty() : Optional.of((short) replication))
                .configs(configs);
    }
}
