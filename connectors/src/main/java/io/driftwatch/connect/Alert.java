package io.driftwatch.connect;

import io.driftwatch.avro.Severity;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One valid alert record, decoded: its kind, fields (schema field names), severity and the keys
 * the pipeline needs.
 *
 * <p>Invariants: {@code id} is the record's own id field (non-blank); {@code idempotencyKey} is
 * derived from the id only, so every delivery attempt and every replay of the record carries the
 * same key; {@code rateKey} groups alerts for rate limiting (model:horizon where known).
 *
 * @param kind which contract the value follows
 * @param fields the value as a map with the schema's snake_case field names (unmodifiable)
 * @param severity parsed severity
 * @param id the record's own id ({@code trigger_id}, {@code anomaly_id} or {@code alert_id})
 * @param idempotencyKey the key sent with every delivery of this alert
 * @param rateKey the rate-limit group
 * @param record the original sink record (for the dead letter queue and offsets)
 */
public record Alert(RecordKind kind, Map<String, Object> fields, Severity severity, String id,
                    String idempotencyKey, String rateKey, SinkRecord record) {

    public Alert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(rateKey, "rateKey");
        Objects.requireNonNull(record, "record");
    }

    /** The field's value as text, or {@code null} when absent. */
    public String text(String field) {
        Object v = fields.get(field);
        return v == null ? null : v.toString();
    }

    /** Where the record came from. */
    public TopicPartition topicPartition() {
        return new TopicPartition(record.topic(), record.kafkaPartition());
    }

    /** The record's offset in its partition. */
    public long offset() {
        return record.kafkaOffset();
    }

    /**
     * Whether this is a drift trigger marked {@code suppressed} (cooldown, or replayed history): no action follows it.
     */
    public boolean suppressed() {
        return kind == RecordKind.TRIGGER && Boolean.parseBoolean(String.valueOf(fields.get("suppressed")));
    }

    /** "model:horizon", or null when the record names no model. */
    public String modelHorizon() {
        String model = text("model_id");
        if (model == null) {
            return null;
        }
        String horizon = text("horizon");
        return horizon == null ? model : model + ":" + horizon;
    }
}
