package io.driftwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.driftwatch.telemetry.MetricNames;

/** The HTTP endpoint on its own (no Kafka): scrape format, probe status codes, read-only. */
class OpsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesPrometheusTextAndProbesThatFollowTheirSuppliers() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter(
                        MetricNames.DEAD_LETTERS,
                        MetricNames.TAG_APP,
                        "ingest",
                        MetricNames.TAG_REASON,
                        "wrong-partition")
                .increment(2);
        AtomicReference<List<String>> notReady = new AtomicReference<>(List.of("ingest REBALANCING"));
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, registry, List::of, notReady::get)) {
            assertThat(server.port()).isPositive();
            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(PrometheusText.value(metrics.body(), "driftwatch_deadletters_total",
                Map.of("app", "ingest", "reason", "wrong-partition"))).hasValue(2.0);

            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(server, "/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("ingest REBALANCING\n");
            notReady.set(List.of());
            assertThat(get(server, "/ready").body()).isEqualTo("READY\n");

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/ready"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void openMetricsWhenAskedFor() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter(
                        MetricNames.EVENTS_INGESTED,
                        MetricNames.TAG_APP,
                        "ingest",
                        MetricNames.TAG_TOPIC,
                        "rate-events")
                .increment();
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, registry, List::of, List::of)) {
            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/metrics"))
                            .header("Accept", "application/openmetrics-text; version=1.0.0")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/openmetrics-text");
            assertThat(metrics.body())
                    .contains("driftwatch_events_ingested_total{app=\"ingest\",topic=\"rate-events\"} 1.0")
                    .endsWith("# EOF\n");
        }
    }

    @Test
    void aTakenPortIsReportedWithTheSettingToChange() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (OpsServer first = OpsServer.start("127.0.0.1", 0, registry, List::of, List::of)) {
            Assertions.assertThatThrownBy(
                            () -> OpsServer.start("127.0.0.1", first.port(), registry, List::of, List::of))
                    .hasMessageContaining(
                            "cannot serve metrics on 127.0.0.1:" + first.port() + " (metrics.port / --metrics-port)");
        }
    }

    private HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
