package io.driftwatch.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.MetricObservation;
import io.driftwatch.serde.RecordCodec;
import io.driftwatch.serde.WireFormat;
import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.telemetry.Telemetry;

/**
 * The bad records every input must survive, built from one good record of the input's type: each
 * {@link Kind} as the key and value bytes a careless or hostile producer would write. Tests pipe
 * them between good records and check each ends in dead-letters (or, on a global store's topic, is
 * skipped and reported) with its reason while the good records are processed exactly once.
 */
public final class BadRecords {

    /** The kinds of bad record; {@link #decodes()} says whether the value decodes at all. */
    public enum Kind {
        UNDECODABLE(false),
        WRONG_SCHEMA(false),
        MISSING_FIELD(false),
        NON_FINITE(true),
        NEGATIVE_TIME(true),
        YEAR_9999(true),
        OVERSIZED(false),
        UNKNOWN_ENUM(false),
        KEY_MISMATCH(true),
        TOMBSTONE(true),
        FUTURE_SCHEMA(false),
        UNKNOWN_VERSION_BYTE(false);

        private final boolean decodes;

        Kind(boolean decodes) {
            this.decodes = decodes;
        }

        /** False: the deserialization handler rejects it; true: the value decodes and a processor rejects it. */
        public boolean decodes() {
            return decodes;
        }
    }

    /** One bad record: key (may be null) and value bytes (null: tombstone). */
    public record Bad(Kind kind, String key, byte[] value) {
        @Override
        public String toString() {
            return kind.name();
        }
    }

    /**
     * What to break in the good record.
     *
     * @param key           the good record's key
     * @param requiredField a field without default (left out of a JSON record)
     * @param doubleField   a double field (set to NaN), or null when the type has none at the top level (the
     *                      caller adds its own NON_FINITE case)
     * @param timeField     a timestamp-millis field (set to 1969 and to year 9999)
     * @param stringField   a string field (made 1 MB long)
     * @param enumField     an enum field (set to an unknown symbol), or null when the type has none
     */
    public record Spec<V extends SpecificRecord>(
            V good, String key, String requiredField, String doubleField, String timeField, String stringField,
            String enumField) {
    }

    static final ObjectMapper JSON = new ObjectMapper();
    /** Over {@link io.driftwatch.serde.DriftwatchSerde#MAX_RECORD_BYTES}, under the broker's default message size. */
    public static final int OVERSIZED_CHARS = 1_000_100;

    private BadRecords() {
    }

    /** {@code driftwatch.deadletters{app, reason}} so far (call {@link Telemetry#prometheus()} first). */
    public static double deadLetters(String app, String reason) {
        Counter c = Telemetry.registry().find(MetricNames.DEAD_LETTERS).tags(MetricNames.TAG_APP, app,
                MetricNames.TAG_REASON, reason).counter();
        return c == null ? 0 : c.count();
    }

    /** {@code driftwatch.global.skipped{app, reason}} so far, over every topic. */
    public static double globalSkipped(String app, String reason) {
        return Telemetry.registry().find(MetricNames.GLOBAL_SKIPPED).tags(MetricNames.TAG_APP, app,
                MetricNames.TAG_REASON, reason).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Every kind that applies to the spec's type (UNKNOWN_ENUM only when it has an enum field). */
    public static <V extends SpecificRecord> Map<Kind, Bad> of(Spec<V> spec) {
        Map<Kind, Bad> out = new EnumMap<>(Kind.class);
        V good = spec.good();
        String key = spec.key();
        put(out, Kind.UNDECODABLE, key, new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, 0, 1});
        put(out, Kind.WRONG_SCHEMA, key, otherTopicsRecord(good));
        ObjectNode missing = json(good);
        missing.remove(spec.requiredField());
        put(out, Kind.MISSING_FIELD, key, bytes(missing));
        if (spec.doubleField() != null) {
            put(out, Kind.NON_FINITE, key, avro(with(good, spec.doubleField(), Double.NaN)));
        }
        put(out, Kind.NEGATIVE_TIME, key, avro(with(good, spec.timeField(), Instant.parse("1969-07-20T20:17:00Z"))));
        put(out, Kind.YEAR_9999, key, avro(with(good, spec.timeField(), Instant.parse("9999-12-31T00:00:00Z"))));
        ObjectNode huge = json(good);
        huge.put(spec.stringField(), "x".repeat(OVERSIZED_CHARS));
        put(out, Kind.OVERSIZED, key, bytes(huge));
        if (spec.enumField() != null) {
            ObjectNode unknown = json(good);
            unknown.put(spec.enumField(), "NOT_A_SYMBOL_YET");
            put(out, Kind.UNKNOWN_ENUM, key, bytes(unknown));
        }
        put(out, Kind.KEY_MISMATCH, "not-" + key, avro(good));
        put(out, Kind.TOMBSTONE, key, null);
        put(out, Kind.FUTURE_SCHEMA, key, futureSchemaVersion(good));
        byte[] version = avro(good);
        version[1] = 0x02;
        put(out, Kind.UNKNOWN_VERSION_BYTE, key, version);
        return out;
    }

    public static void put(Map<Kind, Bad> out, Kind kind, String key, byte[] value) {
        out.put(kind, new Bad(kind, key, value));
    }

    @SuppressWarnings("unchecked")
    public static <V extends SpecificRecord> byte[] avro(V record) {
        return RecordCodec.of((Class<V>) record.getClass()).encode(record, WireFormat.AVRO);
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> ObjectNode json(V record) {
        try {
            byte[] bytes = RecordCodec.of((Class<V>) record.getClass()).encode(record, WireFormat.JSON);
            return (ObjectNode) JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of {@code record} with {@code field} set to {@code value}. */
    public static <V extends SpecificRecord> V with(V record, String field, Object value) {
        V copy = SpecificData.get().deepCopy(record.getSchema(), record);
        copy.put(record.getSchema().getField(field).pos(), value);
        return copy;
    }

    /** A valid Avro record of another topic's type. */
    private static byte[] otherTopicsRecord(SpecificRecord good) {
        if (good instanceof MetricObservation) {
            return avro(Actual.newBuilder().setSeriesId("s").setEventTime(Instant.EPOCH).setValue(1).build());
        }
        return avro(MetricObservation.newBuilder().setMetric("m").setModelId("m").setEventTime(Instant.EPOCH)
                .setValue(1).build());
    }

    /**
     * What a producer with the next schema version writes: the same record with one more field (a
     * string with a default) at the end, so the single-object header names a fingerprint this
     * release does not know.
     */
    static byte[] futureSchemaVersion(SpecificRecord good) {
        try {
            ObjectNode schema = (ObjectNode) JSON.readTree(good.getSchema().toString());
            ObjectNode added = JSON.createObjectNode().put("name", "added_in_next_version").put("type", "string")
                    .put("default", "");
            ((ArrayNode) schema.get("fields")).add(added);
            Schema future = new Schema.Parser().parse(schema.toString());
            byte[] current = avro(good);
            byte[] body = Arrays.copyOfRange(current, 10, current.length);
            ByteBuffer out = ByteBuffer.allocate(10 + body.length + 2).order(ByteOrder.LITTLE_ENDIAN);
            out.put((byte) 0xC3).put((byte) 0x01).putLong(SchemaNormalization.parsingFingerprint64(future));
            out.put(body).put((byte) 0x02).put("x".getBytes(StandardCharsets.UTF_8));
            return out.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
