package io.driftwatch.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.driftwatch.kafka.Partitioning;
import io.driftwatch.topics.Topics;

/**
 * Reads the next records of the monitor's inputs before it starts without its re-routing detour, and tells whether
 * one of them is misplaced (no key, or a key on another partition than murmur2 gives it). Switching to the detour at
 * the first misplaced record keeps every result only for input that arrives while the monitor runs: a backlog read at
 * full speed would let some partitions run ahead of records that take the detour later. So a backlog that starts with
 * misplaced records (a librdkafka producer that wrote before the monitor's first start) gets the detour from the
 * start. The keys alone decide (a key other than the series_id is a dead letter either way), so values are not
 * decoded.
 */
final class MisplacedProbe {

    /** Records read per input partition, from the group's committed offset (or the log start). */
    static final int RECORDS_PER_PARTITION = 1_000;
    /** How long the probe may read. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private MisplacedProbe() {
    }

    /**
     * The first misplaced record among the next {@link #RECORDS_PER_PARTITION} of each input partition, described
     * ("predictions-1 offset 0, key ..."), or null when there is none.
     */
    static String firstMisplaced(MonitorConfig resolved) {
        Topics topics = Topics.from(resolved);
        int partitions = resolved.inputPartitions();
        List<TopicPartition> tps = new ArrayList<>();
        for (String topic : List.of(topics.predictions.name(), topics.actuals.name())) {
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
        }
        Map<String, Object> props = new HashMap<>(resolved.kafkaClientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin admin = Admin.create(resolved.kafkaClientProperties());
                KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(resolved.applicationId(MonitorTopology.APP))
                    .partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            consumer.assign(tps);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(tps, TIMEOUT);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, TIMEOUT);
            Map<TopicPartition, Long> stopAt = new HashMap<>();
            for (TopicPartition tp : tps) {
                OffsetAndMetadata c = committed.get(tp);
                long from = Math.max(starts.get(tp), c == null ? 0 : c.offset());
                long to = Math.min(ends.get(tp), from + RECORDS_PER_PARTITION);
                if (from < to) {
                    consumer.seek(tp, from);
                    stopAt.put(tp, to);
                }
            }
            consumer.pause(tps.stream().filter(tp -> !stopAt.containsKey(tp)).toList());
            while (!stopAt.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (!stopAt.containsKey(tp) || r.offset() >= stopAt.get(tp)) {
                        continue;
                    }
                    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                    if (key == null || Partitioning.partitionOf(key, partitions) != r.partition()) {
                        return tp + " offset " + r.offset() + (key == null ? " (no key)" : ", key '" + key + "'");
                    }
                }
                for (TopicPartition tp : List.copyOf(stopAt.keySet())) {
                    if (consumer.position(tp) >= stopAt.get(tp)) {
                        stopAt.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the monitor's next input records", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the monitor's committed offsets: " + e.getMessage(), e);
        }
    }
}
