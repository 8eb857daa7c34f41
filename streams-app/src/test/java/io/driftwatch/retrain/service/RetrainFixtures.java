package io.driftwatch.retrain.service;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.Severity;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.topics.Topic;

/** Records and committed-topic reads for the retrain integration tests. */
final class RetrainFixtures {

    private RetrainFixtures() {
    }

    /** Daily positive series with trend + weekly pattern + noise, ending today (UTC). */
    static List<Map.Entry<String, Actual>> actuals(String seriesId, int days, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days));
        List<Map.Entry<String, Actual>> out = new ArrayList<>();
        for (int t = 0; t < days; t++) {
            double y = 100 + 0.2 * t + 15 * Math.sin(2 * Math.PI * (t % 7) / 7) + 2 * rng.nextGaussian();
            out.add(Map.entry(
                    seriesId,
                    Actual.newBuilder()
                            .setSeriesId(seriesId)
                            .setEventTime(start.plus(Duration.ofDays(t)))
                            .setValue(y)
                            .setEventCount(1)
                            .build()));
        }
        return out;
    }

    static DriftTrigger trigger(
            String id, String model, Recommendation rec, Integer configVersion, boolean suppressed) {
        return DriftTrigger.newBuilder()
                .setTriggerId(id)
                .setModelId(model)
                .setHorizon("7d")
                .setSeriesId("s1")
                .setType(
                        rec == Recommendation.ROLLBACK
                                ? TriggerType.POST_DEPLOY_REGRESSION
                                : TriggerType.PERFORMANCE_DEGRADATION)
                .setSeverity(Severity.HIGH)
                .setRecommendation(rec)
                .setDetectedAt(Instant.now())
                .setConfigVersion(configVersion)
                .setSuppressed(suppressed)
                .build();
    }

    static ModelConfig config(String model, int version, String algorithm, Map<String, String> params) {
        return ModelConfig.newBuilder().setModelId(model).setHorizon("7d").setVersion(version).setAlgorithm(algorithm)
            .setParams(new HashMap<>(params)).setCreatedAt(Instant.now()).setReason(List.of("seed")).build();
    }

    static <V> void produce(KafkaTestKit kit, Topic<String, V> topic, List<Map.Entry<String, V>> records) {
        kit.produce(topic.name(), new StringSerializer(), topic.valueSerde().serializer(), records);
    }

    /** Every committed record of the topic right now (read_committed, up to the last stable offset). */
    static <V> List<ConsumerRecord<String, V>> readCommitted(String bootstrap, Topic<String, V> topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(
                props, new StringDeserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        out.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
        return out;
    }

    static <V> List<V> values(String bootstrap, Topic<String, V> topic) {
        return readCommitted(bootstrap, topic).stream().map(ConsumerRecord::value).toList();
    }
}
