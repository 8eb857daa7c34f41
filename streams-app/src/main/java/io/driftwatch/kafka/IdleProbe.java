package io.driftwatch.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a task has nothing to read on its input partitions, so it may announce itself idle
 * (the monitor's matching stage: a watermark of {@link Long#MAX_VALUE}, so an empty partition does not
 * hold evaluations back; {@link RerouteSplit}: a progress mark that lets the other partitions close
 * their buckets). Announcing it while the task's input partitions still hold unread records would let
 * later stages close windows before that partition's records arrive, so on a cluster the answer comes
 * from the offsets: idle only when, for every input, the last stable offset equals the group's
 * committed offset (or the log start when nothing is committed yet). A slow start under load then
 * only delays the evaluations.
 */
@FunctionalInterface
public interface IdleProbe {

    /** How long one question to the cluster may take. */
    Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    /** True when matching partition {@code partition} has nothing to read. */
    boolean nothingToRead(int partition);

    /**
     * The same question about one input only: its index in the list of input topics the probe was made with (all
     * of them when it was not made from such a list).
     */
    default IdleProbe input(int index) {
        return this;
    }

    /** For TopologyTestDriver runs (no cluster to ask): a task without records after the idle delay is idle. */
    IdleProbe ASSUME_IDLE = partition -> true;

    /**
     * Asks the cluster through a short-lived Admin client (only called while a task reads nothing, or while one of
     * matching's inputs holds its time back, at most every second), each question bounded by {@link #ASK_TIMEOUT};
     * any error answers "not idle", which only waits. {@link #input(int)} asks about one of {@code inputTopics}.
     */
    static IdleProbe offsets(Map<String, Object> clientProperties, String groupId, List<String> inputTopics) {
        IdleProbe all = allOf(clientProperties, groupId, inputTopics);
        return new IdleProbe() {
            @Override
            public boolean nothingToRead(int partition) {
                return all.nothingToRead(partition);
            }

            @Override
            public IdleProbe input(int index) {
                return allOf(clientProperties, groupId, List.of(inputTopics.get(index)));
            }
        };
    }

    private static IdleProbe allOf(Map<String, Object> clientProperties, String groupId, List<String> inputTopics) {
        Logger log = LoggerFactory.getLogger(IdleProbe.class);
        return partition -> {
            List<TopicPartition> tps = inputTopics.stream()
                    .map(t -> new TopicPartition(t, partition))
                    .toList();
            Map<String, Object> props = new HashMap<>(clientProperties);
            // asked on a stream thread: a broker that does not answer must not hold it for the Admin's default minute
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ASK_TIMEOUT.toMillis());
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ASK_TIMEOUT.toMillis());
            Admin admin = Admin.create(props);
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                tps.forEach(tp -> {
                    latest.put(tp, OffsetSpec.latest());
                    earliest.put(tp, OffsetSpec.earliest());
                });
                Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(
                                latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all()
                        .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Map<TopicPartition, ListOffsetsResultInfo> starts =
                        admin.listOffsets(earliest).all().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata()
                        .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                for (TopicPartition tp : tps) {
                    OffsetAndMetadata c = committed.get(tp);
                    long from = c != null ? c.offset() : starts.get(tp).offset();
                    if (ends.get(tp).offset() > from) {
                        return false;
                    }
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                log.debug("cannot tell whether matching partition {} is idle: {}", partition, e.toString());
                return false;
            } finally {
                admin.close(Duration.ZERO); // pending calls are abandoned, not waited for
            }
        };
    }
}
