package io.driftwatch.connect;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets of records accepted but not delivered yet (rate-limited or waiting for a digest).
 *
 * <p>Invariant kept by {@link #limit(Map)}: the offset committed for a partition never passes its
 * lowest held record, so a crash or restart replays every alert not yet delivered (at-least-once).
 */
public final class HeldOffsets {
    private final Map<TopicPartition, TreeSet<Long>> held = new HashMap<>();

    public void hold(Alert alert) {
        held.computeIfAbsent(alert.topicPartition(), tp -> new TreeSet<>()).add(alert.offset());
    }

    public void release(Alert alert) {
        TreeSet<Long> offsets = held.get(alert.topicPartition());
        if (offsets != null) {
            offsets.remove(alert.offset());
            if (offsets.isEmpty()) {
                held.remove(alert.topicPartition());
            }
        }
    }

    /** Forgets revoked partitions. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(held::remove);
    }

    /** The offsets safe to commit: {@code current}, lowered to the first held record where needed. */
    public Map<TopicPartition, OffsetAndMetadata> limit(Map<TopicPartition, OffsetAndMetadata> current) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>(current);
        held.forEach((tp, offsets) -> {
            OffsetAndMetadata c = out.get(tp);
            if (c != null && offsets.first() < c.offset()) {
                out.put(tp, new OffsetAndMetadata(offsets.first()));
            }
        });
        return out;
    }

    public int size() {
        return held.values().stream().mapToInt(TreeSet::size).sum();
    }
}
