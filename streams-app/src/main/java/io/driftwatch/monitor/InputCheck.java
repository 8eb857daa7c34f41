package io.driftwatch.monitor;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;
import io.driftwatch.kafka.BadRecordException;

/**
 * First node after each monitor source: rejects records that break the contract (to dead-letters,
 * via {@link BadRecordException}) and, unless the inputs are repartitioned, checks that the record
 * sits on the partition Java's murmur2 partitioner gives its key (else {@link PartitionMismatchException},
 * which stops the app: matching would silently miss pairs).
 */
final class InputCheck<V> implements FixedKeyProcessor<String, V, V> {

    private final int partitions;
    private final boolean checkPartition;
    private FixedKeyProcessorContext<String, V> context;

    /**
     * @param partitions     partition count of the input topic
     * @param checkPartition false when the inputs are re-keyed and repartitioned anyway
     */
    InputCheck(int partitions, boolean checkPartition) {
        this.partitions = partitions;
        this.checkPartition = checkPartition;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        V value = record.value();
        if (value == null) {
            throw new BadRecordException("null-value", "a record without a value (tombstone) is not an event");
        }
        String series;
        if (value instanceof Prediction p) {
            checkPrediction(p);
            series = p.getSeriesId();
        } else if (value instanceof Actual a) {
            checkActual(a);
            series = a.getSeriesId();
        } else {
            throw new BadRecordException(
                    "unexpected-type",
                    "not a Prediction or Actual: " + value.getClass().getName());
        }
        if (checkPartition) {
            if (!series.equals(record.key())) {
                throw new BadRecordException(
                        "key-not-series-id",
                        "record key '" + record.key() + "' differs from series_id '" + series
                                + "'; key predictions and actuals by series_id, or set"
                                + " monitor.repartition-inputs=true");
            }
            context.recordMetadata().ifPresent(m -> checkPartition(m, record.key()));
        }
        context.forward(record);
    }

    /** The partition Java's default partitioner picks for a String key. */
    static int murmur2Partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void checkPartition(RecordMetadata meta, String key) {
        int expected = murmur2Partition(key, partitions);
        if (meta.partition() != expected) {
            throw new PartitionMismatchException("record with key '" + key + "' is on " + meta.topic() + "-"
                    + meta.partition()
                    + " but Java's murmur2 partitioner puts that key on partition " + expected + " of " + partitions
                    + ": the producer uses another partitioner (librdkafka clients such as kcat,"
                    + " confluent-kafka-python/go/dotnet hash with crc32 by default), so predictions and actuals of"
                    + " one series may not meet. Fix: configure those producers with partitioner=murmur2_random, or"
                    + " set monitor.repartition-inputs=true so the monitor repartitions its inputs by series_id.");
        }
    }

    static void checkPrediction(Prediction p) {
        requireText(p.getPredictionId(), "prediction_id");
        requireText(p.getModelId(), "model_id");
        requireText(p.getSeriesId(), "series_id");
        requireText(p.getHorizon(), "horizon");
        for (String[] f : new String[][] {{"yhat"}, {"yhat_lower"}, {"yhat_upper"}}) {
            double v = (double) p.get(f[0]);
            if (!Double.isFinite(v)) {
                throw new BadRecordException("non-finite-" + f[0].replace('_', '-'), f[0] + " must be finite, got " + v
                    + " (prediction " + p.getPredictionId() + ")");
            }
        }
        if (p.getYhatLower() > p.getYhatUpper()) {
            throw new BadRecordException("lower-above-upper", "yhat_lower " + p.getYhatLower() + " > yhat_upper "
                + p.getYhatUpper() + " (prediction " + p.getPredictionId() + ")");
        }
        if (p.getIssuedAt() == null || p.getTargetTime() == null || p.getTargetTime().isBefore(p.getIssuedAt())) {
            throw new BadRecordException("target-before-issued", "target_time " + p.getTargetTime()
                + " is before issued_at " + p.getIssuedAt() + " (prediction " + p.getPredictionId() + ")");
        }
    }

    static void checkActual(Actual a) {
        requireText(a.getSeriesId(), "series_id");
        if (!Double.isFinite(a.getValue())) {
            throw new BadRecordException("non-finite-value", "value must be finite, got " + a.getValue()
                + " (series " + a.getSeriesId() + ")");
        }
        if (a.getEventTime() == null || a.getEventTime().toEpochMilli() < 0) {
            throw new BadRecordException(
                    "bad-event-time", "event_time must be set and after 1970 (series " + a.getSeriesId() + ")");
        }
    }

    private static void requireText(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new BadRecordException("missing-" + field.replace('_', '-'), field + " is missing or blank");
        }
        if (s.indexOf(Keys.SEP) >= 0 || s.indexOf(Keys.AFTER) >= 0) {
            throw new BadRecordException(
                    "control-char-" + field.replace('_', '-'), field + " contains a control character");
        }
    }
}
