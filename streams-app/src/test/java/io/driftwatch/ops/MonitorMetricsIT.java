package io.driftwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.avro.Prediction;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.monitor.RegimeScenario;
import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.topics.Topics;

/**
 * {@code driftwatch run monitor --metrics-port 0} as its own process on the real broker, after a
 * regime change: /metrics shows every pair matched, the predictions still waiting for their actual,
 * the recent RMSE above the baseline RMSE, evaluated windows and triggers.
 */
@ExtendWith(LocalKafkaExtension.class)
class MonitorMetricsIT {

    private static final int PARTITIONS = 4;
    private static final int SERIES = 12;
    private static final int DAYS = 150;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(180)
    void monitorMetricsAfterARegimeChange(LocalKafkaBroker broker) throws Exception {
        KafkaTestKit kit = new KafkaTestKit(broker);
        Path state = TempDirs.create("monitor-metrics-it-");
        String prefix = KafkaTestKit.uniquePrefix("monitor-metrics");
        Topics topics = Topics.from(new CommonConfig(Map.of(CommonConfig.TOPICS_PREFIX, prefix,
            CommonConfig.TOPICS_PARTITIONS, String.valueOf(PARTITIONS))));
        RegimeScenario scenario = new RegimeScenario(SERIES, DAYS, 100, 5);
        scenario.produceTo(kit, topics);
        List<Map.Entry<String, Prediction>> predictions = scenario.predictions();
        int matched = predictions.size();
        // two more days of predictions whose actuals have not come yet
        List<Map.Entry<String, Prediction>> waiting = new ArrayList<>();
        for (Map.Entry<String, Prediction> p : predictions.subList(predictions.size() - SERIES, predictions.size())) {
            for (int ahead = 1; ahead <= 2; ahead++) {
                waiting.add(Map.entry(p.getKey(), Prediction.newBuilder(p.getValue())
                    .setPredictionId(p.getValue().getPredictionId() + "+" + ahead)
                    .setTargetTime(RegimeScenario.day(DAYS - 1 + ahead)).build()));
            }
        }
        kit.produce(
                topics.predictions.name(),
                new StringSerializer(),
                topics.predictions.valueSerde().serializer(),
                waiting);

        try (AppProcess app = AppProcess.start(Map.of(), "run", "monitor", "--metrics-port", "0",
            "--bootstrap-servers", broker.bootstrapServers(), "--set", "topics.prefix=" + prefix,
            "--set", "state.dir=" + state, "--set", "application.id.prefix=monitor-metrics-" + System.nanoTime())) {
            String base = app.awaitStdout(
                    Pattern.compile("metrics: (http://127\\.0\\.0\\.1:\\d+)/metrics"), Duration.ofSeconds(60));
            Map<String, String> mh = Map.of("app", "monitor", "model", RegimeScenario.MODEL, "horizon", "1d");
            String pairs = MetricNames.prometheusName(MetricNames.PAIRS_MATCHED, MetricNames.Kind.COUNTER);
            String pending = MetricNames.prometheusName(MetricNames.PREDICTIONS_PENDING, MetricNames.Kind.GAUGE);
            Awaitility.await("every pair matched").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> value(get(base + "/metrics").body(), pairs, mh) == matched);
            Awaitility.await("ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> get(base + "/ready").statusCode() == 200);

            // the window stage sees the last partials after the matching tasks' next commit: wait until it has
            // evaluated
            // them (the count of evaluated windows stops moving)
            String windowsEvaluated =
                    MetricNames.prometheusName(MetricNames.WINDOWS_EVALUATED, MetricNames.Kind.COUNTER);
            double[] last = {-1};
            Awaitility.await("the window stage caught up")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        double now = value(get(base + "/metrics").body(), windowsEvaluated, mh);
                        boolean settled = now > 0 && now == last[0];
                        last[0] = now;
                        return settled;
                    });
            String scrape = get(base + "/metrics").body();
            Files.writeString(Path.of("target", "monitor-metrics-it-scrape.txt"), scrape);
            assertThat(value(scrape, pending, mh))
                    .as("two days of %d series wait for their actual", SERIES)
                    .isEqualTo(2.0 * SERIES);
            double recent =
                    value(scrape, MetricNames.prometheusName(MetricNames.RMSE_RECENT, MetricNames.Kind.GAUGE), mh);
            double baseline =
                    value(scrape, MetricNames.prometheusName(MetricNames.RMSE_BASELINE, MetricNames.Kind.GAUGE), mh);
            assertThat(baseline).as("baseline RMSE").isGreaterThan(0.5).isLessThan(2.0); // noise sd 1 before the change
            assertThat(recent).as("recent RMSE after the volatility doubled").isGreaterThan(baseline * 1.3);
            assertThat(value(
                            scrape,
                            MetricNames.prometheusName(MetricNames.WINDOWS_EVALUATED, MetricNames.Kind.COUNTER),
                            mh))
                    .isGreaterThan(100);
            assertThat(PrometheusText.hasSample(
                            scrape,
                            MetricNames.prometheusName(MetricNames.TRIGGERS, MetricNames.Kind.COUNTER) + "{",
                            "type",
                            "PERFORMANCE_DEGRADATION"))
                    .as(scrape)
                    .isTrue();
            assertThat(app.stop()).isEqualTo(143);
            assertThat(app.stderr()).noneMatch(l -> l.contains("ERROR") || l.startsWith("error:"));
        } finally {
            kit.deleteRecursively(state);
        }
    }

    private static double value(String scrape, String name, Map<String, String> labels) {
        OptionalDouble v = PrometheusText.value(scrape, name, labels);
        return v.isPresent() ? v.getAsDouble() : Double.NaN;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
