package io.driftwatch.cluster;

import io.driftwatch.topics.Topic;
import io.driftwatch.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a pipeline run wrote, as read_committed readers see it: for each output topic, every record as
 * {@code key | value}, the value's fields in schema order, sorted (instances interleave differently; exactly
 * once means the same multiset, so duplicates stay and are compared too).
 *
 * <p>Fields that are legitimately per run are left out, and only these: wall-clock instants and durations
 * ({@code ModelConfig.created_at}, {@code RetrainReport.started_at/finished_at/duration_ms}), measured inference
 * times ({@code ValidationMetrics.inference_time_ms}) and the inference-time criterion's value and threshold
 * (made of measured times). Every id (trigger, prediction, report, anomaly) is derived from the data and compared.
 */
public record Outputs(Map<String, List<String>> byTopic) {

    static final Set<String> PER_RUN_FIELDS =
            Set.of("created_at", "started_at", "finished_at", "duration_ms", "inference_time_ms");

    /** Reads the output topics of {@code topics} to their end. */
    public static Outputs read(String bootstrapServers, Topics topics) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Topic<String, ?> t : List.of(
                topics.actuals,
                topics.predictions,
                topics.anomalies,
                topics.driftTriggers,
                topics.modelConfigs,
                topics.modelConfigVersions,
                topics.retrainReports)) {
            out.put(t.logicalName(), readTopic(bootstrapServers, t));
        }
        return new Outputs(out);
    }

    private static <V> List<String> readTopic(String bootstrapServers, Topic<String, V> topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<String> lines = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                props, new StringDeserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic.name() + " to its end in 60 s");
                }
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    lines.add(r.key() + " | " + normalise(r.value()));
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    /** The value's fields in schema order, without the per-run ones. */
    static String normalise(Object value) {
        StringBuilder b = new StringBuilder();
        append(b, value);
        return b.toString();
    }

    private static void append(StringBuilder b, Object value) {
        if (value instanceof GenericRecord r) {
            boolean inferenceCriterion = "CriterionResult".equals(r.getSchema().getName())
                    && String.valueOf(r.get("name")).contains("inference");
            b.append('{');
            for (Schema.Field f : r.getSchema().getFields()) {
                if (PER_RUN_FIELDS.contains(f.name())
                        || inferenceCriterion
                                && Set.of("value", "threshold", "detail").contains(f.name())) {
                    continue;
                }
                b.append(f.name()).append('=');
                append(b, r.get(f.pos()));
                b.append(' ');
            }
            b.append('}');
        } else if (value instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            b.append('{');
            sorted.forEach((k, v) -> {
                b.append(k).append('=');
                append(b, v);
                b.append(' ');
            });
            b.append('}');
        } else if (value instanceof List<?> l) {
            b.append('[');
            l.forEach(v -> {
                append(b, v);
                b.append(' ');
            });
            b.append(']');
        } else {
            b.append(GenericData.get().toString(value));
        }
    }

    /** The space-separated tokens of {@code a} not in {@code b} and back: which fields of a record differ. */
    private static String fieldDifferences(String a, String b) {
        List<String> left = new ArrayList<>(List.of(a.split(" ")));
        List<String> right = new ArrayList<>(List.of(b.split(" ")));
        List<String> onlyLeft = new ArrayList<>(left);
        right.forEach(onlyLeft::remove);
        List<String> onlyRight = new ArrayList<>(right);
        left.forEach(onlyRight::remove);
        return onlyLeft + " vs " + onlyRight;
    }

    /** Record counts per topic, for logs and reports. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        byTopic.forEach((t, l) -> counts.put(t, l.size()));
        return counts;
    }

    /** The first differences per topic (missing / extra lines), empty when equal; for failure messages. */
    public String differencesFrom(Outputs expected) {
        StringBuilder b = new StringBuilder();
        for (String topic : expected.byTopic.keySet()) {
            List<String> missing = new ArrayList<>(expected.byTopic.get(topic));
            List<String> extra = new ArrayList<>(byTopic.getOrDefault(topic, List.of()));
            for (String line : byTopic.getOrDefault(topic, List.of())) {
                missing.remove(line);
            }
            for (String line : expected.byTopic.get(topic)) {
                extra.remove(line);
            }
            if (!missing.isEmpty() || !extra.isEmpty()) {
                b.append(topic)
                        .append(": ")
                        .append(missing.size())
                        .append(" missing, ")
                        .append(extra.size())
                        .append(" extra\n");
                for (String m : missing.stream().limit(5).toList()) {
                    b.append("  - ").append(m, 0, Math.min(300, m.length())).append('\n');
                    String twin = extra.stream()
                            .filter(e -> e.regionMatches(0, m, 0, Math.min(120, m.length())))
                            .findFirst()
                            .orElse(null);
                    if (twin != null) {
                        b.append("    differs in: ")
                                .append(fieldDifferences(m, twin))
                                .append('\n');
                    }
                }
                extra.stream()
                        .limit(3)
                        .forEach(l -> b.append("  + ")
                                .append(l, 0, Math.min(300, l.length()))
                                .append('\n'));
            }
        }
        return b.toString();
    }
}
