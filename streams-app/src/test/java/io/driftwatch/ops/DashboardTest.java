package io.driftwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.driftwatch.telemetry.MetricNames;

/**
 * The Grafana dashboard and the Prometheus config under {@code ops/} agree with the code: every
 * driftwatch metric a panel queries exists in {@link MetricNames} (with its Prometheus suffix), the
 * panels the issue asks for are there, and Prometheus scrapes every app. (The Kafka metrics a
 * panel uses are checked against a live scrape in {@link OpsMetricsIT}.)
 */
class DashboardTest {

    @Test
    void everyDriftwatchMetricThePanelsQueryExists() throws Exception {
        assertThat(Dashboard.metrics("driftwatch_"))
                .isNotEmpty()
                .allSatisfy(name -> assertThat(known()).as(name).contains(name));
    }

    @Test
    void everyDriftwatchMetricTheRunbooksNameExists() throws Exception {
        assertThat(Dashboard.runbookMetrics("driftwatch_"))
                .isNotEmpty()
                .allSatisfy(name -> assertThat(known()).as(name).contains(name));
    }

    private static Set<String> known() {
        Set<String> known = new HashSet<>();
        for (MetricNames.Metric m : MetricNames.ALL) {
            known.add(m.prometheusName());
            if (m.kind() == MetricNames.Kind.TIMER) {
                List.of("_count", "_sum", "_max").forEach(s -> known.add(m.prometheusName() + s));
            }
        }
        return known;
    }

    @Test
    void showsThroughputLagPendingRmseTriggersAndVersions() throws Exception {
        assertThat(Dashboard.metrics("")).contains(
            MetricNames.prometheusName(MetricNames.EVENTS_INGESTED, MetricNames.Kind.COUNTER),
            "kafka_consumer_fetch_manager_records_lag_max",
            MetricNames.prometheusName(MetricNames.PREDICTIONS_PENDING, MetricNames.Kind.GAUGE),
            MetricNames.prometheusName(MetricNames.RMSE_RECENT, MetricNames.Kind.GAUGE),
            MetricNames.prometheusName(MetricNames.RMSE_BASELINE, MetricNames.Kind.GAUGE),
            MetricNames.prometheusName(MetricNames.TRIGGERS, MetricNames.Kind.COUNTER),
            MetricNames.prometheusName(MetricNames.CONFIG_VERSION, MetricNames.Kind.GAUGE),
            MetricNames.prometheusName(MetricNames.DEAD_LETTERS, MetricNames.Kind.COUNTER));
    }

    @Test
    void prometheusScrapesEveryAppOnTheMetricsPort() throws Exception {
        String config = Files.readString(Path.of("..", "ops", "prometheus", "prometheus.yml"));
        for (String app : List.of("ingest", "monitor", "forecaster", "retrain")) {
            assertThat(config).contains("- " + app + ":9404");
        }
        assertThat(config).contains("metrics_path: /metrics");
        assertThat(Files.readString(Path.of("..", "ops", "grafana", "provisioning", "datasources", "prometheus.yml")))
            .contains("uid: prometheus").contains("url: http://prometheus:9090");
    }
}
