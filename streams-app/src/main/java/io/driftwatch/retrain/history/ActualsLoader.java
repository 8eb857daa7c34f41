package io.driftwatch.retrain.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.driftwatch.avro.Actual;
import io.driftwatch.config.ModelAssignment;
import io.driftwatch.topics.Topic;

/**
 * Loads a model's recent actuals from the {@code actuals} topic for one retrain attempt: Kafka is
 * the only store of history.
 *
 * <p>A fresh read_committed consumer (no group) is assigned every partition, positioned with
 * {@code offsetsForTimes(now - historyDays)} (an actual's record timestamp is its bucket start) and
 * read up to the end offsets taken at the start, so the read is bounded in time; what it keeps is
 * bounded by {@link ModelHistory}. Series are filtered by the model's {@link ModelAssignment}
 * regex before the value is decoded.
 */
public final class ActualsLoader {

    private final Map<String, Object> clientProps;
    private final Topic<String, Actual> actuals;
    private final ModelAssignment models;

    public ActualsLoader(Map<String, Object> clientProps, Topic<String, Actual> actuals, ModelAssignment models) {
        this.clientProps = clientProps;
        this.actuals = actuals;
        this.models = models;
    }

    /**
     * @param modelId the model whose series to read
     * @param preferredSeries the trigger's series (kept first), or null
     * @param sinceMs earliest bucket start to read
     * @param maxSeries at most this many series
     */
    public ModelHistory load(
            String modelId, String preferredSeries, long sinceMs, long untilMs, int maxSeries, Duration timeout) {
        ModelHistory history = new ModelHistory(maxSeries, preferredSeries);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(actuals.name(), timeout)
                    .forEach(p -> parts.add(new TopicPartition(actuals.name(), p.partition())));
            consumer.assign(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
            Map<TopicPartition, Long> query = new HashMap<>();
            parts.forEach(p -> query.put(p, sinceMs));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, timeout);
            for (TopicPartition p : parts) {
                OffsetAndTimestamp o = start.get(p);
                consumer.seek(p, o == null ? end.get(p) : o.offset());
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("could not read " + actuals.name() + " to its end in " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    add(history, modelId, preferredSeries, sinceMs, untilMs, r);
                }
            }
        }
        return history;
    }

    /** {@link #load} with a 2-minute timeout (the shape the retrain planner asks for). */
    public ModelHistory loadFor(String modelId, String preferredSeries, long sinceMs, long untilMs, int maxSeries) {
        return load(modelId, preferredSeries, sinceMs, untilMs, maxSeries, Duration.ofMinutes(2));
    }

    private void add(ModelHistory history, String modelId, String preferred, long sinceMs, long untilMs,
                     ConsumerRecord<String, byte[]> r) {
        if (r.key() == null || r.value() == null || !(r.key().equals(preferred) || models.assigns(modelId, r.key()))) {
            return;
        }
        try {
            Actual a = actuals.valueSerde().deserializer().deserialize(r.topic(), r.value());
            long t = a.getEventTime().toEpochMilli();
            if (t >= sinceMs && t < untilMs && Double.isFinite(a.getValue())) {
                history.add(a.getSeriesId(), t, a.getValue(), a.getRevision(), a.getBucketMs());
            }
        } catch (SerializationException e) {
            // a bad actual is the ingest app's dead letter, not a reason to fail a retrain
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "driftwatch-retrain-actuals-" + UUID.randomUUID());
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
