package io.driftwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.config.ConfigSources;
import io.driftwatch.config.OpsConfig;

/** Kafka security settings reach the clients from file and environment; driftwatch's own settings do not. */
class ClientSecuritySettingsTest {

    @Test
    void securitySettingsFromFileAndEnvironmentPassThroughAndOpsSettingsStayOut(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("driftwatch.properties");
        Files.writeString(file, """
            bootstrap.servers=kafka-1:9093
            security.protocol=SASL_SSL
            ssl.truststore.location=/etc/driftwatch/truststore.p12
            ssl.truststore.password=from-file
            metrics.port=9404
            """);
        Map<String, String> env = Map.of(
                "DRIFTWATCH_SASL_MECHANISM", "SCRAM-SHA-512",
                "DRIFTWATCH_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\""
                                + " password=\"p\";",
                "DRIFTWATCH_SSL_TRUSTSTORE_PASSWORD", "from-env",
                "DRIFTWATCH_METRICS_BIND__ADDRESS", "0.0.0.0",
                "UNRELATED", "x");
        CommonConfig config = new CommonConfig(ConfigSources.load(file, env, Map.of("topics.prefix", "prod.")));

        Map<String, Object> client = config.kafkaClientProperties();
        assertThat(client)
                .containsEntry("bootstrap.servers", "kafka-1:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/driftwatch/truststore.p12")
                .containsEntry("ssl.truststore.password", "from-env") // environment wins over the file
                .containsKey("sasl.jaas.config");
        assertThat(client).doesNotContainKeys("metrics.port", "metrics.bind-address", "topics.prefix", "unrelated");
        assertThat(config.getInt(OpsConfig.METRICS_PORT)).isEqualTo(9404);
        assertThat(config.getString(OpsConfig.METRICS_BIND_ADDRESS)).isEqualTo("0.0.0.0");
    }

    @Test
    void aBadMetricsPortNamesTheSetting() {
        Assertions.assertThatThrownBy(() -> new CommonConfig(Map.of("metrics.port", "70000")))
            .hasMessageContaining("metrics.port");
    }
}
