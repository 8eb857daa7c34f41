package io.driftwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.avro.SaleEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class DriftwatchSerdeTest {
    private static final SaleEvent SALE = (SaleEvent) ContractSamples.full().get(0);

    @Test
    void nullValuesAreTombstones() {
        DriftwatchSerde<MonitorSettings> serde = DriftwatchSerde.of(MonitorSettings.class, WireFormat.AVRO);

        assertThat(serde.serializer().serialize("monitor-settings", null)).isNull();
        assertThat(serde.deserializer().deserialize("monitor-settings", null)).isNull();
    }

    @Test
    void writesTheChosenFormatAndReadsBoth() {
        DriftwatchSerde<SaleEvent> avro = DriftwatchSerde.of(SaleEvent.class, WireFormat.AVRO);
        DriftwatchSerde<SaleEvent> json = DriftwatchSerde.of(SaleEvent.class, WireFormat.JSON);

        byte[] avroBytes = avro.serialize("sales-events", SALE);
        byte[] jsonBytes = json.serialize("sales-events", SALE);

        assertThat(RecordCodec.detectFormat(avroBytes)).isEqualTo(WireFormat.AVRO);
        assertThat(new String(jsonBytes, StandardCharsets.UTF_8)).startsWith("{\"sale_id\":\"s-0001\"");
        assertThat(avro.deserialize("sales-events", jsonBytes)).isEqualTo(SALE);
        assertThat(json.deserialize("sales-events", avroBytes)).isEqualTo(SALE);
    }

    @Test
    void readsJsonAsKcatSendsIt() {
        byte[] line = ("  " + AvroJson.toJsonString(SALE) + "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(DriftwatchSerde.of(SaleEvent.class, WireFormat.AVRO).deserialize("sales-events", line))
                .isEqualTo(SALE);
    }

    @Test
    void configureChangesTheOutputFormat() {
        DriftwatchSerde<SaleEvent> serde = DriftwatchSerde.of(SaleEvent.class, WireFormat.AVRO);

        serde.configure(Map.of("unrelated", "x"), false);
        assertThat(serde.outputFormat()).isEqualTo(WireFormat.AVRO);
        serde.configure(Map.of(DriftwatchSerde.OUTPUT_FORMAT_CONFIG, "json"), false);
        assertThat(serde.outputFormat()).isEqualTo(WireFormat.JSON);
        serde.configure(Map.of(DriftwatchSerde.OUTPUT_FORMAT_CONFIG, WireFormat.AVRO), false);
        assertThat(serde.outputFormat()).isEqualTo(WireFormat.AVRO);
    }

    @Test
    void badOutputFormatNamesTheSetting() {
        DriftwatchSerde<SaleEvent> serde = DriftwatchSerde.of(SaleEvent.class, WireFormat.AVRO);

        assertThatThrownBy(() -> serde.configure(Map.of(DriftwatchSerde.OUTPUT_FORMAT_CONFIG, "xml"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value xml for configuration driftwatch.output.format: "
                        + "Unknown wire format 'xml'; valid values: AVRO, JSON (case-insensitive)");
    }

    @Test
    void deserializerErrorsSayWhatAndWhere() {
        DriftwatchSerde<SaleEvent> serde = DriftwatchSerde.of(SaleEvent.class, WireFormat.AVRO);
        byte[] missingAmount = "{\"sale_id\":\"s\",\"tenant_id\":\"t\",\"series_id\":\"x\",\"event_time\":0}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserialize("sales-events", missingAmount))
                .isInstanceOf(ContractViolationException.class)
                .hasMessage("Cannot deserialize SaleEvent from topic 'sales-events': "
                        + "Missing required field 'SaleEvent.amount' (double)");
        assertThatThrownBy(() -> serde.deserialize("sales-events", new byte[] {1, 2, 3}))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(ContractViolationException.class)
                .hasMessageStartingWith(
                        "Cannot deserialize SaleEvent from topic 'sales-events': Unrecognised record format")
                .hasMessageContaining("Avro single-object encoding")
                .hasMessageContaining("JSON object");
    }

    @Test
    void serializerErrorsSayWhatAndWhere() {
        SaleEvent broken = SaleEvent.newBuilder(SALE).build();
        broken.put("series_id", null);

        assertThatThrownBy(() ->
                        DriftwatchSerde.of(SaleEvent.class, WireFormat.JSON).serialize("sales-events", broken))
                .isInstanceOf(ContractViolationException.class)
                .hasMessage("Cannot serialize SaleEvent to topic 'sales-events': "
                        + "Field 'SaleEvent.series_id' (string) is null but the contract requires a value");
    }
}
