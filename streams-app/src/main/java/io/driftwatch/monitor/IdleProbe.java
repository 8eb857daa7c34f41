package io.driftwatch.monitor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a matching task that has seen no record may announce itself idle (a watermark of
 * {@link Long#MAX_VALUE}, so an empty partition does not hold evaluations back). Announcing it while
 * the task's input partitions still hold unread records would let the window stage evaluate
 * windows before that partition's pairs arrive, so on a cluster the answer comes from the offsets:
 * idle only when, for both inputs, the last stable offset equals the group's committed offset (or
 * the log start when nothing is committed yet). A slow start under load then only delays the
 * evaluations.
 */
@FunctionalInterface
interface IdleProbe {

    /** True when matching partition {@code partition} has nothing to read. */
    boolean nothingToRead(int partition);

    /** For TopologyTestDriver runs (no cluster to ask): a task without records after the idle delay is idle. */
    IdleProbe ASSUME_IDLE = partition -> true;

    /**
     * Asks the cluster through a short-lived Admin client (only called while a task has seen no
     * record, every few seconds); any error answers "not idle", which only waits.
     */
    static IdleProbe offsets(Map<String, Object> clientProperties, String groupId, List<String> inputTopics) {
        Logger log = LoggerFactory.getLogger(IdleProbe.class);
        return partition -> {
            List<TopicPartition> tps = inputTopics.stream()
                    .map(t -> new TopicPartition(t, partition))
                    .toList();
            try (Admin admin = Admin.create(clientProperties)) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                tps.forEach(tp -> {
                    latest.put(tp, OffsetSpec.latest());
                    earliest.put(tp, OffsetSpec.earliest());
                });
                Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(
                                latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all()
                        .get(10, TimeUnit.SECONDS);
                Map<TopicPartition, ListOffsetsResultInfo> starts =
                        admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
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
            }
        };
    }
}
