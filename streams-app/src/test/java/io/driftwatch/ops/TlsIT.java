package io.driftwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.Tls;

/**
 * The CLI against a broker's TLS listener (a self-signed certificate made with keytool): with a
 * truststore holding the certificate it works, settings from {@code --config FILE}; with one that
 * does not, it fails within seconds naming the SSL handshake; no password is printed.
 */
class TlsIT {

    private static final String PASSWORD = "tls-Pw-5d8e1a";

    @Test
    @Timeout(120)
    void cliTrustsTheBrokerWithTheRightTruststoreAndFailsFastWithAnother(@TempDir Path dir) throws Exception {
        SelfSignedCertificate brokerCert = SelfSignedCertificate.generate(dir, "broker", PASSWORD);
        SelfSignedCertificate otherCert = SelfSignedCertificate.generate(dir, "other", PASSWORD);
        List<String> captured = new ArrayList<>();
        try (LocalKafkaBroker broker = LocalKafkaBroker.builder().tls(brokerCert.keystore(), PASSWORD).start()) {
            Path good = config(dir.resolve("good.properties"), broker, brokerCert.truststore());
            try (AppProcess create = AppProcess.start(
                    Map.of("DRIFTWATCH_KAFKA_LOG_LEVEL", "INFO"), "topics", "create", "--config", good.toString())) {
                assertThat(create.awaitExit(Duration.ofSeconds(60))).as(create.toString()).isZero();
                assertThat(create.stdout()).contains("14 topics: 14 created, 0 already right, 0 differ");
                captured.addAll(create.stdout());
                captured.addAll(create.stderr());
            }
            Path untrusted = config(dir.resolve("untrusted.properties"), broker, otherCert.truststore());
            try (AppProcess create = AppProcess.start(Map.of(), "topics", "create", "--config", untrusted.toString())) {
                assertThat(create.awaitExit(Duration.ofSeconds(30))).as(create.toString()).isEqualTo(1);
                assertThat(String.join("\n", create.stderr()))
                        .as(create.toString())
                        .contains("error: ")
                        .contains("SSL handshake failed");
                captured.addAll(create.stdout());
                captured.addAll(create.stderr());
            }
        }
        assertThat(captured).noneMatch(line -> line.contains(PASSWORD));
    }

    private static Path config(Path file, LocalKafkaBroker broker, Path truststore) throws Exception {
        Properties p = new Properties();
        p.putAll(Tls.clientProperties(truststore, PASSWORD));
        p.setProperty("bootstrap.servers", broker.tlsBootstrapServers());
        p.setProperty("topics.prefix", KafkaTestKit.uniquePrefix("tls"));
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, null);
        }
        return file;
    }
}
