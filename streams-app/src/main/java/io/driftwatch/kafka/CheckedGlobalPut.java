package io.driftwatch.kafka;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Global store updater that checks each record before it replaces its key's value: a tombstone
 * deletes the key (how an override or a promoted config is removed on a compacted topic); a record
 * without a key or breaking the contract ({@link BadRecordException}) is skipped, logged at WARN
 * and counted as {@code driftwatch.global.skipped{app, topic, reason}} (see
 * {@link DeadLetterCounter}), so the key keeps its previous value. Undecodable records never get
 * here: the deserialization handler skips them the same way.
 *
 * <p>Kafka Streams 4.x restores a global store added with {@code addGlobalStore} by running this
 * processor over the topic again (its restore equals its processing), so a bad record is skipped
 * on restore too and never reaches the store as raw bytes.
 */
public final class CheckedGlobalPut<V> implements Processor<String, V, Void, Void> {

    /** The contract of one global topic's records, given the key and the wall-clock time. */
    @FunctionalInterface
    public interface Check<V> {
        void check(String key, V value, long nowMs);
    }

    private final String storeName;
    private final boolean timestamped;
    private final Check<V> check;
    private final DeadLetterCounter counter = new DeadLetterCounter();
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, V> plain;
    private TimestampedKeyValueStore<String, V> stamped;

    private CheckedGlobalPut(String storeName, boolean timestamped, Check<V> check) {
        this.storeName = storeName;
        this.timestamped = timestamped;
        this.check = check;
    }

    /** Updater of a plain key-value store. */
    public static <V> CheckedGlobalPut<V> plain(String storeName, Check<V> check) {
        return new CheckedGlobalPut<>(storeName, false, check);
    }

    /** Updater of a timestamped key-value store (the record timestamp is kept with the value). */
    public static <V> CheckedGlobalPut<V> timestamped(String storeName, Check<V> check) {
        return new CheckedGlobalPut<>(storeName, true, check);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        counter.configure(context.appConfigs());
        if (timestamped) {
            stamped = context.getStateStore(storeName);
        } else {
            plain = context.getStateStore(storeName);
        }
    }

    @Override
    public void process(Record<String, V> record) {
        try {
            put(record);
        } catch (BadRecordException e) {
            // reported here, not by the processing exception handler: the global thread does not reliably pass
            // one to its processors (TopologyTestDriver does not), and an exception there would stop the app
            String topic = context.recordMetadata().map(m -> m.topic()).orElse("?");
            int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
            long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
            counter.skippedGlobal(topic, partition, offset, e.reason(), e);
        }
    }

    private void put(Record<String, V> record) {
        String key = record.key();
        if (key == null) {
            throw new BadRecordException("null-key", "a record of a global table needs a key");
        }
        if (record.value() == null) {
            if (timestamped) {
                stamped.delete(key);
            } else {
                plain.delete(key);
            }
            return;
        }
        check.check(key, record.value(), context.currentSystemTimeMs());
        if (timestamped) {
            stamped.put(key, ValueAndTimestamp.make(record.value(), record.timestamp()));
        } else {
            plain.put(key, record.value());
        }
    }
}
