package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.serde.AvroJson;
import io.driftwatch.serde.RecordCodec;
import io.driftwatch.serde.SchemaHistory;
import io.driftwatch.serde.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DriftwatchConverterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DriftwatchConverter converter = configured();

    static Stream<Arguments> alerts() throws Exception {
        return Stream.of(
                Arguments.of("drift-triggers", record(TestAlerts.trigger("t-1", "CRITICAL"), DriftTrigger.class)),
                Arguments.of("anomalies", record(TestAlerts.anomaly("a-1", "HIGH"), Anomaly.class)),
                Arguments.of("ops-alerts", record(TestAlerts.opsAlert("o-1", "MEDIUM"), OpsAlert.class)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alerts")
    <T extends SpecificRecord> void bothFormatsGiveTheMapJsonConverterGivesForTheJsonForm(String topic, T record) {
        @SuppressWarnings("unchecked")
        RecordCodec<T> codec = RecordCodec.of((Class<T>) record.getClass());
        byte[] avro = codec.encode(record, WireFormat.AVRO);
        byte[] json = codec.encode(record, WireFormat.JSON);

        SchemaAndValue fromAvro = converter.toConnectData(topic, avro);
        SchemaAndValue fromJson = converter.toConnectData(topic, json);

        assertThat(fromAvro.schema()).isNull();
        assertThat(fromJson.schema()).isNull();
        assertThat(fromAvro.value()).isEqualTo(fromJson.value()).isEqualTo(jsonConverter(topic, json));
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) fromAvro.value();
        assertThat(map.keySet()).containsExactlyElementsOf(
                record.getSchema().getFields().stream().map(Schema.Field::name).toList());
    }

    @Test
    void valuesAreEpochMillisEnumSymbolsNullsLongsAndDoubles() throws Exception {
        DriftTrigger trigger = record(TestAlerts.trigger("t-1", "HIGH"), DriftTrigger.class);
        trigger.getDetails().put("ks", 0.25);
        byte[] avro = RecordCodec.of(DriftTrigger.class).encode(trigger, WireFormat.AVRO);

        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) converter.toConnectData("drift-triggers", avro).value();

        assertThat(map).containsEntry("trigger_id", "t-1").containsEntry("severity", "HIGH")
                .containsEntry("type", "PERFORMANCE_DEGRADATION").containsEntry("detected_at", TestAlerts.T0)
                .containsEntry("tenant_id", null).containsEntry("ks_pvalue", null)
                .containsEntry("n_recent", 14L).containsEntry("config_version", 3L)
                .containsEntry("recent_rmse", 12.3456789).containsEntry("suppressed", false)
                .containsEntry("details", Map.of("ks", 0.25));
        // what the sinks do with it
        Alert alert = TestAlerts.alert(map, 0);
        assertThat(alert.id()).isEqualTo("t-1");
        assertThat(alert.modelHorizon()).isEqualTo("usdclp-ets:7d");
    }

    @Test
    void nonFiniteDoublesComeOutTheSameFromBothFormats() throws Exception {
        Anomaly anomaly = record(TestAlerts.anomaly("a-1", "HIGH"), Anomaly.class);
        anomaly.put("robust_z", Double.POSITIVE_INFINITY);
        anomaly.put("mad", Double.NaN);
        RecordCodec<Anomaly> codec = RecordCodec.of(Anomaly.class);

        Object fromAvro = converter.toConnectData("anomalies", codec.encode(anomaly, WireFormat.AVRO)).value();
        Object fromJson = converter.toConnectData("anomalies", codec.encode(anomaly, WireFormat.JSON)).value();

        assertThat(fromAvro).isEqualTo(fromJson);
        assertThat(map(fromAvro)).containsEntry("robust_z", Double.POSITIVE_INFINITY)
                .containsEntry("mad", Double.NaN);
        // where JsonConverter would have rejected the JSON form (documented in the README)
        assertThatThrownBy(() -> jsonConverter("anomalies", codec.encode(anomaly, WireFormat.JSON)))
                .isInstanceOf(DataException.class);
    }

    @Test
    void avroWrittenWithAnOlderSchemaDecodesWithTheDefaultsOfNewerFields() throws Exception {
        DriftTrigger trigger = record(TestAlerts.trigger("t-old", "HIGH"), DriftTrigger.class);
        byte[] v1 = encodeWithVersion(trigger, 1);

        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) converter.toConnectData("drift-triggers", v1).value();

        assertThat(map).containsEntry("trigger_id", "t-old").containsEntry("severity", "HIGH")
                .containsEntry("detected_at", TestAlerts.T0).containsEntry("recent_rmse", 12.3456789)
                // added in v2: defaults
                .containsEntry("metric", null).containsEntry("reason", null).containsEntry("details", Map.of());
        assertThat(map.keySet()).containsExactlyElementsOf(
                DriftTrigger.getClassSchema().getFields().stream().map(Schema.Field::name).toList());
    }

    @Test
    void olderAnomalyAndOpsAlertVersionsDecodeToo() throws Exception {
        Object anomaly = converter.toConnectData("anomalies",
                encodeWithVersion(record(TestAlerts.anomaly("a-old", "LOW"), Anomaly.class), 1)).value();
        Object ops = converter.toConnectData("ops-alerts",
                encodeWithVersion(record(TestAlerts.opsAlert("o-old", "LOW"), OpsAlert.class), 1)).value();

        assertThat(map(anomaly)).containsEntry("anomaly_id", "a-old").containsEntry("config_version", null);
        assertThat(map(ops)).containsEntry("alert_id", "o-old").containsEntry("details", Map.of());
    }

    @Test
    void garbageIsADataExceptionNamingBothFormats() {
        byte[] garbage = "not a record".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> converter.toConnectData("drift-triggers", garbage))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot convert the record from topic 'drift-triggers': Unrecognised record"
                        + " format (12 bytes, starting 6E 6F 74 20 61 20 72 65 ...)")
                .hasMessageContaining("Avro single-object encoding (starting with bytes C3 01)")
                .hasMessageContaining("a JSON object (starting with '{')");
        assertThatThrownBy(() -> converter.toConnectData("drift-triggers", new byte[0]))
                .isInstanceOf(DataException.class).hasMessageContaining("<empty>");
        assertThatThrownBy(() -> converter.toConnectData("drift-triggers", "[1, 2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class).hasMessageContaining("JSON object");
    }

    @Test
    void brokenAvroIsADataExceptionSayingWhatIsWrong() throws Exception {
        byte[] whole = RecordCodec.of(DriftTrigger.class)
                .encode(record(TestAlerts.trigger("t-1", "LOW"), DriftTrigger.class), WireFormat.AVRO);

        assertThatThrownBy(() -> converter.toConnectData("t", Arrays.copyOf(whole, 6)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot convert the Avro record from topic 't': truncated, 6 bytes, but the single-object"
                        + " header alone is 10");
        assertThatThrownBy(() -> converter.toConnectData("t", Arrays.copyOf(whole, 14)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot convert the Avro record from topic 't' (written as DriftTrigger v3):"
                        + " Invalid Avro body for DriftTrigger");
        byte[] unknown = whole.clone();
        Arrays.fill(unknown, 2, 10, (byte) 0x11);
        assertThatThrownBy(() -> converter.toConnectData("t", unknown))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot convert the Avro record from topic 't': writer schema fingerprint"
                        + " 0x1111111111111111 is neither a current schema nor a history version of any driftwatch"
                        + " contract (SaleEvent, ");
    }

    @Test
    void malformedJsonIsADataExceptionWithTheLocation() {
        assertThatThrownBy(() -> converter.toConnectData("t", "{\"trigger_id\": }".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot convert the JSON record from topic 't': invalid JSON: ")
                .hasMessageContaining("line 1, column");
        assertThatThrownBy(() -> converter.toConnectData("t", "{} {}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class).hasMessageContaining("invalid JSON");
    }

    @Test
    void jsonIsParsedAsIsWithAByteOrderMarkAndWhitespace() {
        byte[] json = "\uFEFF \n{\"alert_id\": \"o-9\", \"count\": 3, \"x\": 1.5, \"tags\": [\"a\"], \"n\": null}"
                .getBytes(StandardCharsets.UTF_8);

        Map<String, Object> expected =
                new HashMap<>(Map.of("alert_id", "o-9", "count", 3L, "x", 1.5, "tags", List.of("a")));
        expected.put("n", null);
        assertThat(converter.toConnectData("t", json).value()).isEqualTo(expected);
    }

    @Test
    void nullIsNull() {
        assertThat(converter.toConnectData("t", null)).isSameAs(SchemaAndValue.NULL);
        assertThat(converter.fromConnectData("t", null, null)).isNull();
    }

    @Test
    void fromConnectDataWritesJson() throws Exception {
        Map<String, Object> trigger = TestAlerts.trigger("t-1", "LOW");
        byte[] bytes = converter.fromConnectData("t", null, trigger);
        assertThat(converter.toConnectData("t", bytes).value()).isEqualTo(jsonConverter("t", bytes));
        assertThat(JSON.readTree(bytes).get("trigger_id").asText()).isEqualTo("t-1");

        org.apache.kafka.connect.data.Schema schema = SchemaBuilder.struct() // same simple name as Avro's
                .field("alert_id", org.apache.kafka.connect.data.Schema.STRING_SCHEMA) // same simple name
                .field("created_at", Timestamp.SCHEMA).build();
        Struct struct = new Struct(schema).put("alert_id", "o-1").put("created_at", new Date(TestAlerts.T0));
        assertThat(new String(converter.fromConnectData("t", schema, struct), StandardCharsets.UTF_8))
                .isEqualTo("{\"alert_id\":\"o-1\",\"created_at\":" + TestAlerts.T0 + "}");
    }

    @Test
    void hasNoRequiredSettingsAndIsRegisteredForServiceLoading() {
        DriftwatchConverter c = new DriftwatchConverter();
        c.configure(Map.of(), false);
        c.configure(Map.of("anything", "ignored"), true);
        assertThat(c.config().configKeys().values()).noneMatch(k -> !k.hasDefault());
        assertThat(c.version()).isNotBlank();
        assertThat(ServiceLoader.load(Converter.class).stream().map(ServiceLoader.Provider::type))
                .contains(DriftwatchConverter.class);
    }

    // --- helpers ---

    private static DriftwatchConverter configured() {
        DriftwatchConverter c = new DriftwatchConverter();
        c.configure(Map.of(), false);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Object jsonConverter(String topic, byte[] json) {
        try (JsonConverter jc = new JsonConverter()) {
            jc.configure(Map.of("schemas.enable", "false"), false);
            return jc.toConnectData(topic, json).value();
        }
    }

    /** A TestAlerts map (JsonConverter's view) as the generated record. */
    static <T extends SpecificRecord> T record(Map<String, Object> map, Class<T> type) throws IOException {
        return AvroJson.fromJson(JSON.writeValueAsBytes(map), type);
    }

    /** The record written as an old producer would: single-object encoding with history version {@code v}. */
    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> byte[] encodeWithVersion(T record, int v) throws IOException {
        Schema current = record.getSchema();
        Schema old = SchemaHistory.versions(current.getName()).get(v - 1).schema();
        assertThat(SchemaNormalization.parsingFingerprint64(old))
                .as("v%d differs from the current schema", v)
                .isNotEqualTo(SchemaNormalization.parsingFingerprint64(current));
        // project the record onto the old schema with Avro's own resolution (drops newer fields)
        byte[] currentBytes = RecordCodec.of((Class<T>) record.getClass()).encode(record, WireFormat.AVRO);
        GenericRecord projected = new GenericDatumReader<GenericRecord>(current, old).read(null,
                DecoderFactory.get().binaryDecoder(currentBytes, 10, currentBytes.length - 10, null));
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(projected).array();
    }
}
