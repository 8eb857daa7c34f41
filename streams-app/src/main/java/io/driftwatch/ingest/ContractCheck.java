package io.driftwatch.ingest;

import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import io.driftwatch.kafka.BadRecordException;
import io.driftwatch.kafka.Partitioning;
import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.telemetry.Telemetry;

/**
 * Passes on records that keep the contract; throws {@link io.driftwatch.kafka.BadRecordException} for
 * the others, so the processing exception handler dead-letters them with their source topic,
 * partition and offset. The key must equal the series id and the record must sit in the partition
 * Kafka's default partitioner gives that key, so a series never spreads over partitions (a series
 * split over two tasks would be summed twice, in two halves).
 */
final class ContractCheck<V> implements FixedKeyProcessor<String, V, V> {

    /** A contract check given the later of stream and wall-clock time, and the future tolerance. */
    interface Check<V> {
        void check(V value, long nowMs, long futureToleranceMs);
    }

    private final Function<V, String> seriesId;

    private final Check<V> check;
    private final long futureToleranceMs;
    private FixedKeyProcessorContext<String, V> context;

    private final int partitions;
    private final String topic;
    private Counter accepted;

    /**
     * @param topic      logical name of the input topic, for {@code driftwatch.events.ingested{topic}}
     * @param partitions partition count of the input topic, to check records sit where murmur2 puts their key
     */
    ContractCheck(String topic, Check<V> check, Function<V, String> seriesId, long futureToleranceMs, int partitions) {
        this.topic = topic;
        this.partitions = partitions;
        this.check = check;
        this.seriesId = seriesId;
        this.futureToleranceMs = futureToleranceMs;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        this.accepted = Telemetry.registry().counter(MetricNames.EVENTS_INGESTED,
            MetricNames.TAG_APP, "ingest", MetricNames.TAG_TOPIC, topic);
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        if (record.value() == null) {
            throw new BadRecordException("null-value", "a record without a value (tombstone) is not an event");
        }
        long now = Math.max(context.currentStreamTimeMs(), context.currentSystemTimeMs());
        check.check(record.value(), now, futureToleranceMs);
        String series = seriesId.apply(record.value());
        if (!series.equals(record.key())) {
            throw new BadRecordException("key-not-series-id", "the record key must be the series_id '"
                + series + "', was " + (record.key() == null ? "null" : "'" + record.key() + "'")
                + ": key every event by its series_id so a series stays in one partition");
        }
        context.recordMetadata().ifPresent(meta -> {
            int expected = Partitioning.partitionOf(series, partitions);
            if (meta.partition() != expected) {
                throw new BadRecordException(
                        "wrong-partition",
                        "key '" + series + "' belongs in partition " + expected + " of " + partitions + ", found in "
                                + meta.partition() + ": " + Partitioning.HOW_TO_FIX);
            }
        });
        accepted.increment();
        context.forward(record);
    }
}
