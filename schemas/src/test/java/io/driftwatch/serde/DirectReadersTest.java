package io.driftwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;

class DirectReadersTest {

    @Test
    void theReadersReadTheFieldsOfTheCurrentSchemas() {
        // a schema change fails here: update the reader in DirectReaders and its FIELDS with it
        assertThat(DirectReaders.fields(Prediction.getClassSchema()))
            .isEqualTo(DirectReaders.FIELDS.get("io.driftwatch.avro.Prediction"));
        assertThat(DirectReaders.fields(Actual.getClassSchema()))
            .isEqualTo(DirectReaders.FIELDS.get("io.driftwatch.avro.Actual"));
        assertThat(DirectReaders.<Prediction>forSchema(Prediction.getClassSchema())).isNotNull();
        assertThat(DirectReaders.<Actual>forSchema(Actual.getClassSchema())).isNotNull();
    }

    @Test
    void aSchemaWithOtherFieldsGetsNoDirectReader() {
        Schema renamed = SchemaBuilder.record("Actual").namespace("io.driftwatch.avro").fields()
            .requiredString("series_id").optionalString("tenant_id").requiredLong("event_time")
            .requiredDouble("amount").requiredLong("event_count").requiredInt("revision").requiredLong("bucket_ms")
            .endRecord();
        assertThat(DirectReaders.<Actual>forSchema(renamed)).isNull();
        assertThat(DirectReaders.<Object>forSchema(SchemaBuilder.record("Other").fields().endRecord())).isNull();
    }

    @Test
    void predictionsReadBackAsAvrosOwnReaderReadsThem() throws IOException {
        Random rnd = new Random(7);
        RecordCodec<Prediction> codec = RecordCodec.of(Prediction.class);
        for (int i = 0; i < 2_000; i++) {
            Map<String, Double> features = new LinkedHashMap<>();
            for (int f = rnd.nextInt(4); f > 0; f--) {
                features.put(text(rnd), value(rnd));
            }
            Prediction p = new Prediction(text(rnd), text(rnd), rnd.nextInt(), text(rnd),
                rnd.nextBoolean() ? null : text(rnd), text(rnd), Instant.ofEpochMilli(rnd.nextLong() >> 20),
                Instant.ofEpochMilli(rnd.nextLong() >> 20), value(rnd), value(rnd), value(rnd), features);
            byte[] bytes = codec.encode(p, WireFormat.AVRO);
            Prediction direct = codec.decode(bytes);
            assertThat(fields(direct)).isEqualTo(fields(avro(bytes, Prediction.getClassSchema()))).isEqualTo(fields(p));
        }
    }

    @Test
    void actualsReadBackAsAvrosOwnReaderReadsThem() throws IOException {
        Random rnd = new Random(11);
        RecordCodec<Actual> codec = RecordCodec.of(Actual.class);
        for (int i = 0; i < 2_000; i++) {
            Actual a = new Actual(text(rnd), rnd.nextBoolean() ? null : text(rnd),
                Instant.ofEpochMilli(rnd.nextLong() >> 20), value(rnd), rnd.nextLong(), rnd.nextInt(), rnd.nextLong());
            byte[] bytes = codec.encode(a, WireFormat.AVRO);
            Actual direct = codec.decode(bytes);
            assertThat(fields(direct)).isEqualTo(fields(avro(bytes, Actual.getClassSchema()))).isEqualTo(fields(a));
        }
    }

    @Test
    void aTruncatedOrCorruptBodyIsASerializationError() {
        RecordCodec<Actual> codec = RecordCodec.of(Actual.class);
        byte[] bytes = codec.encode(new Actual("s1", "t", Instant.ofEpochMilli(86_400_000L), 1.5, 3L, 0, 86_400_000L),
            WireFormat.AVRO);
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
            .isInstanceOf(SerializationException.class)
            .hasMessageContaining("Invalid Avro body for Actual");
        byte[] badUnion = bytes.clone();
        badUnion[RecordCodec.AVRO_HEADER_LENGTH + 1 + 2] = 4; // after the 2-character series id: union branch 2
        assertThatThrownBy(() -> codec.decode(badUnion))
            .isInstanceOf(SerializationException.class)
            .hasMessageContaining("union branch 2");
    }

    /**
     * The record's field values, each compared by its own equals: a boxed NaN equals NaN, -0.0 differs from 0.0 (Avro's
     * record equals takes no NaN for equal to itself).
     */
    private static List<Object> fields(SpecificRecord r) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < r.getSchema().getFields().size(); i++) {
            out.add(r.get(i));
        }
        return out;
    }

    private static <T extends SpecificRecord> T avro(byte[] bytes, Schema schema) throws IOException {
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, RecordCodec.AVRO_HEADER_LENGTH,
            bytes.length - RecordCodec.AVRO_HEADER_LENGTH, null);
        return new SpecificDatumReader<T>(schema).read(null, in);
    }

    /** Text of 0-12 characters, some outside ASCII (multi-byte in UTF-8). */
    private static String text(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int n = rnd.nextInt(13); n > 0; n--) {
            sb.append(rnd.nextInt(5) == 0 ? (char) (0x00e0 + rnd.nextInt(400)) : (char) ('a' + rnd.nextInt(26)));
        }
        return sb.toString();
    }

    private static double value(Random rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> Double.NEGATIVE_INFINITY;
            case 2 -> -0.0;
            default -> rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10);
        };
    }
}
