package io.driftwatch.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes an Avro record as a Jackson tree with the schema's field names, in schema order.
 *
 * <p>Invariants: nullable unions are written plainly (the value or {@code null}, never Avro's
 * {@code {"string": ...}} wrapping); enums as their symbol; {@code timestamp-millis} as epoch
 * millis (a JSON integer); doubles as Jackson writes them (shortest text that round-trips
 * exactly; non-finite values as the bare tokens {@code NaN}, {@code Infinity}, which
 * {@link JsonRecordReader} reads back). A null in a field that does not allow null is a
 * {@link ContractViolationException}.
 */
final class JsonRecordWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonRecordWriter() {}

    static ObjectNode write(IndexedRecord record) {
        return writeRecord(record, record.getSchema(), record.getSchema().getName());
    }

    private static ObjectNode writeRecord(IndexedRecord record, Schema schema, String path) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
            node.set(field.name(), value(record.get(field.pos()), field.schema(), path + "." + field.name()));
        }
        return node;
    }

    private static JsonNode value(Object value, Schema schema, String path) {
        if (value == null) {
            if (SchemaTypes.allowsNull(schema)) {
                return NODES.nullNode();
            }
            throw new ContractViolationException("Field '" + path + "' (" + SchemaTypes.describe(schema)
                    + ") is null but the contract requires a value");
        }
        switch (schema.getType()) {
            case UNION:
                return value(value, unionBranch(schema, value), path);
            case RECORD:
                return writeRecord((IndexedRecord) value, schema, path);
            case ENUM:
            case STRING:
                return NODES.textNode(value.toString());
            case ARRAY:
                return array((Collection<?>) value, schema.getElementType(), path);
            case MAP:
                return map((Map<?, ?>) value, schema.getValueType(), path);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case INT:
                return NODES.numberNode(((Number) value).intValue());
            case LONG:
                return NODES.numberNode(
                        value instanceof Instant ? ((Instant) value).toEpochMilli() : ((Number) value).longValue());
            case FLOAT:
                return NODES.numberNode(((Number) value).floatValue());
            case DOUBLE:
                return NODES.numberNode(((Number) value).doubleValue());
            default:
                throw new ContractViolationException("Field '" + path + "' has Avro type " + schema.getType()
                        + ", which the JSON format does not support");
        }
    }

    private static ArrayNode array(Collection<?> values, Schema elementType, String path) {
        ArrayNode node = NODES.arrayNode(values.size());
        int i = 0;
        for (Object element : values) {
            node.add(value(element, elementType, path + "[" + i++ + "]"));
        }
        return node;
    }

    private static ObjectNode map(Map<?, ?> values, Schema valueType, String path) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<?, ?> entry : values.entrySet()) {
            String key = entry.getKey().toString();
            node.set(key, value(entry.getValue(), valueType, path + "[\"" + key + "\"]"));
        }
        return node;
    }

    private static Schema unionBranch(Schema union, Object value) {
        Schema single = SchemaTypes.singleNonNullBranch(union);
        if (single != null) {
            return single;
        }
        Object plain = value instanceof Instant ? ((Instant) value).toEpochMilli() : value;
        return union.getTypes().get(GenericData.get().resolveUnion(union, plain));
    }
}
