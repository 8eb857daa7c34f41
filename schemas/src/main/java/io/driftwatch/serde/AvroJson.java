package io.driftwatch.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Converts driftwatch records to and from JSON with the schema's field names (snake_case, as in
 * the {@code .avsc} files), for kcat, curl-based bridges and non-JVM producers.
 *
 * <p>Usage:
 * <pre>{@code
 * String json = AvroJson.toJsonString(sale);           // {"sale_id":"s-1",...,"event_time":1704153600000}
 * SaleEvent back = AvroJson.fromJson(json, SaleEvent.class);
 * }</pre>
 *
 * <p>Written JSON: nullable unions plain (value or {@code null}), enums as symbols,
 * {@code timestamp-millis} as epoch millis, doubles exactly round-tripping (non-finite doubles
 * as the bare tokens {@code NaN}/{@code Infinity}/{@code -Infinity}, which this class reads back;
 * they are not standard JSON). Read JSON: see {@link JsonRecordReader} for the rules; in short,
 * defaults for missing fields, unknown fields ignored, timestamps as epoch millis or ISO-8601,
 * and a {@link ContractViolationException} naming field, expected type and offending value for
 * anything else. Malformed JSON is a {@link SerializationException}. Thread-safe.
 */
public final class AvroJson {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        AvroTrust.ensureTrusted();
    }

    private AvroJson() {}

    /** The record as a JSON object tree, fields in schema order. */
    public static ObjectNode toJsonNode(IndexedRecord record) {
        return JsonRecordWriter.write(record);
    }

    /** The record as compact UTF-8 JSON. */
    public static byte[] toJsonBytes(IndexedRecord record) {
        try {
            return MAPPER.writeValueAsBytes(toJsonNode(record));
        } catch (JsonProcessingException e) {
            throw new SerializationException(
                    "Cannot write " + record.getSchema().getName() + " as JSON", e);
        }
    }

    /** The record as compact JSON text. */
    public static String toJsonString(IndexedRecord record) {
        try {
            return MAPPER.writeValueAsString(toJsonNode(record));
        } catch (JsonProcessingException e) {
            throw new SerializationException(
                    "Cannot write " + record.getSchema().getName() + " as JSON", e);
        }
    }

    /** Reads a JSON object tree as a {@code type}. */
    public static <T extends SpecificRecord> T fromJson(JsonNode json, Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        return type.cast(new JsonRecordReader(model).readRecord(json, schema));
    }

    /** Parses UTF-8 JSON text as a {@code type}. */
    public static <T extends SpecificRecord> T fromJson(byte[] json, Class<T> type) {
        try {
            return fromJson(MAPPER.readTree(json), type);
        } catch (IOException e) {
            throw invalidJson(type, e);
        }
    }

    /** Parses JSON text as a {@code type}. */
    public static <T extends SpecificRecord> T fromJson(String json, Class<T> type) {
        try {
            return fromJson(MAPPER.readTree(json), type);
        } catch (IOException e) {
            throw invalidJson(type, e);
        }
    }

    private static SerializationException invalidJson(Class<?> type, IOException e) {
        String detail = e.getMessage();
        if (e instanceof JsonProcessingException) {
            JsonProcessingException jpe = (JsonProcessingException) e;
            detail = jpe.getOriginalMessage()
                    + (jpe.getLocation() == null
                            ? ""
                            : " (line " + jpe.getLocation().getLineNr() + ", column "
                                    + jpe.getLocation().getColumnNr() + ")");
        }
        return new SerializationException("Invalid JSON for " + type.getSimpleName() + ": " + detail, e);
    }
}
