package io.driftwatch.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import io.driftwatch.topics.Topic;
import io.driftwatch.topics.TopicAdmin;

/** Helpers for integration tests on a real broker: create topics, produce with checked sends, read with a deadline. */
public final class KafkaTestKit {

    private final String bootstrap;

    public KafkaTestKit(LocalKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
    }

    /** A unique prefix so tests sharing the broker never see each other's topics. */
    public static String uniquePrefix(String test) {
        return test + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    public void createTopics(Collection<Topic<?, ?>> topics) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(topics);
        }
    }

    /** Sends every record and fails if any send fails (a dropped batch is an error, not a silent loss). */
    public <K, V> void produce(
            String topic, Serializer<K> keySerializer, Serializer<V> valueSerializer, List<Map.Entry<K, V>> records) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(props, keySerializer, valueSerializer)) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (Map.Entry<K, V> r : records) {
                sends.add(producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sends) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("send failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads committed records from the beginning until {@code count} arrived or the deadline passed; returns what
     * arrived.
     */
    public <K, V> List<ConsumerRecord<K, V>> consume(
            String topic,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer,
            int count,
            Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keyDeserializer, valueDeserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Removes a test's temp dir (state dirs of apps) now rather than at the JVM's exit ({@link TempDirs#delete}). */
    public void deleteRecursively(Path dir) {
        TempDirs.delete(dir);
    }

    public String bootstrapServers() {
        return bootstrap;
    }
}
