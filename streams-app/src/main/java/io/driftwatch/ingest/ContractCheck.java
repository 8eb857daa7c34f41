package io.driftwatch.ingest;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Passes on records that keep the contract; throws {@link io.driftwatch.kafka.BadRecordException} for
 * the others, so the processing exception handler dead-letters them with their source topic,
 * partition and offset. Runs before any repartition, so the dead letter points at the input record.
 */
final class ContractCheck<V> implements FixedKeyProcessor<String, V, V> {

    /** A contract check given the later of stream and wall-clock time, and the future tolerance. */
    interface Check<V> {
        void check(V value, long nowMs, long futureToleranceMs);
    }

    private final Check<V> check;
    private final long futureToleranceMs;
    private FixedKeyProcessorContext<String, V> context;

    ContractCheck(Check<V> check, long futureToleranceMs) {
        this.check = check;
        this.futureToleranceMs = futureToleranceMs;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        if (record.value() == null) {
            throw new io.driftwatch.kafka.BadRecordException("null-value", "a record without a value (tombstone) is not an event");
        }
        long now = Math.max(context.currentStreamTimeMs(), context.currentSystemTimeMs());
        check.check(record.value(), now, futureToleranceMs);
        context.forward(record);
    }
}
