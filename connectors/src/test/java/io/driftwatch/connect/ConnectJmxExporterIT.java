package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.driftwatch.ops.PrometheusText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Prometheus names of the alert metrics, as docker-compose's Connect worker exposes them: a
 * child JVM runs the real JMX exporter agent ({@code mvn package} puts it in
 * {@code target/jmx-exporter/}) with {@code ops/connect/jmx-exporter.yml}, and registers the
 * metrics of one task exactly as a Connect worker does (its {@code Metrics} with a JMX reporter
 * under {@code kafka.connect}, plugin metrics tagged connector/task). The scrape has every metric
 * under the name the docs and the dashboard use.
 */
@Tag("integration")
class ConnectJmxExporterIT {
    private static final Path AGENT = Path.of("target", "jmx-exporter", "jmx_prometheus_javaagent.jar");
    private static final Path RULES = Path.of("..", "ops", "connect", "jmx-exporter.yml");
    private static final Pattern DOCUMENTED = Pattern.compile("\\bkafka_connect_plugins_[a-z_]+");
    private static final Map<String, String> TASK = Map.of("connector", "driftwatch-slack", "task", "0");

    @Test
    @Timeout(120)
    void theExporterRulesNameEveryAlertMetricAsDocumented() throws Exception {
        assertThat(AGENT).as("built by mvn package").exists();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-javaagent:" + AGENT.toAbsolutePath() + "=127.0.0.1:" + port + ":" + RULES.toAbsolutePath(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Worker.class.getName())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> output = new ArrayList<>();
            for (String line = out.readLine(); line != null && !line.equals(Worker.REGISTERED); line = out.readLine()) {
                output.add(line); // JVM or agent warnings, if any
            }
            assertThat(child.isAlive()).as("the child registered its metrics: %s", output).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
            String scrape = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(
                            () -> http.send(get, HttpResponse.BodyHandlers.ofString())
                                    .body(),
                            body -> body.contains("kafka_connect_plugins_alerts_pending"));
            Files.writeString(
                    Path.of("target", "connect-jmx-exporter-scrape.txt"), scrape); // for whoever edits the dashboard

            assertThat(value(scrape, "kafka_connect_plugins_alert_messages_sent_total", null)).isEqualTo(3.0);
            assertThat(value(scrape, "kafka_connect_plugins_alerts_delivered_total", null)).isEqualTo(4.0);
            assertThat(value(scrape, "kafka_connect_plugins_alert_delivery_retries_total", null)).isEqualTo(2.0);
            assertThat(value(scrape, "kafka_connect_plugins_alert_delivery_failures_total", "http-5xx")).isEqualTo(2.0);
            assertThat(value(scrape, "kafka_connect_plugins_alert_delivery_failures_total", "timeout"))
                    .as("foreseen: 0")
                    .isZero();
            assertThat(value(scrape, "kafka_connect_plugins_alerts_dead_lettered_total", "invalid-record"))
                    .isEqualTo(1.0);
            assertThat(value(scrape, "kafka_connect_plugins_alerts_pending", null)).isEqualTo(1.0);
            for (String metric : AlertSinkMetrics.descriptions().keySet()) {
                assertThat(scrape).as(metric).contains(prometheusName(metric));
            }
            assertThat(documentedNames())
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(scrape).as(name).contains(name + "{"));
        } finally {
            child.destroy();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    /** The exporter rules' name for a plugin metric: dashes to underscores under {@code kafka_connect_plugins_}. */
    static String prometheusName(String metric) {
        return "kafka_connect_plugins_" + metric.replace('-', '_');
    }

    private static double value(String scrape, String name, String reason) {
        Map<String, String> labels = new LinkedHashMap<>(TASK);
        if (reason != null) {
            labels.put(AlertSinkMetrics.TAG_REASON, reason);
        }
        return PrometheusText.value(scrape, name, labels).orElse(Double.NaN);
    }

    /** The connector metric names the README, the runbooks and the Grafana dashboard use. */
    private static Set<String> documentedNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path doc : List.of(Path.of("README.md"), Path.of("..", "docs", "runbooks.md"),
                Path.of("..", "ops", "grafana", "dashboards", "driftwatch.json"))) {
            Matcher m = DOCUMENTED.matcher(Files.readString(doc));
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /**
     * The child JVM: one sink task's metrics registered the way a Connect worker registers them and
     * counted, then {@value #REGISTERED} on stdout, then idle.
     */
    public static final class Worker {
        static final String REGISTERED = "registered";

        public static void main(String[] args) throws Exception {
            Metrics metrics = new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
                    new KafkaMetricsContext("kafka.connect"));
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("connector", TASK.get("connector"));
            tags.put("task", TASK.get("task"));
            AlertSinkMetrics alerts = AlertSinkMetrics.of(
                    new TestContext(true, () -> new PluginMetricsImpl(metrics, tags)), HttpSender.REASONS);
            Alert a = TestAlerts.alert(TestAlerts.trigger("t-1", "HIGH"), 0);
            Alert folded = TestAlerts.alert(TestAlerts.trigger("t-2", "HIGH"), 1);
            alerts.sent(Notification.single(a, List.of()));
            alerts.sent(Notification.single(a, List.of(folded)));
            alerts.sent(Notification.single(a, List.of()));
            alerts.failed("http-5xx", true);
            alerts.failed("http-5xx", true);
            alerts.deadLettered(AlertSinkMetrics.INVALID_RECORD);
            alerts.pending(1);
            System.out.println(REGISTERED);
            Thread.sleep(Duration.ofMinutes(2).toMillis()); // the test ends this process; bounded if it does not
        }
    }
}
