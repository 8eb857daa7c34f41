package io.driftwatch.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.driftwatch.serde.AvroJson;
import io.driftwatch.serde.Contracts;
import io.driftwatch.serde.DriftwatchSerde;
import io.driftwatch.serde.RecordCodec;
import io.driftwatch.serde.SchemaHistory;
import io.driftwatch.serde.SchemaVersion;
import io.driftwatch.serde.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Connect {@link Converter} that reads both driftwatch wire formats, detected per record (see
 * {@link RecordCodec#detectFormat(byte[])}):
 *
 * <ul>
 *   <li>Avro single-object encoding: the writer schema is found by its fingerprint among the
 *       current schema and the {@link SchemaHistory} versions of every {@link Contracts} type;
 *       the record is decoded into the current class of that type (older writers get the
 *       defaults of newer fields) and turned into a map with {@link AvroJson#toJsonNode}.</li>
 *   <li>JSON object: parsed as is.</li>
 * </ul>
 *
 * <p>Either way the value is a schemaless {@code Map<String, Object>} keyed by the schema's field
 * names, exactly what {@code JsonConverter} with {@code schemas.enable=false} produces for the
 * JSON form: integers as {@code Long}, other numbers as {@code Double}, timestamps as epoch
 * millis, enums as their symbol, absent optional values as {@code null}, nested objects as maps
 * and arrays as lists. So the alert formatters see the same map whichever format a producer
 * chose. A null value is {@link SchemaAndValue#NULL}; a record over
 * {@link DriftwatchSerde#MAX_RECORD_BYTES} bytes and anything undecodable is a
 * {@link DataException} whose message says why (Connect's {@code errors.tolerance} and dead
 * letter queue then handle the record).
 *
 * <p>{@link #fromConnectData} writes the value (map, {@link Struct}, list, primitive) as JSON
 * bytes; it exists for completeness (the sink connectors never write), not as a producer of the
 * Avro format. No settings; {@link #config()} is empty. Stateless and thread-safe.
 */
public class DriftwatchConverter implements Converter, Versioned {
    private static final ConfigDef CONFIG_DEF = new ConfigDef();
    private static final int AVRO_HEADER_LENGTH = 10;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    /** Reads what the apps write: like AvroJson, non-finite doubles as bare NaN/Infinity tokens. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS) // JsonConverter's INT64 for every integer
            .build();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        CONFIG_DEF.parse(configs); // nothing to keep; rejects nothing either (no settings)
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        if (value.length > DriftwatchSerde.MAX_RECORD_BYTES) {
            throw new DataException("Cannot convert the record from topic '" + topic + "': oversized record of "
                    + value.length + " bytes, the limit is " + DriftwatchSerde.MAX_RECORD_BYTES + " bytes");
        }
        WireFormat format;
        try {
            format = RecordCodec.detectFormat(value);
        } catch (SerializationException e) {
            throw new DataException("Cannot convert the record from topic '" + topic + "': " + e.getMessage());
        }
        Map<String, Object> map = format == WireFormat.AVRO ? fromAvro(topic, value) : fromJson(topic, value);
        return new SchemaAndValue(null, map);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsBytes(plain(value));
        } catch (JsonProcessingException e) {
            throw new DataException("Cannot write the value for topic '" + topic + "' as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> fromAvro(String topic, byte[] bytes) {
        if (bytes.length < AVRO_HEADER_LENGTH) {
            throw new DataException("Cannot convert the Avro record from topic '" + topic + "': truncated, "
                    + bytes.length + " bytes, but the single-object header alone is " + AVRO_HEADER_LENGTH);
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        WriterSchema writer = WriterSchemas.BY_FINGERPRINT.get(fingerprint);
        if (writer == null) {
            throw new DataException("Cannot convert the Avro record from topic '" + topic + "': writer schema"
                    + " fingerprint " + String.format("0x%016x", fingerprint) + " is neither a current schema nor a"
                    + " history version of any driftwatch contract (" + Contracts.names() + ")");
        }
        SpecificRecord record;
        try {
            record = RecordCodec.of(writer.type()).decode(bytes);
        } catch (RuntimeException e) {
            throw new DataException("Cannot convert the Avro record from topic '" + topic + "' (written as "
                    + writer.label() + "): " + e.getMessage(), e);
        }
        try {
            return MAPPER.convertValue(AvroJson.toJsonNode(record), MAP);
        } catch (RuntimeException e) {
            throw new DataException("Cannot convert the Avro record from topic '" + topic + "' (written as "
                    + writer.label() + ") to a map: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> fromJson(String topic, byte[] bytes) {
        try {
            JsonNode tree = MAPPER.readTree(bytes);
            return MAPPER.convertValue(tree, MAP);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage()
                    + (jpe.getLocation() == null ? "" : " (line " + jpe.getLocation().getLineNr() + ", column "
                    + jpe.getLocation().getColumnNr() + ")") : e.getMessage();
            throw new DataException("Cannot convert the JSON record from topic '" + topic + "': invalid JSON: "
                    + detail, e);
        }
    }

    /** A Struct (or anything holding Structs / Dates) as plain maps, lists and values. */
    private static Object plain(Object v) {
        if (v instanceof Struct s) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Field field : s.schema().fields()) {
                out.put(field.name(), plain(s.get(field)));
            }
            return out;
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
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v;
    }

    private record WriterSchema(Class<? extends SpecificRecord> type, String label) {
    }

    /** Every writer schema the converter can read: each contract's current schema and history. */
    private static final class WriterSchemas {
        static final Map<Long, WriterSchema> BY_FINGERPRINT = load();

        private static Map<Long, WriterSchema> load() {
            Map<Long, WriterSchema> out = new HashMap<>();
            for (Class<? extends SpecificRecord> type : Contracts.all()) {
                for (SchemaVersion version : SchemaHistory.versions(type.getSimpleName())) {
                    out.put(version.fingerprint(), new WriterSchema(type, version.toString()));
                }
                long current = SchemaNormalization.parsingFingerprint64(RecordCodec.of(type).schema());
                out.putIfAbsent(current, new WriterSchema(type, type.getSimpleName() + " (current schema)"));
            }
            return Collections.unmodifiableMap(out);
        }
    }
}
