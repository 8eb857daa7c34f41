package io.driftwatch.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

import io.driftwatch.topics.Topic;

/**
 * An idempotent producer whose sends are checked: {@link #flush()} waits for every pending send and
 * throws if any failed, so a dropped batch is an error, never a silent loss.
 */
public final class CheckedProducer<K, V> implements AutoCloseable {

    private final Topic<K, V> topic;
    private final KafkaProducer<K, V> producer;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();
    private long sent;

    public CheckedProducer(Map<String, Object> clientProps, Topic<K, V> topic) {
        this.topic = topic;
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    public void send(K key, V value, Long timestamp) {
        pending.add(producer.send(new ProducerRecord<>(topic.name(), null, timestamp, key, value)));
        if (pending.size() >= 10_000) {
            flush();
        }
    }

    /** Waits for every send so far; throws if any failed. */
    public void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> f : pending) {
                f.get(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS);
                sent++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while sending to " + topic.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("send to " + topic.name() + " failed: " + e.getMessage(), e);
        } finally {
            pending.clear();
        }
    }

    /** Records acknowledged so far. */
    public long sent() {
        return sent;
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
