package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.MetricObservation;
import io.driftwatch.serde.RecordCodec;
import io.driftwatch.serde.WireFormat;

/**
 * Every kind of bad record on an alert connector's input, through the converter and the parser the
 * sink task uses. "converter": a {@link DataException}, which Connect's {@code errors.tolerance=all}
 * sends to the dead letter queue with its {@code __connect.errors.*} headers; "parser": an
 * {@link InvalidAlertException}, which the task reports through the errant record reporter (same
 * queue); "delivered": a readable alert, sent as it is (a sink never drops an alert for a value it
 * only displays). AlertConnectorsIT proves both paths on a real Connect worker.
 */
class BadAlertRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "drift-triggers";
    private final DriftwatchConverter converter = new DriftwatchConverter();
    private final AlertParser parser = new AlertParser(Map.of(TOPIC, RecordKind.TRIGGER));

    static byte[] json(Map<String, Object> fields) throws Exception {
        return JSON.writeValueAsBytes(fields);
    }

    static byte[] avro(Map<String, Object> fields) throws Exception {
        RecordCodec<DriftTrigger> codec = RecordCodec.of(DriftTrigger.class);
        return codec.encode(codec.decode(json(fields)), WireFormat.AVRO);
    }

    static byte[] avroNaN() throws Exception {
        RecordCodec<DriftTrigger> codec = RecordCodec.of(DriftTrigger.class);
        DriftTrigger t = codec.decode(json(TestAlerts.trigger("t-1", "HIGH")));
        return codec.encode(DriftTrigger.newBuilder(t).setRecentRmse(Double.NaN).build(), WireFormat.AVRO);
    }

    static Map<String, Object> with(String field, Object value) {
        Map<String, Object> m = new HashMap<>(TestAlerts.trigger("t-1", "HIGH"));
        m.put(field, value);
        return m;
    }

    static Stream<Arguments> cases() throws Exception {
        byte[] good = avro(TestAlerts.trigger("t-1", "HIGH"));
        byte[] version = good.clone();
        version[1] = 0x02;
        byte[] future = Arrays.copyOf(good, good.length + 2);
        ByteBuffer.wrap(future, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x1234_5678_9abc_def0L);
        future[good.length] = 0x02;
        future[good.length + 1] = 'x';
        Map<String, Object> missing = new HashMap<>(TestAlerts.trigger("t-1", "HIGH"));
        missing.remove("trigger_id");
        byte[] otherTopic = RecordCodec.of(MetricObservation.class).encode(MetricObservation.newBuilder()
            .setMetric("m").setModelId("m").setEventTime(Instant.EPOCH).setValue(1).build(),
            WireFormat.AVRO);
        return Stream.of(
            Arguments.of("undecodable", new byte[] {(byte) 0xDE, (byte) 0xAD, 0, 1}, "converter"),
            Arguments.of("wrong schema", otherTopic, "parser"),
            Arguments.of("missing field", json(missing), "parser"),
            Arguments.of("NaN", avroNaN(), "delivered"),
            Arguments.of("negative time", avro(with("detected_at", -86_400_000L)), "delivered"),
            Arguments.of("year 9999", avro(with("detected_at", 253_402_214_400_000L)), "delivered"),
            Arguments.of("oversized", json(with("reason", "x".repeat(1_000_100))), "converter"),
            Arguments.of("unknown enum symbol", json(with("severity", "SEVERE")), "parser"),
            Arguments.of("key not the value's", good, "delivered"),
            Arguments.of("tombstone", null, "parser"),
            Arguments.of("future schema version", future, "converter"),
            Arguments.of("unknown version byte", version, "converter"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("cases")
    void eachBadKindIsDeadLetteredByTheConverterOrTheParserOrDelivered(String kind, byte[] value, String outcome)
            throws Exception {
        if (outcome.equals("converter")) {
            assertThatThrownBy(() -> converter.toConnectData(TOPIC, value))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot convert the");
            return;
        }
        SchemaAndValue converted = converter.toConnectData(TOPIC, value);
        if (outcome.equals("parser")) {
            assertThatThrownBy(() -> parser.parse(TestAlerts.record(TOPIC, 0, 7, converted.value())))
                .isInstanceOf(InvalidAlertException.class);
        } else {
            Alert alert = parser.parse(TestAlerts.record(TOPIC, 0, 7, converted.value()));
            assertThat(alert.kind()).isEqualTo(RecordKind.TRIGGER);
        }
    }
}
