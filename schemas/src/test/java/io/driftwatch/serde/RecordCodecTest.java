package io.driftwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecordCodecTest {

    static Stream<Arguments> everySampleInEveryFormat() {
        List<Arguments> cases = new ArrayList<>();
        for (WireFormat format : WireFormat.values()) {
            for (SpecificRecord r : ContractSamples.full()) {
                cases.add(Arguments.of(r.getSchema().getName() + " full", format, r));
            }
            for (SpecificRecord r : ContractSamples.sparse()) {
                cases.add(Arguments.of(r.getSchema().getName() + " sparse", format, r));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("everySampleInEveryFormat")
    <T extends SpecificRecord> void everyContractRoundTripsInBothFormats(String name, WireFormat format, T record) {
        @SuppressWarnings("unchecked")
        RecordCodec<T> codec = RecordCodec.of((Class<T>) record.getClass());

        byte[] bytes = codec.encode(record, format);

        assertThat(RecordCodec.detectFormat(bytes)).isEqualTo(format);
        assertThat(codec.decode(bytes)).isEqualTo(record);
    }

    @Test
    void samplesCoverEveryContract() {
        assertThat(ContractSamples.full()).extracting(Object::getClass).containsExactlyElementsOf(Contracts.all());
        assertThat(ContractSamples.sparse()).extracting(Object::getClass).containsExactlyElementsOf(Contracts.all());
    }

    @Test
    void ofReturnsOneSharedCodecPerType() {
        assertThat(RecordCodec.of(SaleEvent.class)).isSameAs(RecordCodec.of(SaleEvent.class));
        assertThat(RecordCodec.of(SaleEvent.class).type()).isEqualTo(SaleEvent.class);
    }

    @Test
    void avroWrittenWithV1DecodesWithDefaultsForNewFields() {
        GenericRecord v1 = new GenericData.Record(version(SaleEvent.class, 1));
        v1.put("sale_id", "s-1");
        v1.put("tenant_id", "acme");
        v1.put("series_id", "acme:store-7");
        v1.put("event_time", ContractSamples.T0.toEpochMilli());
        v1.put("amount", 19.99);

        SaleEvent sale = RecordCodec.of(SaleEvent.class).decode(writeWith(v1));

        assertThat(sale)
                .isEqualTo(SaleEvent.newBuilder()
                        .setSaleId("s-1")
                        .setTenantId("acme")
                        .setSeriesId("acme:store-7")
                        .setEventTime(ContractSamples.T0)
                        .setAmount(19.99)
                        .build());
        assertThat(sale.getQuantity()).isNull();
        assertThat(sale.getCurrency()).isNull();
    }

    @Test
    void v1ActualGetsNonNullDefaults() {
        GenericRecord v1 = new GenericData.Record(version(Actual.class, 1));
        v1.put("series_id", "USDCLP");
        v1.put("tenant_id", null);
        v1.put("event_time", ContractSamples.DAY.toEpochMilli());
        v1.put("value", 951.5);

        Actual actual = RecordCodec.of(Actual.class).decode(writeWith(v1));

        assertThat(actual.getValue()).isEqualTo(951.5);
        assertThat(actual.getEventTime()).isEqualTo(ContractSamples.DAY);
        assertThat(actual.getEventCount()).isZero();
        assertThat(actual.getRevision()).isZero();
        assertThat(actual.getBucketMs()).isEqualTo(86_400_000L);
    }

    @Test
    void v1PredictionGetsAnEmptyFeatureMap() {
        Schema schema = version(Prediction.class, 1);
        GenericRecord v1 = new GenericData.Record(schema);
        for (String f : List.of("prediction_id", "model_id", "series_id", "horizon")) {
            v1.put(f, "x");
        }
        v1.put("config_version", 3);
        v1.put("issued_at", 1L);
        v1.put("target_time", 2L);
        v1.put("yhat", 1.0);
        v1.put("yhat_lower", 0.5);
        v1.put("yhat_upper", 1.5);

        Prediction p = RecordCodec.of(Prediction.class).decode(writeWith(v1));

        assertThat(p.getFeatures()).isEmpty();
        assertThat(p.getTenantId()).isNull();
        assertThat(p.getTargetTime()).isEqualTo(Instant.ofEpochMilli(2));
    }

    @Test
    void v1NestedRecordGetsDefaultsToo() {
        Schema schema = version(ModelConfig.class, 1);
        Schema metricsSchema =
                schema.getField("validation_metrics").schema().getTypes().get(1);
        GenericRecord metrics = new GenericData.Record(metricsSchema);
        for (Schema.Field f : metricsSchema.getFields()) {
            metrics.put(f.name(), 0.5);
        }
        GenericRecord v1 = new GenericData.Record(schema);
        v1.put("model_id", "m");
        v1.put("horizon", "7d");
        v1.put("version", 2);
        v1.put("algorithm", "ets");
        v1.put("params", Map.of("alpha", "0.3"));
        v1.put("validation_metrics", metrics);
        v1.put("created_at", 5L);
        v1.put("reason", List.of("t-1"));
        v1.put("previous_version", 1);
        v1.put("rolled_back_from", null);

        ModelConfig config = RecordCodec.of(ModelConfig.class).decode(writeWith(v1));

        assertThat(config.getValidationMetrics().getRmse()).isEqualTo(0.5);
        assertThat(config.getValidationMetrics().getN()).isZero();
        assertThat(config.getReportId()).isNull();
        assertThat(config.getParams()).containsEntry("alpha", "0.3");
    }

    @Test
    void garbageNamesBothAcceptedFormats() {
        byte[] garbage = "hello, world".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> RecordCodec.of(SaleEvent.class).decode(garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "Unrecognised record format (12 bytes, starting 68 65 6C 6C 6F 2C 20 77 ...); accepted: Avro"
                                + " single-object encoding (starting with bytes C3 01) or a JSON object (starting with"
                                + " '{')");
    }

    @Test
    void emptyAndJsonArrayAreRejectedToo() {
        assertThatThrownBy(() -> RecordCodec.detectFormat(new byte[0]))
                .hasMessageContaining("starting <empty>")
                .hasMessageContaining("Avro single-object")
                .hasMessageContaining("JSON");
        assertThatThrownBy(() -> RecordCodec.detectFormat("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("accepted: Avro single-object encoding");
    }

    @Test
    void jsonMayStartWithWhitespaceOrByteOrderMark() {
        assertThat(RecordCodec.detectFormat(" \n\t{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(WireFormat.JSON);
        assertThat(RecordCodec.detectFormat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}))
                .isEqualTo(WireFormat.JSON);
    }

    @Test
    void unknownFingerprintIsReportedInHex() {
        byte[] bytes = RecordCodec.of(SaleEvent.class)
                .encode((SaleEvent) ContractSamples.full().get(0), WireFormat.AVRO);
        for (int i = 2; i < 10; i++) {
            bytes[i] = (byte) 0xAB;
        }

        assertThatThrownBy(() -> RecordCodec.of(SaleEvent.class).decode(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Unknown Avro writer schema for SaleEvent: fingerprint 0xabababababababab is neither "
                                + "the current schema (0x")
                .hasMessageEndingWith(") nor a version under history/SaleEvent/.");
    }

    @Test
    void avroOfAnotherContractIsNamed() {
        byte[] rate = RecordCodec.of(RateEvent.class)
                .encode((RateEvent) ContractSamples.full().get(1), WireFormat.AVRO);

        assertThatThrownBy(() -> RecordCodec.of(SaleEvent.class).decode(rate))
                .hasMessageContaining("It is the fingerprint of RateEvent v2: wrong topic or wrong type?");
    }

    @Test
    void truncatedAvroIsReported() {
        assertThatThrownBy(() -> RecordCodec.of(SaleEvent.class).decode(new byte[] {(byte) 0xC3, 0x01, 5}))
                .hasMessage("Truncated Avro record for SaleEvent: 3 bytes, but the single-object header alone is 10");
        byte[] whole = RecordCodec.of(SaleEvent.class)
                .encode((SaleEvent) ContractSamples.full().get(0), WireFormat.AVRO);
        byte[] cut = Arrays.copyOf(whole, 14);
        assertThatThrownBy(() -> RecordCodec.of(SaleEvent.class).decode(cut))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Invalid Avro body for SaleEvent (writer schema fingerprint 0x");
    }

    @Test
    void encodingANullRequiredFieldIsAContractViolation() {
        SaleEvent broken = new SaleEvent();
        broken.put("sale_id", "s-1");

        assertThatThrownBy(() -> RecordCodec.of(SaleEvent.class).encode(broken, WireFormat.AVRO))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageStartingWith("Cannot encode SaleEvent as Avro: ")
                .hasMessageContaining("tenant_id");
        assertThatThrownBy(() -> RecordCodec.of(SaleEvent.class).encode(broken, WireFormat.JSON))
                .isInstanceOf(ContractViolationException.class)
                .hasMessage("Field 'SaleEvent.tenant_id' (string) is null but the contract requires a value");
    }

    private static Schema version(Class<? extends SpecificRecord> type, int version) {
        return SchemaHistory.versions(type.getSimpleName()).get(version - 1).schema();
    }

    private static byte[] writeWith(GenericRecord record) {
        try {
            assertThat(SchemaNormalization.parsingFingerprint64(record.getSchema()))
                    .as("test writes with an old schema")
                    .isNotEqualTo(SchemaNormalization.parsingFingerprint64(SchemaHistory.versions(
                                    record.getSchema().getName())
                            .get(SchemaHistory.versions(record.getSchema().getName())
                                            .size()
                                    - 1)
                            .schema()));
            return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema())
                    .encode(record)
                    .array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
