package io.driftwatch.serde;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The two wire formats every driftwatch contract can be written in.
 *
 * <ul>
 *   <li>{@link #AVRO}: Avro single-object encoding (magic {@code 0xC3 0x01}, the 8-byte CRC-64-AVRO
 *       fingerprint of the writer schema, then the Avro binary body), so a reader resolves older
 *       writer schemas by fingerprint.</li>
 *   <li>{@link #JSON}: a JSON object with the schema's field names (see {@link AvroJson}).</li>
 * </ul>
 *
 * <p>Readers accept both (see {@link RecordCodec#decode(byte[])}); only the output format is chosen.
 */
public enum WireFormat {
    AVRO,
    JSON;

    /**
     * Parses a format name leniently: surrounding whitespace and letter case are ignored.
     *
     * @throws IllegalArgumentException naming the valid values when {@code text} is null, blank or
     *     not a format name
     */
    public static WireFormat parse(String text) {
        String name = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (WireFormat format : values()) {
            if (format.name().equals(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException(
                "Unknown wire format '" + text + "'; valid values: " + validValues() + " (case-insensitive)");
    }

    /** The valid names, comma separated, e.g. for error messages and config docs. */
    public static String validValues() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
