package io.driftwatch.kafka;

import java.lang.ref.WeakReference;
import java.util.ConcurrentModificationException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' own clients (the same ones its default supplier makes), with each stream thread's main consumer
 * remembered under the thread's name, so that a processor can ask its own thread's consumer whether records wait for
 * that thread: {@link #inputWaiting()}.
 *
 * <p>Why a processor asks: a stream thread that processes nothing for a moment is either caught up, or waiting for a
 * fetch while records wait on the broker (with {@code max.task.idle.ms} Kafka Streams holds a task whose partition
 * has data on the broker but none fetched yet). Only the consumer tells one from the other. A consumer may only be
 * used by the thread that polls it; a processor runs on that thread.
 *
 * <p>Kafka Streams names a stream thread's main consumer {@code <thread name>-consumer}; a consumer whose client id
 * does not end that way (the restore and global consumers do not ask for it) is never looked up. Entries hold the
 * consumer weakly: a closed client's consumers go with it.
 */
public final class StreamThreadConsumers implements KafkaClientSupplier {

    /** The supplier; stateless apart from the process-wide table of main consumers. */
    public static final StreamThreadConsumers SUPPLIER = new StreamThreadConsumers();

    static final String MAIN_CONSUMER_SUFFIX = "-consumer";

    private static final Map<String, WeakReference<Consumer<byte[], byte[]>>> BY_THREAD = new ConcurrentHashMap<>();

    private StreamThreadConsumers() {
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
        register(String.valueOf(config.get(ConsumerConfig.CLIENT_ID_CONFIG)), consumer);
        return consumer;
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static void register(String clientId, Consumer<byte[], byte[]> consumer) {
        BY_THREAD.values().removeIf(r -> r.get() == null);
        if (clientId.endsWith(MAIN_CONSUMER_SUFFIX)) {
            String thread = clientId.substring(0, clientId.length() - MAIN_CONSUMER_SUFFIX.length());
            BY_THREAD.put(thread, new WeakReference<>(consumer));
        }
    }

    /**
     * True when the calling stream thread's main consumer knows of committed records that it has not handed to Kafka
     * Streams yet (on the broker, or fetched and still in its buffer), on any of its partitions: its lag, the last
     * stable offset under {@code read_committed} less its position. False when every known lag is zero, when no lag
     * is known yet, and on a thread whose consumer did not come from this supplier (a TopologyTestDriver run): the
     * caller then acts as if caught up.
     */
    public static boolean inputWaiting() {
        WeakReference<Consumer<byte[], byte[]>> ref = BY_THREAD.get(Thread.currentThread().getName());
        Consumer<byte[], byte[]> consumer = ref == null ? null : ref.get();
        if (consumer == null) {
            return false;
        }
        try {
            for (TopicPartition tp : consumer.assignment()) {
                OptionalLong lag = consumer.currentLag(tp);
                if (lag.isPresent() && lag.getAsLong() > 0) {
                    return true;
                }
            }
            return false;
        } catch (ConcurrentModificationException | IllegalStateException e) {
            // not this thread's consumer after all (two clients given one client.id in this JVM name their threads
            // alike), or a closed one: no answer, which only lets the caller commit as before
            return false;
        }
    }
}
