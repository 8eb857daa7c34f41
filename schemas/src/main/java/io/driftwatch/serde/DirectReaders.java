package io.driftwatch.serde;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;

/**
 * Hand-written readers of the Avro bodies of the two records every monitor reads per event ({@link Prediction},
 * {@link Actual}), written with their current schema: the fields in schema order, straight into the record's
 * constructor. Avro's resolving reader gets there through a chain of lambdas per field, a reflective constructor call,
 * logical-type conversions and boxing; on the monitor's inputs it took 7% of the stream threads' time. This takes a
 * fifth less per record ({@code StatsBenchmark} {@code decode.prediction}: 143 against 180 ns).
 *
 * <p>Used only for a body whose writer schema is the current schema itself (same fingerprint); any other writer
 * schema goes through Avro's resolution. Each reader states the fields it reads ({@link #FIELDS}); a schema whose
 * fields differ from them in name or type gets no direct reader ({@link #forSchema}), so a schema change can make
 * decoding slower, never wrong.
 */
final class DirectReaders {

    /** Reads one body with the current schema of its type. */
    interface Reader<T> {
        T read(BinaryDecoder in) throws IOException;
    }

    /** Per record name, the fields (name and Avro type, unions as {@code null|string}) its reader reads, in order. */
    static final Map<String, List<String>> FIELDS = Map.of(
        "io.driftwatch.avro.Prediction", List.of(
            "prediction_id:string", "model_id:string", "config_version:int", "series_id:string",
            "tenant_id:null|string", "horizon:string", "issued_at:long", "target_time:long", "yhat:double",
            "yhat_lower:double", "yhat_upper:double", "features:map<double>"),
        "io.driftwatch.avro.Actual", List.of(
            "series_id:string", "tenant_id:null|string", "event_time:long", "value:double", "event_count:long",
            "revision:int", "bucket_ms:long"));

    private DirectReaders() {
    }

    /** The direct reader of {@code schema}'s record; null when there is none, or its fields are not {@link #FIELDS}. */
    @SuppressWarnings("unchecked")
    static <T> Reader<T> forSchema(Schema schema) {
        List<String> expected = FIELDS.get(schema.getFullName());
        if (expected == null || !expected.equals(fields(schema))) {
            return null;
        }
        return (Reader<T>) switch (schema.getFullName()) {
            case "io.driftwatch.avro.Prediction" -> (Reader<Prediction>) DirectReaders::prediction;
            case "io.driftwatch.avro.Actual" -> (Reader<Actual>) DirectReaders::actual;
            default -> null;
        };
    }

    /** {@code name:type} of each field of a record schema, in order, as {@link #FIELDS} writes them. */
    static List<String> fields(Schema schema) {
        return schema.getFields().stream().map(f -> f.name() + ":" + type(f.schema())).toList();
    }

    private static String type(Schema s) {
        return switch (s.getType()) {
            case UNION -> String.join("|", s.getTypes().stream().map(DirectReaders::type).toList());
            case MAP -> "map<" + type(s.getValueType()) + ">";
            default -> s.getType().getName();
        };
    }

    static Prediction prediction(BinaryDecoder in) throws IOException {
        String predictionId = in.readString();
        String modelId = in.readString();
        int configVersion = in.readInt();
        String seriesId = in.readString();
        String tenantId = nullableString(in);
        String horizon = in.readString();
        Instant issuedAt = Instant.ofEpochMilli(in.readLong());
        Instant targetTime = Instant.ofEpochMilli(in.readLong());
        double yhat = in.readDouble();
        double lower = in.readDouble();
        double upper = in.readDouble();
        Map<String, Double> features = doubleMap(in);
        return new Prediction(predictionId, modelId, configVersion, seriesId, tenantId, horizon, issuedAt, targetTime,
            yhat, lower, upper, features);
    }

    static Actual actual(BinaryDecoder in) throws IOException {
        String seriesId = in.readString();
        String tenantId = nullableString(in);
        Instant eventTime = Instant.ofEpochMilli(in.readLong());
        double value = in.readDouble();
        long eventCount = in.readLong();
        int revision = in.readInt();
        long bucketMs = in.readLong();
        return new Actual(seriesId, tenantId, eventTime, value, eventCount, revision, bucketMs);
    }

    /** A {@code ["null", "string"]} union. */
    private static String nullableString(BinaryDecoder in) throws IOException {
        int branch = in.readIndex();
        return switch (branch) {
            case 0 -> null;
            case 1 -> in.readString();
            default -> throw new IOException("union branch " + branch + " of a [null, string] union");
        };
    }

    /** A map of doubles, in blocks as Avro writes them. */
    private static Map<String, Double> doubleMap(BinaryDecoder in) throws IOException {
        long n = in.readMapStart();
        if (n == 0) {
            return new HashMap<>(0);
        }
        Map<String, Double> map = new HashMap<>();
        for (; n > 0; n = in.mapNext()) {
            for (long i = 0; i < n; i++) {
                String key = in.readString();
                map.put(key, in.readDouble());
            }
        }
        return map;
    }
}
