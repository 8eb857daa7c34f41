package io.driftwatch.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.avro.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Decodes a sink record's value into an {@link Alert}.
 *
 * <p>Accepts what the usual converters produce: a {@code Map} (JsonConverter with
 * {@code schemas.enable=false}), a {@code Struct} (any schema-aware converter), or JSON text /
 * bytes (String/ByteArray converters). Field names are the Avro schema's snake_case names.
 * Anything else, a value without a recognisable kind, a blank id or an unknown severity is
 * rejected with an {@link InvalidAlertException} whose message is the reason given to the DLQ.
 */
public final class AlertParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private final Map<String, RecordKind> topicKinds;

    /** @param topicKinds explicit topic -> kind mapping; unmapped topics are detected by id field */
    public AlertParser(Map<String, RecordKind> topicKinds) {
        this.topicKinds = Map.copyOf(topicKinds);
    }

    /** Decodes one record; never returns null. */
    public Alert parse(SinkRecord record) throws InvalidAlertException {
        Map<String, Object> fields = Collections.unmodifiableMap(toMap(record.value()));
        RecordKind kind = kindOf(record.topic(), fields);
        String id = fields.get(kind.idField()) == null ? "" : fields.get(kind.idField()).toString().trim();
        if (id.isEmpty()) {
            throw new InvalidAlertException("missing " + kind.idField() + " for a " + kind + " record");
        }
        Severity severity = severity(fields.get("severity"));
        Alert draft = new Alert(kind, fields, severity, id, id, "", record);
        String rateKey = draft.modelHorizon() != null ? draft.modelHorizon()
                : kind == RecordKind.OPS_ALERT ? "ops:" + fields.getOrDefault("type", "OTHER")
                : kind + ":" + id;
        return new Alert(kind, fields, severity, id, id, rateKey, record);
    }

    private RecordKind kindOf(String topic, Map<String, Object> fields) throws InvalidAlertException {
        RecordKind mapped = topicKinds.get(topic);
        if (mapped != null) {
            return mapped;
        }
        return RecordKind.detect(fields).orElseThrow(() -> new InvalidAlertException(
                "cannot tell the record kind: value has none (or several) of trigger_id, anomaly_id, alert_id"
                        + " and topic '" + topic + "' is not in topic.kinds"));
    }

    static Severity severity(Object raw) throws InvalidAlertException {
        if (raw == null) {
            throw new InvalidAlertException("missing severity");
        }
        try {
            return Severity.valueOf(raw.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidAlertException(
                    "unknown severity '" + raw + "' (expected one of LOW, MEDIUM, HIGH, CRITICAL)");
        }
    }

    static Map<String, Object> toMap(Object value) throws InvalidAlertException {
        if (value == null) {
            throw new InvalidAlertException("null value (tombstone) is not an alert");
        }
        if (value instanceof Struct struct) {
            return structToMap(struct);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        if (value instanceof String || value instanceof byte[]) {
            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) value;
            try {
                return JSON.readValue(text, MAP);
            } catch (JsonProcessingException e) {
                throw new InvalidAlertException("value is not a JSON object: " + e.getOriginalMessage());
            }
        }
        throw new InvalidAlertException("unsupported value type " + value.getClass().getName()
                + " (use JsonConverter with schemas.enable=false, or a converter producing Structs)");
    }

    private static Map<String, Object> structToMap(Struct struct) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field field : struct.schema().fields()) {
            out.put(field.name(), plain(struct.get(field)));
        }
        return out;
    }

    private static Object plain(Object v) {
        if (v instanceof Struct s) {
            return structToMap(s);
        }
        if (v instanceof Date d) {
            return d.getTime();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), plain(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v;
    }
}
