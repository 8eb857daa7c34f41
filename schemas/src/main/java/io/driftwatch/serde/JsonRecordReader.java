package io.driftwatch.serde;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Reads a Jackson tree into the Java representation of an Avro schema that {@code model} uses
 * (generated specific classes, {@link String} strings, {@link Instant} timestamps).
 *
 * <p>Rules: missing fields take the schema default (deep-copied, so records never share mutable
 * defaults); a missing field without a default, a JSON value of the wrong type, or an unknown
 * enum symbol is a {@link ContractViolationException} naming the field path, the expected type
 * and the offending value (truncated to {@value #MAX_VALUE_CHARS} characters); unknown fields are
 * ignored. Nullable unions are read from the plain value or {@code null}. Integers must be JSON
 * integers in range; doubles accept any JSON number (and the non-standard bare {@code NaN} /
 * {@code Infinity} tokens when the parser allows them), never strings. Timestamps accept epoch
 * millis (number or numeric string) or the ISO-8601 forms of {@link JsonTimestamps}.
 */
final class JsonRecordReader {
    static final int MAX_VALUE_CHARS = 80;

    private final SpecificData model;

    JsonRecordReader(SpecificData model) {
        this.model = model;
    }

    /** Reads the top-level record; {@code json} must be a JSON object. */
    Object readRecord(JsonNode json, Schema schema) {
        if (!json.isObject()) {
            throw new ContractViolationException(
                    "Record '" + schema.getName() + "' expects a JSON object but got " + describeValue(json));
        }
        return record(json, schema, schema.getName());
    }

    private Object record(JsonNode json, Schema schema, String path) {
        IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            String fieldPath = path + "." + field.name();
            JsonNode value = json.get(field.name());
            if (value != null) {
                record.put(field.pos(), read(value, field.schema(), fieldPath));
            } else if (field.hasDefaultValue()) {
                record.put(field.pos(), model.deepCopy(field.schema(), model.getDefaultValue(field)));
            } else {
                throw new ContractViolationException(
                        "Missing required field '" + fieldPath + "' (" + SchemaTypes.describe(field.schema()) + ")");
            }
        }
        return record;
    }

    private Object read(JsonNode json, Schema schema, String path) {
        if (schema.getType() == Schema.Type.UNION) {
            return union(json, schema, path);
        }
        if (json.isNull()) {
            if (schema.getType() == Schema.Type.NULL) {
                return null;
            }
            throw wrongType(path, schema, json);
        }
        if (SchemaTypes.isTimestampMillis(schema)) {
            return timestamp(json, schema, path);
        }
        switch (schema.getType()) {
            case RECORD:
                if (json.isObject()) {
                    return record(json, schema, path);
                }
                break;
            case ENUM:
                if (json.isTextual() && schema.hasEnumSymbol(json.textValue())) {
                    return model.createEnum(json.textValue(), schema);
                }
                break;
            case ARRAY:
                if (json.isArray()) {
                    return array(json, schema.getElementType(), path);
                }
                break;
            case MAP:
                if (json.isObject()) {
                    return map(json, schema.getValueType(), path);
                }
                break;
            default:
                Object primitive = primitive(json, schema.getType());
                if (primitive != null) {
                    return primitive;
                }
        }
        throw wrongType(path, schema, json);
    }

    /** The Java value of a JSON primitive for an Avro primitive type, or null when they don't match. */
    private static Object primitive(JsonNode json, Schema.Type type) {
        switch (type) {
            case STRING:
                return json.isTextual() ? json.textValue() : null;
            case BOOLEAN:
                return json.isBoolean() ? json.booleanValue() : null;
            case INT:
                return json.isIntegralNumber() && json.canConvertToInt() ? json.intValue() : null;
            case LONG:
                return json.isIntegralNumber() && json.canConvertToLong() ? json.longValue() : null;
            case FLOAT:
                return json.isNumber() ? json.floatValue() : null;
            case DOUBLE:
                return json.isNumber() ? json.doubleValue() : null;
            default:
                return null; // bytes and fixed are not part of the JSON contract
        }
    }

    private Object union(JsonNode json, Schema union, String path) {
        if (json.isNull() && SchemaTypes.allowsNull(union)) {
            return null;
        }
        Schema single = SchemaTypes.singleNonNullBranch(union);
        if (single != null) {
            return read(json, single, path);
        }
        for (Schema branch : union.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                return read(json, branch, path);
            } catch (ContractViolationException notThisBranch) {
                // try the next branch
            }
        }
        throw wrongType(path, union, json);
    }

    private Object timestamp(JsonNode json, Schema schema, String path) {
        Instant instant = null;
        if (json.isIntegralNumber() && json.canConvertToLong()) {
            instant = Instant.ofEpochMilli(json.longValue());
        } else if (json.isTextual()) {
            instant = JsonTimestamps.parse(json.textValue());
        }
        if (instant == null) {
            throw wrongType(path, schema, json);
        }
        boolean asInstant = model.getConversionFor(schema.getLogicalType()) != null;
        return asInstant ? instant : (Object) instant.toEpochMilli();
    }

    private List<Object> array(JsonNode json, Schema elementType, String path) {
        List<Object> values = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            values.add(read(json.get(i), elementType, path + "[" + i + "]"));
        }
        return values;
    }

    private Map<String, Object> map(JsonNode json, Schema valueType, String path) {
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            values.put(entry.getKey(), read(entry.getValue(), valueType, path + "[\"" + entry.getKey() + "\"]"));
        }
        return values;
    }

    private static ContractViolationException wrongType(String path, Schema expected, JsonNode actual) {
        return new ContractViolationException(
                "Field '" + path + "' expects " + SchemaTypes.describe(expected) + " but got " + describeValue(actual));
    }

    /** E.g. {@code string "abc"} or {@code array [1,2,...]}: the JSON kind, then the value, truncated. */
    static String describeValue(JsonNode value) {
        String text = value.toString();
        if (text.length() > MAX_VALUE_CHARS) {
            text = text.substring(0, MAX_VALUE_CHARS) + "...";
        }
        String kind = value.getNodeType().name().toLowerCase(Locale.ROOT);
        return value.isNull() ? "null" : kind + " " + text;
    }
}
