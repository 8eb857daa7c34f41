package io.driftwatch.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether consumer groups have processed everything committed to their input topics: for every input partition,
 * no committed (read_committed) record lies at or after the group's committed offset. Offsets alone do not say it:
 * a transactional producer's commit marker sits after its last record, so a group that committed "last record + 1"
 * is one behind the last stable offset with nothing left to read; such a gap is read to tell markers from records.
 *
 * <p>Checked group by group in pipeline order, one check says the whole chain is done: when a group is caught up,
 * everything it will write for that input is committed (exactly-once: outputs and offsets commit together), so the
 * next group's input is final when it is checked.
 */
final class Quiescence {

    /** A consumer group and the topics it reads. */
    record Group(String id, List<String> inputs) {}

    private final Admin admin;
    private final Map<String, Object> client;

    Quiescence(Admin admin, Map<String, Object> client) {
        this.admin = admin;
        this.client = client;
    }

    /** Polls until every group, in order, is caught up; fails after {@code timeout} naming the group that was not. */
    void await(List<Group> groups, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = firstBehind(groups);
            if (last == null) {
                return;
            }
            Thread.sleep(100); // polling interval of a check against the brokers, not a wait for a result
        }
        throw new IllegalStateException("not caught up after " + timeout + ": " + last);
    }

    /** The first group (with what it lags on) that has not processed all of its input, or null. */
    String firstBehind(List<Group> groups) {
        for (Group g : groups) {
            try {
                String behind = behind(g);
                if (behind != null) {
                    return g.id() + " " + behind;
                }
            } catch (ExecutionException | TimeoutException | KafkaException e) {
                return g.id() + " (" + e + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return g.id() + " (interrupted)";
            }
        }
        return null;
    }

    private String behind(Group g) throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.id())
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        admin.describeTopics(g.inputs())
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .values()
                .forEach(d -> d.partitions()
                        .forEach(p -> query.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> stable = new HashMap<>();
        admin.listOffsets(query, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(10, TimeUnit.SECONDS)
                .forEach((tp, info) -> stable.put(tp, info.offset()));
        Map<TopicPartition, Long> gaps = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : stable.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long from = c == null ? -1 : c.offset();
            if (from < e.getValue()) {
                gaps.put(e.getKey(), from);
            }
        }
        if (gaps.isEmpty()) {
            return null;
        }
        return recordsIn(gaps, stable);
    }

    /** Reads each gap [committed, stable) and names a partition holding a record there, or null if only markers. */
    private String recordsIn(Map<TopicPartition, Long> gaps, Map<TopicPartition, Long> stable) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(gaps.keySet());
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                if (gaps.get(tp) < 0) {
                    consumer.seekToBeginning(Set.of(tp));
                } else {
                    consumer.seek(tp, gaps.get(tp));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    var r = records.iterator().next();
                    return "has unprocessed input at " + r.topic() + "-" + r.partition() + "@" + r.offset();
                }
                if (partitions.stream().allMatch(tp -> consumer.position(tp) >= stable.get(tp))) {
                    return null;
                }
            }
            return "gap not read within 10 s: " + gaps;
        }
    }
}
