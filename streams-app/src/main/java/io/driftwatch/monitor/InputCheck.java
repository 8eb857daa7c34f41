package io.driftwatch.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;
import io.driftwatch.kafka.BadRecordException;
import io.driftwatch.kafka.RecordChecks;

/**
 * First node after each monitor source: rejects records that break the contract (to dead-letters,
 * via {@link BadRecordException}) and, unless misplaced records are re-routed or the inputs repartitioned, checks
 * that the record sits on the partition Java's murmur2 partitioner gives its key (else {@link
 * PartitionMismatchException}, which stops the app: matching would silently miss pairs). While re-routing is wanted
 * but its detour not built yet, the first record without a key or off its series' partition throws {@link
 * MisplacedInputException}, and the app restarts with the detour.
 *
 * <p>Times: {@code issued_at} and {@code event_time} may be at most {@link #FUTURE_TOLERANCE} ahead
 * of the later of stream and wall-clock time (the tolerance of the monitor's timestamp extractors),
 * and a {@code target_time} at most {@link #MAX_HORIZON} after its {@code issued_at}; a year-9999
 * timestamp is a dead letter, not a window that never closes.
 */
final class InputCheck<V> implements FixedKeyProcessor<String, V, V> {

    /** How far ahead of stream and wall-clock time an event may be (as the timestamp extractors allow). */
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    /** The longest horizon a prediction may have: target_time - issued_at. */
    static final Duration MAX_HORIZON = Duration.ofDays(3660);

    private final int partitions;
    private final boolean checkPartition;
    private final boolean checkKey;
    private final boolean detectMisplaced;
    private FixedKeyProcessorContext<String, V> context;

    /**
     * @param partitions     partition count of the input topic
     * @param checkPartition false when misplaced inputs are re-routed, or all inputs repartitioned
     * @param checkKey       whether a non-null key must equal the series_id (false when all inputs are re-keyed
     *                       by {@code monitor.repartition-inputs}); a null key is then re-routed
     * @param detectMisplaced whether a record without a key or on another partition than its series' asks for the
     *                       re-routing detour ({@link MisplacedInputException}; {@link MonitorConfig#awaitsMisplaced})
     */
    InputCheck(int partitions, boolean checkPartition, boolean checkKey, boolean detectMisplaced) {
        this.partitions = partitions;
        this.checkPartition = checkPartition;
        this.checkKey = checkKey;
        this.detectMisplaced = detectMisplaced;
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
        long now = Math.max(context.currentStreamTimeMs(), context.currentSystemTimeMs());
        if (value instanceof Prediction p) {
            RecordChecks.requireTime(p.getIssuedAt(), "issued_at", now, FUTURE_TOLERANCE);
            checkPrediction(p);
            checkHorizon(p);
            series = p.getSeriesId();
        } else if (value instanceof Actual a) {
            checkActual(a);
            RecordChecks.requireTime(a.getEventTime(), "event_time", now, FUTURE_TOLERANCE);
            series = a.getSeriesId();
        } else {
            throw new BadRecordException(
                    "unexpected-type",
                    "not a Prediction or Actual: " + value.getClass().getName());
        }
        if (checkPartition || (checkKey && record.key() != null)) { // a missing key is re-routed, a wrong one is not
            if (!series.equals(record.key())) {
                throw new BadRecordException(
                        "key-not-series-id",
                        "record key '" + record.key() + "' differs from series_id '" + series
                                + "'; key predictions and actuals by series_id (or send them without a key), or"
                                + " set monitor.repartition-inputs=true to re-key every input");
            }
            if (checkPartition) {
                context.recordMetadata().ifPresent(m -> checkPartition(m, record.key()));
            }
        }
        if (detectMisplaced) {
            RecordMetadata meta = context.recordMetadata().orElse(null);
            int expected = murmur2Partition(series, partitions);
            if (record.key() == null || (meta != null && meta.partition() != expected)) {
                throw new MisplacedInputException("first misplaced record: series '" + series + "' "
                        + (record.key() == null ? "without a key" : "on " + meta.topic() + "-" + meta.partition())
                        + ", where Java's murmur2 partitioner puts it on partition " + expected
                        + " (monitor.reroute-misplaced re-routes such records)");
            }
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
                    + " set monitor.reroute-misplaced=true (the default) so the monitor re-routes such records to"
                    + " their series' partition.");
        }
    }

    static void checkPrediction(Prediction p) {
        requireText(p.getPredictionId(), "prediction_id");
        requireText(p.getModelId(), "model_id");
        requireText(p.getSeriesId(), "series_id");
        requireText(p.getHorizon(), "horizon");
        requireFinite(p, "yhat", p.getYhat());
        requireFinite(p, "yhat_lower", p.getYhatLower());
        requireFinite(p, "yhat_upper", p.getYhatUpper());
        if (p.getYhatLower() > p.getYhatUpper()) {
            throw new BadRecordException("lower-above-upper", "yhat_lower " + p.getYhatLower() + " > yhat_upper "
                + p.getYhatUpper() + " (prediction " + p.getPredictionId() + ")");
        }
        if (p.getIssuedAt() == null || p.getTargetTime() == null || p.getTargetTime().isBefore(p.getIssuedAt())) {
            throw new BadRecordException("target-before-issued", "target_time " + p.getTargetTime()
                + " is before issued_at " + p.getIssuedAt() + " (prediction " + p.getPredictionId() + ")");
        }
    }

    /** Per prediction: the field read by its getter (a lookup by name boxed the value and searched the schema). */
    private static void requireFinite(Prediction p, String field, double v) {
        if (!Double.isFinite(v)) {
            throw new BadRecordException("non-finite-" + field.replace('_', '-'), field + " must be finite, got " + v
                + " (prediction " + p.getPredictionId() + ")");
        }
    }

    static void checkHorizon(Prediction p) {
        if (Duration.between(p.getIssuedAt(), p.getTargetTime()).compareTo(MAX_HORIZON) > 0) {
            throw new BadRecordException("target-time-too-far", "target_time " + p.getTargetTime() + " is more than "
                    + MAX_HORIZON.toDays() + " days after issued_at " + p.getIssuedAt() + " (prediction "
                    + p.getPredictionId() + ")");
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
