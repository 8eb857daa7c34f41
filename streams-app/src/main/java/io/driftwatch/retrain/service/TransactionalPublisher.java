package io.driftwatch.retrain.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.topics.ModelKey;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.Topics;

/**
 * Publishes an {@link AttemptResult} atomically: the promoted config to model-configs, its snapshot
 * to model-config-versions, the report to retrain-reports, the ops alerts, and (when given) the
 * consumed trigger offsets, all in one Kafka transaction. Either all of it becomes visible to
 * read_committed readers, or none.
 *
 * <p>Test hook: with {@code haltAfter} set to a step name (begin, send-configs, send-versions,
 * send-report, send-offsets) the JVM halts right after that step (records already flushed to the
 * broker, transaction still open), to prove a crash leaves nothing visible. Empty in production.
 */
final class TransactionalPublisher implements AutoCloseable {

    private final KafkaProducer<Object, Object> producer;
    private final Topics topics;
    private final String haltAfter;

    @SuppressWarnings({"unchecked", "rawtypes"})
    TransactionalPublisher(Map<String, Object> clientProps, String transactionalId, Topics topics, String haltAfter) {
        this.topics = topics;
        this.haltAfter = haltAfter == null ? "" : haltAfter;
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        this.producer = new KafkaProducer<>(props, new KeySerializer(), new PerTopicSerializer(topics));
        producer.initTransactions(); // fences a previous instance with the same id and aborts its open transaction
    }

    /** Publishes the result with the offsets (null offsets: no input to commit, e.g. a periodic alert). */
    void publish(AttemptResult r, Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        producer.beginTransaction();
        step("begin");
        ModelConfig c = r.config();
        if (c != null) {
            send(topics.modelConfigs, ModelKey.of(c.getModelId(), c.getHorizon()), c);
            step("send-configs");
            send(topics.modelConfigVersions, ModelKey.withVersion(c.getModelId(), c.getHorizon(), c.getVersion()), c);
            step("send-versions");
        }
        if (r.report() != null) {
            send(topics.retrainReports, ModelKey.of(r.report().getModelId(), r.report().getHorizon()), r.report());
            step("send-report");
        }
        for (OpsAlert a : r.alerts()) {
            send(topics.opsAlerts, ModelKey.of(a.getModelId(), a.getHorizon()), a);
        }
        if (r.deadLetter() != null) {
            ProducerRecord<byte[], byte[]> d = r.deadLetter();
            producer.send(new ProducerRecord<>(d.topic(), d.partition(), d.key(), d.value(), d.headers()));
            step("send-dead-letter");
        }
        if (offsets != null && !offsets.isEmpty()) {
            producer.sendOffsetsToTransaction(offsets, group);
            step("send-offsets");
        }
        producer.commitTransaction();
    }

    void abort() {
        producer.abortTransaction();
    }

    private <V> void send(Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), key, value));
    }

    private void step(String name) {
        if (haltAfter.equals(name)) {
            producer.flush();
            System.err.println("retrain.test.halt-after=" + name + ": halting");
            Runtime.getRuntime().halt(1);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** String keys as UTF-8; a dead letter's key bytes as they were. */
    private static final class KeySerializer implements Serializer<Object> {
        private final StringSerializer strings = new StringSerializer();

        @Override
        public byte[] serialize(String topic, Object data) {
            return data instanceof byte[] bytes ? bytes : strings.serialize(topic, (String) data);
        }
    }

    /** Serializes each value with the serde of the topic it is sent to (dead letters: the bytes as they were). */
    private static final class PerTopicSerializer implements Serializer<Object> {
        private final Map<String, Serializer<?>> byTopic = new HashMap<>();

        PerTopicSerializer(Topics topics) {
            for (Topic<?, ?> t : topics.all()) {
                byTopic.put(t.name(), t.valueSerde().serializer());
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public byte[] serialize(String topic, Object data) {
            if (data instanceof byte[] bytes) {
                return bytes;
            }
            return ((Serializer<Object>) byTopic.get(topic)).serialize(topic, data);
        }
    }
}
