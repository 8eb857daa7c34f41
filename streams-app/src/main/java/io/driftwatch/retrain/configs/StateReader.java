package io.driftwatch.retrain.configs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.KafkaException;

import io.driftwatch.avro.RetrainReport;
import io.driftwatch.topics.Topics;

/**
 * Keeps a {@link ConfigHistory} and a {@link ReportLog} up to date from model-configs,
 * model-config-versions and retrain-reports, reading committed records only.
 *
 * <p>Assigned (no consumer group) to every partition of the three topics from the beginning;
 * {@link #catchUp} reads until each partition's position reaches its end offset as of the call
 * (for read_committed, the last stable offset), so after it returns everything committed before
 * the call has been applied. Undecodable records are skipped with their position in the error
 * count, never fatal. Not thread-safe; owned by one thread.
 */
public final class StateReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final ConfigHistory history;
    private final ReportLog reports;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private long undecodable;

    public StateReader(Map<String, Object> clientProps, Topics topics, ConfigHistory history, ReportLog reports) {
        this.topics = topics;
        this.history = history;
        this.reports = reports;
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "driftwatch-retrain-state-" + UUID.randomUUID());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        for (String t :
                List.of(topics.modelConfigs.name(), topics.modelConfigVersions.name(), topics.retrainReports.name())) {
            consumer.partitionsFor(t, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(t, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads until every partition reaches its current end; fails after {@code timeout}. */
    public void catchUp(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new KafkaException(
                        "could not read model-configs/model-config-versions/retrain-reports to their end in "
                                + timeout);
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                apply(r);
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.topic().equals(topics.modelConfigs.name())) {
                history.onPromoted(
                        r.key(), topics.modelConfigs.valueSerde().deserializer().deserialize(r.topic(), r.value()));
            } else if (r.topic().equals(topics.modelConfigVersions.name())) {
                history.onVersion(
                        topics.modelConfigVersions.valueSerde().deserializer().deserialize(r.topic(), r.value()));
            } else if (r.value() != null) {
                RetrainReport report =
                        topics.retrainReports.valueSerde().deserializer().deserialize(r.topic(), r.value());
                reports.onReport(report);
            }
        } catch (SerializationException e) {
            undecodable++;
        }
    }

    /** Records skipped because they could not be decoded. */
    public long undecodable() {
        return undecodable;
    }

    public ConfigHistory history() {
        return history;
    }

    public ReportLog reports() {
        return reports;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
