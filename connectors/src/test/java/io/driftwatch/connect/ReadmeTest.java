package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.connect.console.ConsoleSinkConfig;
import io.driftwatch.connect.email.EmailSinkConfig;
import io.driftwatch.connect.slack.SlackSinkConfig;
import io.driftwatch.connect.webhook.WebhookSinkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The README documents every setting of every connector and the converter, every metric, and every
 * config file it mentions exists and reads values with {@link DriftwatchConverter}.
 */
class ReadmeTest {

    @Test
    void everySettingIsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (ConfigDef def : List.of(
                SlackSinkConfig.CONFIG_DEF,
                EmailSinkConfig.CONFIG_DEF,
                WebhookSinkConfig.CONFIG_DEF,
                ConsoleSinkConfig.CONFIG_DEF)) {
            for (String name : def.names()) {
                assertThat(readme).as(name).contains("`" + name + "`");
                assertThat(def.configKeys().get(name).documentation).as(name).isNotBlank();
            }
        }
        for (String file : List.of("slack", "email", "webhook-discord", "webhook-teams", "webhook-telegram")) {
            assertThat(readme).contains(file + ".json");
            assertThat(Path.of("config", file + ".json")).exists();
            assertThat(Files.readString(Path.of("config", file + ".json"))).as(file)
                    .contains("\"value.converter\": \"" + DriftwatchConverter.class.getName() + "\"")
                    .contains("\"key.converter\": \"org.apache.kafka.connect.storage.StringConverter\"");
        }
        assertThat(readme).contains("`io.driftwatch.connect.DriftwatchConverter`");
    }

    @Test
    void everyMetricIsDocumentedWithItsPrometheusName() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (String metric : AlertSinkMetrics.descriptions().keySet()) {
            assertThat(readme).as(metric).contains("`" + metric + "`")
                    .contains("`" + ConnectJmxExporterIT.prometheusName(metric) + "`");
        }
    }
}
