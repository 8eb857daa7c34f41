package io.driftwatch.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.TimestampExtractor;

import io.driftwatch.avro.MetricObservation;
import io.driftwatch.avro.Prediction;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.monitor.MonitorTopology;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.Topics;

/**
 * Reads the monitor's inputs from Kafka into a {@link History}: {@code predictions}, {@code actuals} and
 * {@code metric-observations} from {@code from} (event time) up to {@code to}, and the whole of {@code model-configs}
 * and {@code monitor-settings}. Read-only: a consumer with assigned partitions and no group, so it commits nothing and
 * joins no group; it reads up to the end offsets (last stable offsets) taken at its start.
 *
 * <p>Each partition is read from the first offset whose record timestamp is at or after {@code from} minus {@link
 * #SLACK} (records stamped a little before their event time are not missed), and records whose event time is outside
 * [from, to) are dropped. When the earliest offset still on the broker is after offset 0 (retention deleted older
 * records) and its record's event time is after {@code from}, the history does not reach back that far: a {@link
 * RetentionException} says how far back it goes.
 */
public final class HistoryReader {

    /** How much earlier than its event time a record's Kafka timestamp may be and still be read. */
    static final Duration SLACK = Duration.ofDays(7);

    private final Map<String, Object> clientProperties;
    private final Topics topics;

    public HistoryReader(CommonConfig config) {
        this.clientProperties = config.kafkaClientProperties();
        this.topics = Topics.from(config);
    }

    /** The history does not reach back to the requested start. */
    public static final class RetentionException extends RuntimeException {
        public RetentionException(String message) {
            super(message);
        }
    }

