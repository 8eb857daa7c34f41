package io.driftwatch.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates driftwatch topics and checks existing ones, without ever changing an existing topic.
 *
 * <p>After creating, it waits until every partition of each new topic answers an offset query:
 * producing right after creation can otherwise lose the first batch (KAFKA-15591, Kafka 4.3.1).
 */
public final class TopicAdmin {

    /** What {@link #ensure} found or did for one topic. */
    public record Outcome(String topic, Status status, List<String> differences) {
        public enum Status { CREATED, EXISTS, DIFFERS }

        @Override
        public String toString() {
            return switch (status) {
                case CREATED -> "created   " + topic;
                case EXISTS -> "exists    " + topic;
                case DIFFERS -> "differs   " + topic + " (left unchanged): " + String.join("; ", differences);
            };
        }
    }

    private final Admin admin;
    private final Duration timeout;

    public TopicAdmin(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Creates the missing topics, reports existing ones whose settings differ. Idempotent. */
    public List<Outcome> ensure(Collection<Topic<?, ?>> topics) {
        try {
            List<NewTopic> newTopics = topics.stream().map(t -> new NewTopic(t.name(), Optional.of(t.partitions()),
                    t.replicationFactor() < 0 ? Optional.empty() : Optional.of(t.replicationFactor()))
                .configs(t.configs())).toList();
            Set<String> created = Set.copyOf(createMissing(newTopics));
            List<Outcome> outcomes = new ArrayList<>();
            topics.stream().filter(t -> created.contains(t.name()))
                .forEach(t -> outcomes.add(new Outcome(t.name(), Outcome.Status.CREATED, List.of())));
            outcomes.addAll(check(topics.stream().filter(t -> !created.contains(t.name())).toList()));
            waitUntilReady(topics.stream().map(Topic::name).toList());
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not create or check topics: " + rootMessage(e), e);
        }
    }

    /**
     * Creates those of {@code topics} that do not exist, as given, and returns the names it created; one
     * that someone else created meanwhile (another instance starting) counts as existing. Does not wait
     * for them to be ready ({@link #waitUntilReady}).
     */
    public List<String> createMissing(Collection<NewTopic> topics) throws InterruptedException, ExecutionException,
        TimeoutException {
        Set<String> existing = admin.listTopics().names().get(millis(), TimeUnit.MILLISECONDS);
        List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
        List<String> created = new ArrayList<>();
        if (missing.isEmpty()) {
            return created;
        }
        var result = admin.createTopics(missing);
        for (NewTopic t : missing) {
            try {
                result.values().get(t.name()).get(millis(), TimeUnit.MILLISECONDS);
                created.add(t.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    private List<Outcome> check(List<Topic<?, ?>> present) throws InterruptedException, ExecutionException,
        TimeoutException {
        if (present.isEmpty()) {
            return List.of();
        }
        List<String> names = present.stream().map(Topic::name).toList();
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
            .get(millis(), TimeUnit.MILLISECONDS);
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                .toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
            .get(millis(), TimeUnit.MILLISECONDS);
        List<Outcome> outcomes = new ArrayList<>();
        for (Topic<?, ?> t : present) {
            List<String> diffs = differences(t, descriptions.get(t.name()),
                configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name())));
            outcomes.add(
                    new Outcome(t.name(), diffs.isEmpty() ? Outcome.Status.EXISTS : Outcome.Status.DIFFERS, diffs));
        }
        return outcomes;
    }

    static List<String> differences(Topic<?, ?> expected, TopicDescription actual, Config config) {
        List<String> diffs = new ArrayList<>();
        int partitions = actual.partitions().size();
        if (partitions != expected.partitions()) {
            diffs.add("partitions " + partitions + ", expected " + expected.partitions());
        }
        int replication = actual.partitions().get(0).replicas().size();
        if (expected.replicationFactor() > 0 && replication != expected.replicationFactor()) {
            diffs.add("replication.factor " + replication + ", expected " + expected.replicationFactor());
        }
        for (Map.Entry<String, String> e : expected.configs().entrySet()) {
            ConfigEntry entry = config.get(e.getKey());
            String value = entry == null ? null : entry.value();
            if (!e.getValue().equals(value)) {
                diffs.add(e.getKey() + " " + value + ", expected " + e.getValue());
            }
        }
        return diffs;
    }

    /**
     * Fails fast when one of these topics is missing or has another partition count than the
     * registry says (the apps check partitions against it, and co-partitioning depends on it).
     */
    public void verifyPartitions(Collection<Topic<?, ?>> topics) {
        List<String> names = topics.stream().map(Topic::name).toList();
        Map<String, TopicDescription> found;
        try {
            found = admin.describeTopics(names).allTopicNames().get(millis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while describing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException(
                    "cannot describe " + names + " (run 'driftwatch topics create' first?): " + rootMessage(e), e);
        }
        for (Topic<?, ?> t : topics) {
            int actual = found.get(t.name()).partitions().size();
            if (actual != t.partitions()) {
                throw new KafkaException("topic " + t.name() + " has " + actual
                        + " partitions but topics.partitions is " + t.partitions() + ": set topics.partitions=" + actual
                        + " (every driftwatch topic needs the same count)");
            }
        }
    }

    /** Waits until every partition of these topics answers a list-offsets query, or times out. */
    public void waitUntilReady(Collection<String> topicNames) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        KafkaException last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topicNames).allTopicNames()
                    .get(millis(), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> query = new HashMap<>();
                descriptions.values().forEach(d -> d.partitions().forEach(
                    p -> query.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(query).all().get(millis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = new KafkaException(rootMessage(e), e);
                Thread.sleep(100); // back-off between polls of the broker, not a wait for a result
            }
        }
        throw new KafkaException("topics not ready after " + timeout + ": " + topicNames.stream()
            .collect(Collectors.joining(", ")), last);
    }

    private long millis() {
        return timeout.toMillis();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
