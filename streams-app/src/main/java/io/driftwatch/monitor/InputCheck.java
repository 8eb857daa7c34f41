package io.driftwatch.monitor;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;
import io.driftwatch.kafka.BadRecordException;

/**
 * The checks every monitor input passes before it is matched: records that break the contract are
 * rejected to dead-letters (via {@link BadRecordException}), and, unless the inputs are repartitioned,
 * a record must be keyed by its series_id and sit on the partition Java's murmur2 partitioner gives
 * that key (else {@link PartitionMismatchException}, which stops the app: matching would silently
 * miss pairs).
 *
 * <p>A plain helper, not a processor node: every node a record crosses costs a forward and the node's
 * metrics sensors, and that per-record overhead bounds the monitor's throughput. {@link MatchProcessor}
 * calls {@link #check} first thing; with {@code monitor.repartition-inputs} the node that re-keys the
 * inputs calls {@link #seriesOf} instead, before the repartition, so a bad record is still dead-lettered
 * with its source topic named and never needs a series_id it does not have.
 */
final class InputCheck {

    private final int partitions;

    /** @param partitions partition count of the input topics */
    InputCheck(int partitions) {
        this.partitions = partitions;
    }

    /**
     * All checks of a record read straight from {@code predictions} or {@code actuals}.
     *
     * @param context the calling processor's context, for the record's topic and partition
     */
    void check(String key, Object value, ProcessingContext context) {
        String series = seriesOf(value);
        if (!series.equals(key)) {
            throw new BadRecordException("key-not-series-id", "record key '" + key + "' differs from series_id '"
                + series + "'; key predictions and actuals by series_id, or set monitor.repartition-inputs=true");
        }
        context.recordMetadata().ifPresent(m -> checkPartition(m, key));
    }

    /** The contract checks of a Prediction or Actual (no key or partition check); returns its series_id. */
    static String seriesOf(Object value) {
        if (value == null) {
            throw new BadRecordException("null-value", "a record without a value (tombstone) is not an event");
        }
        if (value instanceof Prediction p) {
            checkPrediction(p);
            return p.getSeriesId();
        }
        if (value instanceof Actual a) {
            checkActual(a);
            return a.getSeriesId();
        }
        throw new BadRecordException("unexpected-type", "not a Prediction or Actual: " + value.getClass().getName());
    }

    /** The partition Java's default partitioner picks for a String key. */
    static int murmur2Partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void checkPartition(RecordMetadata meta, String key) {
        int expected = murmur2Partition(key, partitions);
        if (meta.partition() != expected) {
            throw new PartitionMismatchException("record with key '" + key + "' is on " + meta.topic() + "-" + meta.partition()
                + " but Java's murmur2 partitioner puts that key on partition " + expected + " of " + partitions
                + ": the producer uses another partitioner (librdkafka clients such as kcat, confluent-kafka-python/go/dotnet "
                + "hash with crc32 by default), so predictions and actuals of one series may not meet. Fix: configure those "
                + "producers with partitioner=murmur2_random, or set monitor.repartition-inputs=true so the monitor "
                + "repartitions its inputs by series_id.");
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
            throw new BadRecordException("bad-event-time", "event_time must be set and after 1970 (series " + a.getSeriesId() + ")");
        }
    }

    private static void requireText(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new BadRecordException("missing-" + field.replace('_', '-'), field + " is missing or blank");
        }
        if (s.indexOf(Keys.SEP) >= 0 || s.indexOf(Keys.AFTER) >= 0) {
            throw new BadRecordException("control-char-" + field.replace('_', '-'), field + " contains a control character");
        }
    }
}
