package io.driftwatch.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import io.driftwatch.telemetry.MetricNames;

class ConfigReferenceTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void docsConfigurationMdIsWhatTheConfigDefinitionsGenerate() throws Exception {
        String generated = ConfigReference.render(ConfigCatalog.all());
        assertThat(DOC).as("docs/configuration.md is missing; generate it: " + ConfigReference.REGENERATE).exists();
        assertThat(Files.readString(DOC))
                .as("docs/configuration.md is out of date; regenerate it: " + ConfigReference.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void everySettingOfEveryAppAndEveryMetricIsListedOnce() {
        String md = ConfigReference.render(ConfigCatalog.all());
        for (ConfigCatalog.Entry entry : ConfigCatalog.all()) {
            for (String name : entry.definition().names()) {
                assertThat(md).contains("| `" + name + "` | `" + ConfigReference.envName(name) + "` |");
                assertThat(md.split("\\| `" + Pattern.quote(name) + "` \\|", -1)).as(name).hasSize(2);
            }
        }
        MetricNames.ALL.forEach(m -> assertThat(md).contains("| `" + m.prometheusName() + "` |"));
        assertThat(md)
                .contains("| `metrics.bind-address` | `DRIFTWATCH_METRICS_BIND__ADDRESS` | string | `127.0.0.1` |")
                .contains("| `state.dir` | `DRIFTWATCH_STATE_DIR` | string | `${java.io.tmpdir}/driftwatch-state` |");
    }

    @Test
    void rendersRequiredSettingsValidatorsAndEscapesPipes() {
        ConfigDef def = new ConfigDef()
            .define("x.name", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Required | piped.")
            .define("x.count", ConfigDef.Type.INT, 3, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW, "A count.");
        String md = ConfigReference.render(List.of(new ConfigCatalog.Entry("x", "Test app.", def)));
        assertThat(md)
                .contains("| `x.name` | `DRIFTWATCH_X_NAME` | string | (required) |  | high | Required \\| piped. |")
                .contains("| `x.count` | `DRIFTWATCH_X_COUNT` | int | `3` | [1,...] | low | A count. |");
    }
}
