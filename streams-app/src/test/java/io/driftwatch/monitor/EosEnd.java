package io.driftwatch.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import io.driftwatch.kafka.Reroute;

/**
 * Finds the end of an exactly-once run (DESIGN section 8): the app's committed offsets reached the
 * end of its inputs (non-transactional: exactly the end offset) and of its internal repartition
 * topic (transactional: no open transaction, i.e. last stable offset = end, and at most the final
 * commit marker left unconsumed). Then every output transaction is committed and
 * {@link #readAll} returns all of it.
 */
public final class EosEnd {

    private final Admin admin;

    public EosEnd(Admin admin) {
        this.admin = admin;
    }

    /** Committed input offsets of the group as a fraction of the inputs' end offsets. */
    public double progress(String groupId, List<String> inputs) throws Exception {
        Map<TopicPartition, Long> end = offsets(inputs, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, OffsetAndMetadata> committed = committed(groupId);
        long total = 0;
        long done = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            total += e.getValue();
            OffsetAndMetadata c = committed.get(e.getKey());
            done += c == null ? 0 : c.offset();
        }
        return total == 0 ? 1.0 : (double) done / total;
    }

    /**
     * The monitor's internal topics whose consumption ends a run: the partials repartition topic and, with the
     * re-routing detour ({@code rerouted}), the re-route topic, which carries the partitions' progress marks that
     * release the records a matching task holds back.
     */
    public static List<String> monitorInternal(String group, boolean rerouted) {
        List<String> internal = new ArrayList<>(List.of(group + "-" + MonitorTopology.PARTIALS + "-repartition"));
        if (rerouted) {
            internal.add(Reroute.topic(group, MonitorTopology.REROUTE));
        }
        return internal;
    }

    /**
     * {@link #monitorInternal(String, boolean)}, with the re-route topic when it exists: the monitor builds its detour
     * only when a misplaced record needs it.
     */
    public List<String> monitorInternal(String group) throws Exception {
        boolean detour = admin.listTopics().names().get(30, TimeUnit.SECONDS)
            .contains(Reroute.topic(group, MonitorTopology.REROUTE));
        return monitorInternal(group, detour);
    }

    /**
     * How long the end must hold: a matching partition with nothing left to read takes up the other partitions'
     * progress at its next idle check (every {@link Reroute#IDLE_CHECK_MS}), after the offsets already said the input
     * was consumed, and what it closes then is written at the next commit.
     */
    public static final Duration SETTLE = Duration.ofMillis(3 * Reroute.IDLE_CHECK_MS);

    private long endSince = -1;
    private long endOffsets = -1;

    /**
     * True once {@link #reachedEnd} has held for {@link #SETTLE} with the internal topics' end offsets unchanged
     * (polled: call it repeatedly); {@link #endedAt()} is then when that stretch began.
     */
    public boolean settled(String groupId, List<String> inputs, List<String> transactional) throws Exception {
        if (!reachedEnd(groupId, inputs, transactional)) {
            endSince = -1;
            return false;
        }
        long ends = offsets(transactional, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED).values().stream()
            .mapToLong(Long::longValue).sum();
        if (endSince < 0 || ends != endOffsets) {
            endSince = System.nanoTime();
            endOffsets = ends;
            return false;
        }
        return System.nanoTime() - endSince >= SETTLE.toNanos();
    }

    /** {@link System#nanoTime()} when the stretch {@link #settled} saw began, or -1. */
    public long endedAt() {
        return endSince;
    }

    public boolean reachedEnd(String groupId, List<String> inputs, List<String> transactional) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(groupId);
        for (Map.Entry<TopicPartition, Long> e : offsets(inputs, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED)
                .entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
                return false;
            }
        }
        Map<TopicPartition, Long> end = offsets(transactional, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, Long> stable = offsets(transactional, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            if (!stable.get(e.getKey()).equals(e.getValue())) {
                return false; // an open transaction
            }
            if (e.getValue() > 0 && (c == null || c.offset() < e.getValue() - 1)) {
                return false;
            }
        }
        return true;
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String groupId) throws Exception {
        return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    }

    private Map<TopicPartition, Long> offsets(List<String> topics, OffsetSpec spec, IsolationLevel isolation)
            throws Exception {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
            d.partitions().forEach(p -> query.put(new TopicPartition(name, p.partition()), spec)));
        ListOffsetsResult r = admin.listOffsets(query, new ListOffsetsOptions(isolation));
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                r.all().get(30, TimeUnit.SECONDS).entrySet()) {
            out.put(e.getKey(), e.getValue().offset());
        }
        return out;
    }

    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+([eE]-?\\d+)?");

    /**
     * {@code text} with every decimal rounded to 10 significant digits. With re-routing, where a matching task
     * closes a bucket boundary depends on when the other partitions' progress marks arrive, so the pairs of a bucket
     * can be summed in other groups: the sums differ in the last bit (1e-16 relative), nothing else.
     */
    public static String roundedDecimals(String text) {
        return DECIMAL.matcher(text).replaceAll(m ->
            String.format(Locale.ROOT, "%.10g", Double.parseDouble(m.group())));
    }

    /** Every committed record of {@code topic}, read up to its last stable offset. */
    public static <V> List<ConsumerRecord<String, V>> readAll(
            String bootstrap, String topic, Deserializer<String> keys, Deserializer<V> values) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "eos-reader-" + UUID.randomUUID());
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", false);
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, keys, values)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
