package io.driftwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.avro.SaleEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every contract change must be backward compatible (the current schema reads everything older
 * producers wrote) and recorded as a new history version.
 */
class SchemaCompatibilityTest {
    private static final Path HISTORY_DIR = Paths.get("src/main/resources/io/driftwatch/avro/history");

    static Stream<Class<? extends SpecificRecord>> contracts() {
        return Contracts.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void currentSchemaReadsEveryHistoricalVersionAndIsTheNewest(Class<? extends SpecificRecord> type) {
        Schema current = SpecificData.get().getSchema(type);
        List<SchemaVersion> history = SchemaHistory.versions(current.getName());

        assertThat(history).extracting(SchemaVersion::version).startsWith(1, 2);
        assertThat(SchemaHistory.compatibilityProblems(current, history)).isEmpty();
    }

    @Test
    void aNewFieldWithoutDefaultIsCaught() {
        Schema changed = withExtraField(SaleEvent.getClassSchema(), "store_id", null);

        List<String> problems = SchemaHistory.compatibilityProblems(changed, SchemaHistory.versions("SaleEvent"));

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0))
                .startsWith("current SaleEvent cannot read data written with SaleEvent v1: ")
                .contains("READER_FIELD_MISSING_DEFAULT")
                .contains("store_id");
        assertThat(problems.get(1)).startsWith("current SaleEvent cannot read data written with SaleEvent v2: ");
    }

    @Test
    void aCompatibleChangeWithoutANewHistoryFileIsCaught() {
        Schema changed = withExtraField(SaleEvent.getClassSchema(), "store_id", Schema.Field.NULL_DEFAULT_VALUE);

        List<String> problems = SchemaHistory.compatibilityProblems(changed, SchemaHistory.versions("SaleEvent"));

        assertThat(problems)
                .containsExactly("current SaleEvent differs from its newest history version SaleEvent v2; "
                        + "if the change is backward compatible, add /io/driftwatch/avro/history/SaleEvent/v3.avsc "
                        + "(a copy of the current schema) and list it in index.txt");
    }

    @Test
    void theIndexListsExactlyTheHistoryFiles() throws IOException {
        List<String> onDisk;
        try (Stream<Path> files = Files.walk(HISTORY_DIR)) {
            onDisk = files.filter(p -> p.toString().endsWith(".avsc"))
                    .map(p -> HISTORY_DIR.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        }
        List<String> indexed = new ArrayList<>();
        SchemaHistory.recordNames()
                .forEach(name ->
                        SchemaHistory.versions(name).forEach(v -> indexed.add(name + "/v" + v.version() + ".avsc")));

        assertThat(indexed).containsExactlyInAnyOrderElementsOf(onDisk);
        assertThat(SchemaHistory.recordNames())
                .containsExactlyInAnyOrderElementsOf(
                        Contracts.all().stream().map(Class::getSimpleName).collect(Collectors.toList()));
    }

    @Test
    void firstVersionsAreTheMinimalContracts() {
        assertThat(fieldsOfV1("SaleEvent"))
                .containsExactly("sale_id", "tenant_id", "series_id", "event_time", "amount");
        assertThat(fieldsOfV1("RateEvent")).containsExactly("series_id", "event_time", "value");
        assertThat(fieldsOfV1("Actual")).containsExactly("series_id", "tenant_id", "event_time", "value");
        assertThat(fieldsOfV1("Prediction"))
                .containsExactly(
                        "prediction_id",
                        "model_id",
                        "config_version",
                        "series_id",
                        "tenant_id",
                        "horizon",
                        "issued_at",
                        "target_time",
                        "yhat",
                        "yhat_lower",
                        "yhat_upper");
    }

    private static List<String> fieldsOfV1(String name) {
        return SchemaHistory.versions(name).get(0).schema().getFields().stream()
                .map(Schema.Field::name)
                .collect(Collectors.toList());
    }

    private static Schema withExtraField(Schema schema, String name, Object defaultValue) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        Schema type = defaultValue == null
                ? Schema.create(Schema.Type.STRING)
                : Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        fields.add(new Schema.Field(name, type, null, defaultValue));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