    /**
     * @param models   model ids whose predictions and metric observations are kept; empty: all
     * @param progress told the number of records read, now and then
     */
    public History read(Instant from, Instant to, Set<String> models, LongConsumer progress) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "driftwatch-replay-" + UUID.randomUUID());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        History.Builder out = new History.Builder();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<Source<?>> sources = List.of(
                new Source<>(topics.predictions, History.Kind.PREDICTION, MonitorTopology.predictionTime(), models),
                new Source<>(topics.actuals, History.Kind.ACTUAL, MonitorTopology.actualTime(), Set.of()),
                new Source<>(topics.metricObservations, History.Kind.METRIC, MonitorTopology.metricTime(), models),
                new Source<>(topics.modelConfigs, History.Kind.MODEL_CONFIG, null, Set.of()),
                new Source<>(topics.monitorSettings, History.Kind.MONITOR_SETTINGS, null, Set.of()));
            Map<TopicPartition, Source<?>> bySource = new HashMap<>();
            for (Source<?> s : sources) {
                for (PartitionInfo p : partitions(consumer, s.topic.name())) {
                    bySource.put(new TopicPartition(p.topic(), p.partition()), s);
                }
            }
            Map<TopicPartition, Long> starts = starts(consumer, bySource, from);
            Map<TopicPartition, Long> ends = consumer.endOffsets(bySource.keySet(), Duration.ofSeconds(30));
            checkRetention(consumer, bySource, starts, from);
            readAll(consumer, bySource, starts, ends, from, to, out, progress);
        }
        return out.build();
    }

    private static List<PartitionInfo> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> p = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (p == null || p.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist (check topics.prefix and"
                + " --bootstrap-servers)");
        }
        return p;
    }

    /** Inputs: the offset of {@code from - SLACK} by record time; global stores: their beginning. */
    private static Map<TopicPartition, Long> starts(KafkaConsumer<byte[], byte[]> consumer,
                                                    Map<TopicPartition, Source<?>> bySource, Instant from) {
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(bySource.keySet(), Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = consumer.endOffsets(bySource.keySet(), Duration.ofSeconds(30));
        Map<TopicPartition, Long> query = new HashMap<>();
        bySource.forEach((tp, s) -> {
            if (s.extractor != null) {
                query.put(tp, Math.max(0, from.minus(SLACK).toEpochMilli()));
            }
        });
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
        Map<TopicPartition, Long> starts = new HashMap<>();
        bySource.keySet().forEach(tp -> {
            OffsetAndTimestamp o = found.get(tp);
            starts.put(tp, !query.containsKey(tp) ? beginnings.get(tp) : o == null ? ends.get(tp) : o.offset());
        });
        return starts;
    }

    /** Fails when an input partition starts (after deletions) later than {@code from}. */
    private void checkRetention(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Source<?>> bySource,
                                Map<TopicPartition, Long> starts, Instant from) {
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(bySource.keySet(), Duration.ofSeconds(30));
        Instant latestFirst = null;
        List<String> late = new ArrayList<>();
        for (Map.Entry<TopicPartition, Source<?>> e : bySource.entrySet()) {
            TopicPartition tp = e.getKey();
            long begin = beginnings.get(tp);
            if (e.getValue().extractor == null || begin == 0 || starts.get(tp) > begin) {
                continue;
            }
            Optional<Long> first = firstEventTime(consumer, tp, begin, e.getValue());
            if (first.isPresent() && first.get() > from.toEpochMilli()) {
                Instant t = Instant.ofEpochMilli(first.get());
                late.add(tp + " from " + t + " (earliest offset " + begin + ")");
                latestFirst = latestFirst == null || t.isAfter(latestFirst) ? t : latestFirst;
            }
        }
        if (!late.isEmpty()) {
            late.sort(null);
            throw new RetentionException("the retention of the input topics does not reach back to --from " + from
                + ": older records were deleted; the data goes back to " + latestFirst + " (" + String.join(", ", late)
                + "). Replay from " + latestFirst.toString().substring(0, 10) + " or later, or raise the topics'"
                + " retention.ms for the next time.");
        }
    }

    private static Optional<Long> firstEventTime(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp,
                                                 long offset, Source<?> source) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                return Optional.of(source.eventTime(r, -1));
            }
        }
        return Optional.empty();
    }

    private static void readAll(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Source<?>> bySource,
                                Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends, Instant from,
                                Instant to, History.Builder out, LongConsumer progress) {
        Set<TopicPartition> open = new HashSet<>();
        bySource.keySet().forEach(tp -> {
            if (starts.get(tp) < ends.get(tp)) {
                open.add(tp);
            }
        });
        consumer.assign(open);
        open.forEach(tp -> consumer.seek(tp, starts.get(tp)));
        Map<TopicPartition, Long> partitionTimes = new HashMap<>();
        long fromMs = from.toEpochMilli();
        long toMs = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        long read = 0;
        while (!open.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (!open.contains(tp) || r.offset() >= ends.get(tp)) {
                    continue;
                }
                Source<?> s = bySource.get(tp);
                String partition = tp.toString();
                if (s.extractor == null) {
                    out.add(s.kind, partition, r.timestamp(), r.timestamp(), r.key(), r.value());
                } else {
                    long time = s.eventTime(r, partitionTimes.getOrDefault(tp, -1L));
                    partitionTimes.merge(tp, time, Math::max);
                    if (time >= fromMs && time < toMs && s.keeps(r, out)) {
                        out.add(s.kind, partition, time, r.timestamp(), r.key(), r.value());
                    }
                }
                if (++read % 10_000 == 0) {
                    progress.accept(read);
                }
            }
            open.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            consumer.pause(bySource.keySet().stream().filter(tp -> !open.contains(tp)
                && consumer.assignment().contains(tp)).toList());
        }
        progress.accept(read);
    }

    /** One input topic: how to decode a record's event time the way the monitor's extractor does. */
    private static final class Source<V> {
        final Topic<String, V> topic;
        final History.Kind kind;
        final TimestampExtractor extractor;
        final Set<String> models;
        final Deserializer<V> values;

        Source(Topic<String, V> topic, History.Kind kind, TimestampExtractor extractor, Set<String> models) {
            this.topic = topic;
            this.kind = kind;
            this.extractor = extractor;
            this.models = models;
            this.values = topic.valueSerde().deserializer();
        }

        /** The monitor's timestamp of the record; a value that does not decode keeps the partition time. */
        long eventTime(ConsumerRecord<byte[], byte[]> r, long partitionTime) {
            Object value;
            try {
                value = r.value() == null ? null : values.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                value = null; // the monitor sends it to dead-letters; it does not move stream time
            }
            ConsumerRecord<Object, Object> decoded = new ConsumerRecord<>(r.topic(), r.partition(), r.offset(),
                r.timestamp(), TimestampType.CREATE_TIME, 0, 0, null, value, r.headers(), Optional.empty());
            return extractor.extract(decoded, partitionTime);
        }

        /** False for a prediction or metric observation of a model not asked for; notes the predictions' models. */
        boolean keeps(ConsumerRecord<byte[], byte[]> r, History.Builder out) {
            if (r.value() == null || models.isEmpty() && kind != History.Kind.PREDICTION) {
                return true;
            }
            try {
                Object v = values.deserialize(r.topic(), r.value());
                if (v instanceof Prediction p) {
                    boolean keep = models.isEmpty() || models.contains(p.getModelId());
                    if (keep) {
                        out.model(p.getModelId());
                    }
                    return keep;
                }
                if (v instanceof MetricObservation m) {
                    return m.getModelId() == null || models.contains(m.getModelId());
                }
                return true;
            } catch (RuntimeException e) {
                return true;
            }
        }
    }
}
