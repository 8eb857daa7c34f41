package io.driftwatch.serde;

import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/** Helpers shared by the JSON reader and writer: readable type names and union branches. */
final class SchemaTypes {
    private SchemaTypes() {}

    /** A short, readable name of {@code schema} for error messages, e.g. {@code null or double}. */
    static String describe(Schema schema) {
        if (isTimestampMillis(schema)) {
            return "timestamp-millis (epoch millis or ISO-8601 string)";
        }
        switch (schema.getType()) {
            case RECORD:
                return "record " + schema.getName();
            case ENUM:
                return "enum " + schema.getName() + " (one of " + String.join(", ", schema.getEnumSymbols()) + ")";
            case ARRAY:
                return "array of " + describe(schema.getElementType());
            case MAP:
                return "map of " + describe(schema.getValueType());
            case UNION:
                return schema.getTypes().stream().map(SchemaTypes::describe).collect(Collectors.joining(" or "));
            default:
                return schema.getType().getName();
        }
    }

    static boolean isTimestampMillis(Schema schema) {
        LogicalType logicalType = schema.getLogicalType();
        return logicalType != null && LogicalTypes.timestampMillis().getName().equals(logicalType.getName());
    }

    /** The only non-null branch of a nullable union such as {@code ["null", X]}, else null. */
    static Schema singleNonNullBranch(Schema union) {
        Schema found = null;
        for (Schema branch : union.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                if (found != null) {
                    return null;
                }
                found = branch;
            }
        }
        return found;
    }

    static boolean allowsNull(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || (schema.getType() == Schema.Type.UNION
                        && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL));
    }
}
