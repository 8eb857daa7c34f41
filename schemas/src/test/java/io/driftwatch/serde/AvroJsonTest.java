package io.driftwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.avro.SaleEvent;
import java.time.Instant;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvroJsonTest {
    private static final String SALE = "{\"sale_id\":\"s-1\",\"tenant_id\":\"acme\",\"series_id\":\"acme:store-7\",";

    @Test
    void writesSchemaNamesPlainUnionsAndEpochMillis() {
        SaleEvent sale = SaleEvent.newBuilder()
                .setSaleId("s-1")
                .setTenantId("acme")
                .setSeriesId("acme:store-7")
                .setEventTime(Instant.parse("2024-01-02T00:00:00Z"))
                .setAmount(19.99)
                .setQuantity(null)
                .setCurrency("CLP")
                .build();

        assertThat(AvroJson.toJsonString(sale))
                .isEqualTo(
                        SALE + "\"event_time\":1704153600000,\"amount\":19.99,\"quantity\":null,\"currency\":\"CLP\"}");
    }

    @Test
    void writesEnumsAsSymbolsAndNestedRecordsAsObjects() {
        String json = AvroJson.toJsonString(ContractSamples.full().get(7));

        assertThat(json)
                .contains("\"best_candidate\":{\"algorithm\":\"arima\",\"params\":{")
                .contains("\"search_space\":[{\"name\":\"p\",\"values\":[\"1\",\"2\",\"3\"]}")
                .contains("{\"name\":\"ci95_coverage\",\"value\":null,\"threshold\":0.9,");
        assertThat(AvroJson.toJsonString(ContractSamples.full().get(4)))
                .contains("\"type\":\"PERFORMANCE_DEGRADATION\",\"severity\":\"HIGH\",\"recommendation\":\"RETRAIN\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1704153600000                | 2024-01-02T00:00:00Z",
                "'\"1704153600000\"'          | 2024-01-02T00:00:00Z",
                "'\"2024-01-02T00:00:00Z\"'   | 2024-01-02T00:00:00Z",
                "'\"2024-01-02T03:04:05.678901Z\"' | 2024-01-02T03:04:05.678Z",
                "'\"2024-01-02T00:00:00-03:00\"' | 2024-01-02T03:00:00Z",
                "'\"2024-01-02T00:00:00+01:00[Europe/Paris]\"' | 2024-01-01T23:00:00Z",
                "'\"2024-01-02\"'             | 2024-01-02T00:00:00Z",
                "'\"2024-01-02T10:15:00\"'    | 2024-01-02T10:15:00Z",
                "-86400000                    | 1969-12-31T00:00:00Z"
            })
    void readsEpochMillisAndIso8601Timestamps(String eventTime, String expected) {
        SaleEvent sale = AvroJson.fromJson(SALE + "\"event_time\":" + eventTime + ",\"amount\":1}", SaleEvent.class);

        assertThat(sale.getEventTime()).isEqualTo(Instant.parse(expected));
        assertThat(AvroJson.toJsonNode(sale).get("event_time").asLong())
                .isEqualTo(Instant.parse(expected).toEpochMilli());
    }

    @Test
    void missingRequiredFieldNamesFieldAndType() {
        assertThatThrownBy(() -> AvroJson.fromJson(SALE + "\"event_time\":0}", SaleEvent.class))
                .isInstanceOf(ContractViolationException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessage("Missing required field 'SaleEvent.amount' (double)");
    }

    @Test
    void wrongTypeNamesFieldExpectedTypeAndValue() {
        assertThatThrownBy(() -> AvroJson.fromJson(SALE + "\"event_time\":0,\"amount\":\"19.99\"}", SaleEvent.class))
                .isInstanceOf(ContractViolationException.class)
                .hasMessage("Field 'SaleEvent.amount' expects double but got string \"19.99\"");
    }

    @Test
    void badTimestampNamesTheAcceptedForms() {
        assertThatThrownBy(
                        () -> AvroJson.fromJson(SALE + "\"event_time\":\"yesterday\",\"amount\":1}", SaleEvent.class))
                .hasMessage("Field 'SaleEvent.event_time' expects timestamp-millis (epoch millis or ISO-8601 string) "
                        + "but got string \"yesterday\"");
    }

    @Test
    void errorsInNestedValuesGiveThePath() {
        String json =
                AvroJson.toJsonString(ContractSamples.full().get(7)).replace("\"threshold\":0.9", "\"threshold\":true");

        assertThatThrownBy(() -> AvroJson.fromJson(json, RetrainReport.class))
                .hasMessage("Field 'RetrainReport.criteria[1].threshold' expects double but got boolean true");
    }

    @Test
    void unknownEnumSymbolListsTheValidOnes() {
        String json = AvroJson.toJsonString(ContractSamples.full().get(4)).replace("\"HIGH\"", "\"SEVERE\"");

        assertThatThrownBy(() -> AvroJson.fromJson(json, DriftTrigger.class))
                .hasMessage("Field 'DriftTrigger.severity' expects enum Severity (one of LOW, MEDIUM, HIGH, CRITICAL) "
                        + "but got string \"SEVERE\"");
    }

    @Test
    void nullForARequiredFieldIsAWrongType() {
        assertThatThrownBy(() -> AvroJson.fromJson(SALE + "\"event_time\":0,\"amount\":null}", SaleEvent.class))
                .hasMessage("Field 'SaleEvent.amount' expects double but got null");
    }

    @Test
    void longOffendingValuesAreTruncated() {
        String longText = "x".repeat(200);

        assertThatThrownBy(() ->
                        AvroJson.fromJson(SALE + "\"event_time\":0,\"amount\":\"" + longText + "\"}", SaleEvent.class))
                .hasMessage("Field 'SaleEvent.amount' expects double but got string \"" + "x".repeat(79) + "...");
    }

    @Test
    void integersMustBeIntegralAndInRange() {
        String prediction = "{\"prediction_id\":\"p\",\"model_id\":\"m\",\"series_id\":\"s\",\"horizon\":\"7d\","
                + "\"issued_at\":0,\"target_time\":0,\"yhat\":1,\"yhat_lower\":0,\"yhat_upper\":2,\"config_version\":";

        assertThat(AvroJson.fromJson(prediction + "7}", Prediction.class).getConfigVersion())
                .isEqualTo(7);
        assertThatThrownBy(() -> AvroJson.fromJson(prediction + "1.5}", Prediction.class))
                .hasMessage("Field 'Prediction.config_version' expects int but got number 1.5");
        assertThatThrownBy(() -> AvroJson.fromJson(prediction + "3000000000}", Prediction.class))
                .hasMessage("Field 'Prediction.config_version' expects int but got number 3000000000");
    }

    @Test
    void missingOptionalFieldsTakeDefaultsAndUnknownFieldsAreIgnored() {
        Actual actual = AvroJson.fromJson(
                "{\"series_id\":\"USDCLP\",\"event_time\":\"2024-01-02\",\"value\":951.5,\"not_in_schema\":[1,2]}",
                Actual.class);

        assertThat(actual)
                .isEqualTo(Actual.newBuilder()
                        .setSeriesId("USDCLP")
                        .setTenantId(null)
                        .setEventTime(Instant.parse("2024-01-02T00:00:00Z"))
                        .setValue(951.5)
                        .build());
        assertThat(actual.getBucketMs()).isEqualTo(86_400_000L);
    }

    @Test
    void defaultCollectionsAreNotShared() {
        String json = "{\"prediction_id\":\"p\",\"model_id\":\"m\",\"config_version\":1,\"series_id\":\"s\","
                + "\"horizon\":\"7d\",\"issued_at\":0,\"target_time\":0,\"yhat\":1,\"yhat_lower\":0,\"yhat_upper\":2}";
        Prediction first = AvroJson.fromJson(json, Prediction.class);
        first.getFeatures().put("lag_1", 3.0);

        assertThat(AvroJson.fromJson(json, Prediction.class).getFeatures()).isEmpty();
    }

    @Test
    void doublesRoundTripExactly() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            Actual actual = Actual.newBuilder()
                    .setSeriesId("s")
                    .setEventTime(Instant.EPOCH)
                    .setValue(value)
                    .build();

            double back = AvroJson.fromJson(AvroJson.toJsonBytes(actual), Actual.class)
                    .getValue();

            // doubleToLongBits: NaN payloads are not kept, every NaN reads back as the canonical one
            assertThat(Double.doubleToLongBits(back)).as("%s", value).isEqualTo(Double.doubleToLongBits(value));
        }
    }

    @Test
    void bareNonFiniteTokensPassThroughButStringsDoNot() {
        String actual = "{\"series_id\":\"s\",\"event_time\":0,\"value\":";

        assertThat(AvroJson.fromJson(actual + "NaN}", Actual.class).getValue()).isNaN();
        assertThat(AvroJson.fromJson(actual + "-Infinity}", Actual.class).getValue())
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> AvroJson.fromJson(actual + "\"NaN\"}", Actual.class))
                .hasMessage("Field 'Actual.value' expects double but got string \"NaN\"");
    }

    @Test
    void malformedJsonIsASerializationException() {
        assertThatThrownBy(() -> AvroJson.fromJson("{\"series_id\": ", Actual.class))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(ContractViolationException.class)
                .hasMessageStartingWith("Invalid JSON for Actual: ")
                .hasMessageContaining("(line 1, column");
        assertThatThrownBy(() -> AvroJson.fromJson("[]", Actual.class))
                .isInstanceOf(ContractViolationException.class)
                .hasMessage("Record 'Actual' expects a JSON object but got array []");
    }
}
