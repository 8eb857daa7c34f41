package io.driftwatch.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Uses a value's own event time as the record timestamp, so stream time follows event time even
 * when producers stamp records with wall-clock time (replays, kcat).
 *
 * <p>Records whose event time cannot advance stream time sanely (missing, before 1970, or more than
 * {@code futureTolerance} ahead of both the partition's time and the wall clock) keep the partition time instead: they
 * still
 * reach the processor, which rejects them to dead-letters, and they cannot push stream time into the
 * future and close every open window.
 */
public final class EventTimeExtractor<V> implements TimestampExtractor {

    private final Class<V> type;
    private final Function<V, Instant> eventTime;
    private final long futureToleranceMs;

    public EventTimeExtractor(Class<V> type, Function<V, Instant> eventTime, Duration futureTolerance) {
        this.type = type;
        this.eventTime = eventTime;
        this.futureToleranceMs = futureTolerance.toMillis();
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        long fallback = partitionTime >= 0 ? partitionTime : Math.max(0, record.timestamp());
        if (!type.isInstance(value)) {
            return fallback;
        }
        Instant t = eventTime.apply(type.cast(value));
        if (t == null || t.toEpochMilli() < 0) {
            return fallback;
        }
        long ms = t.toEpochMilli();
        if (ms > Math.max(partitionTime, System.currentTimeMillis()) + futureToleranceMs) {
            return fallback;
        }
        return ms;
    }
}
