package io.driftwatch.connect;

import static io.driftwatch.connect.TestAlerts.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.avro.Severity;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class AlertParserTest {
    private final AlertParser parser = new AlertParser(Map.of("ops-alerts", RecordKind.OPS_ALERT));

    @Test
    void decodesWhatJsonConverterWithoutSchemasProduces() throws Exception {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        String json = "{\"trigger_id\":\"t-1\",\"model_id\":\"m\",\"horizon\":\"7d\",\"type\":\"DATA_DRIFT\","
                + "\"severity\":\"high\",\"recommendation\":\"RETRAIN\",\"detected_at\":1767225600000,"
                + "\"ks_statistic\":0.42,\"n_recent\":14}";
        SchemaAndValue sv = converter.toConnectData("drift-triggers", json.getBytes(StandardCharsets.UTF_8));

        Alert alert = parser.parse(record("drift-triggers", 0, 5, sv.value()));

        assertThat(alert.kind()).isEqualTo(RecordKind.TRIGGER);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.id()).isEqualTo("t-1");
        assertThat(alert.idempotencyKey()).isEqualTo("t-1");
        assertThat(alert.rateKey()).isEqualTo("m:7d");
        assertThat(alert.fields()).containsEntry("n_recent", 14L).containsEntry("ks_statistic", 0.42);
    }

    @Test
    void convertsStructsToMapsWithSchemaFieldNames() throws Exception {
        Schema schema = SchemaBuilder.struct().field("anomaly_id", Schema.STRING_SCHEMA)
                .field("model_id", Schema.STRING_SCHEMA).field("horizon", Schema.STRING_SCHEMA)
                .field("severity", Schema.STRING_SCHEMA).field("robust_z", Schema.FLOAT64_SCHEMA)
                .field("event_time", Timestamp.SCHEMA).build();
        Struct struct = new Struct(schema).put("anomaly_id", "a-1").put("model_id", "m").put("horizon", "1d")
                .put("severity", "LOW").put("robust_z", 4.5).put("event_time", new Date(TestAlerts.T0));

        Alert alert = parser.parse(record("anomalies", 1, 9, struct));

        assertThat(alert.kind()).isEqualTo(RecordKind.ANOMALY);
        assertThat(alert.fields()).containsEntry("robust_z", 4.5).containsEntry("event_time", TestAlerts.T0);
    }

    @Test
    void acceptsJsonTextAndUsesTheTopicMappingFirst() throws Exception {
        String json = "{\"alert_id\":\"ops-1\",\"type\":\"STALE_MODEL\",\"severity\":\"MEDIUM\",\"message\":\"old\"}";
        Alert alert = parser.parse(record("ops-alerts", 0, 1, json));
        assertThat(alert.kind()).isEqualTo(RecordKind.OPS_ALERT);
        assertThat(alert.rateKey()).isEqualTo("ops:STALE_MODEL");
    }

    @Test
    void rejectsRecordsWithAMissingIdOrUnknownSeverityWithAReason() {
        Map<String, Object> noId = TestAlerts.opsAlert("", "LOW");
        assertThatThrownBy(() -> parser.parse(record("ops-alerts", 0, 1, noId)))
                .isInstanceOf(InvalidAlertException.class).hasMessage("missing alert_id for a OPS_ALERT record");

        Map<String, Object> badSeverity = TestAlerts.trigger("t-1", "SEVERE");
        assertThatThrownBy(() -> parser.parse(record("x", 0, 1, badSeverity)))
                .hasMessage("unknown severity 'SEVERE' (expected one of LOW, MEDIUM, HIGH, CRITICAL)");

        assertThatThrownBy(() -> parser.parse(record("x", 0, 1, Map.of("severity", "LOW"))))
                .hasMessageStartingWith("cannot tell the record kind");
        assertThatThrownBy(() -> parser.parse(record("x", 0, 1, null)))
                .hasMessage("null value (tombstone) is not an alert");
        assertThatThrownBy(() -> parser.parse(record("x", 0, 1, "not json")))
                .hasMessageStartingWith("value is not a JSON object");
    }
}
