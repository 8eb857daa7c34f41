package io.driftwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.demo.Scenario;
import io.driftwatch.kafka.Partitioning;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.topics.Topics;

/**
 * {@code driftwatch run ingest --metrics-port 0} as its own process on the real broker: after a
 * scenario with a few bad records, /ready turns 200 and /metrics shows exactly the events ingested
 * and dead-lettered (by reason), next to Kafka Streams' and the clients' own metrics.
 */
@ExtendWith(LocalKafkaExtension.class)
class OpsMetricsIT {

    private static final int PARTITIONS = 4;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(180)
    void metricsHealthAndReadyOfARunningIngestAfterAScenario(LocalKafkaBroker broker) throws Exception {
        KafkaTestKit kit = new KafkaTestKit(broker);
        Path state = TempDirs.create("ops-metrics-it-");
        String prefix = KafkaTestKit.uniquePrefix("ops-metrics");
        Topics topics = Topics.from(new CommonConfig(Map.of(CommonConfig.TOPICS_PREFIX, prefix,
            CommonConfig.TOPICS_PARTITIONS, String.valueOf(PARTITIONS))));
        kit.createTopics(topics.all());

        Scenario scenario = new Scenario(Instant.parse("2024-01-01T00:00:00Z"), 20, 12, 7L);
        List<RateEvent> rates = scenario.rates();
        List<SaleEvent> sales = scenario.sales();
        kit.produce(topics.rateEvents.name(), new StringSerializer(), topics.rateEvents.valueSerde().serializer(),
            rates.stream().map(r -> Map.entry(r.getSeriesId(), r)).toList());
        kit.produce(topics.salesEvents.name(), new StringSerializer(), topics.salesEvents.valueSerde().serializer(),
            sales.stream().map(s -> Map.entry(s.getSeriesId(), s)).toList());
        produceBadRecords(broker, topics);

        try (AppProcess app = AppProcess.start(Map.of(), "run", "ingest", "--metrics-port", "0",
            "--bootstrap-servers", broker.bootstrapServers(), "--set", "topics.prefix=" + prefix,
            "--set", "topics.partitions=" + PARTITIONS, "--set", "state.dir=" + state,
            "--set", "application.id.prefix=ops-metrics-" + System.nanoTime())) {
            String base = app.awaitStdout(
                    Pattern.compile("metrics: (http://127\\.0\\.0\\.1:\\d+)/metrics"), Duration.ofSeconds(60));

            assertThat(get(base + "/health").statusCode()).isEqualTo(200);
            Awaitility.await("ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> get(base + "/ready").statusCode() == 200);
            assertThat(get(base + "/ready").body()).isEqualTo("READY\n");

            Map<String, String> ingestRates = Map.of("app", "ingest", "topic", "rate-events");
            Map<String, String> ingestSales = Map.of("app", "ingest", "topic", "sales-events");
            String ingested = MetricNames.prometheusName(MetricNames.EVENTS_INGESTED, MetricNames.Kind.COUNTER);
            String dead = MetricNames.prometheusName(MetricNames.DEAD_LETTERS, MetricNames.Kind.COUNTER);
            String rerouted = MetricNames.prometheusName(MetricNames.RECORDS_REROUTED, MetricNames.Kind.COUNTER);
            Awaitility.await("every event counted")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        String scrape = get(base + "/metrics").body();
                        return value(scrape, ingested, ingestRates) == rates.size() + 1
                                && value(scrape, ingested, ingestSales) == sales.size()
                                && value(scrape, dead, Map.of("app", "ingest", "reason", "deserialization")) == 1
                                && value(scrape, rerouted, Map.of("app", "ingest", "topic", "ingest-rates-reroute"))
                                        == 1;
                    });

            HttpResponse<String> metrics = get(base + "/metrics");
            assertThat(metrics.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("text/plain; version=0.0.4");
            String scrape = metrics.body();
            // no reason invented: only the undecodable record was dead-lettered (the misplaced one was re-routed)
            assertThat(scrape.lines().filter(l -> l.startsWith(dead + "{")).toList()).hasSize(1);
            // Kafka Streams' and its clients' own metrics, bridged by Micrometer's binder and tagged with the app
            assertThat(PrometheusText.hasSample(scrape, "kafka_stream_thread_", "app", "ingest")).as(scrape).isTrue();
            assertThat(PrometheusText.hasSample(scrape, "kafka_consumer_", "app", "ingest")).as(scrape).isTrue();
            assertThat(PrometheusText.hasSample(scrape, "kafka_producer_", "app", "ingest")).as(scrape).isTrue();
            assertThat(value(scrape, "kafka_stream_thread_process_total", Map.of("app", "ingest")))
                    .as(scrape)
                    .isPositive();

            // the Kafka metrics the Grafana dashboard and the runbooks name exist under these names
            Set<String> kafkaMetrics = new TreeSet<>(Dashboard.metrics("kafka_"));
            kafkaMetrics.addAll(Dashboard.runbookMetrics("kafka_"));
            assertThat(kafkaMetrics)
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(PrometheusText.hasSample(scrape, name + "{", "app", "ingest"))
                            .as(name)
                            .isTrue());
            Files.writeString(
                    Path.of("target", "ops-metrics-it-scrape.txt"), scrape); // for whoever edits the dashboard
            // SIGTERM: the shutdown hook closes the apps; the JVM reports the signal (128 + 15)
            assertThat(app.stop()).isEqualTo(143);
            assertThat(app.stderr()).noneMatch(l -> l.contains("ERROR") || l.startsWith("error:"));
            assertThat(app.stdout()).contains("ingest running");
        } finally {
            kit.deleteRecursively(state);
        }
    }

    private static double value(String scrape, String name, Map<String, String> labels) {
        OptionalDouble v = PrometheusText.value(scrape, name, labels);
        return v.isPresent() ? v.getAsDouble() : Double.NaN;
    }

    /** One undecodable sale and one rate in a partition its key does not belong to (re-routed). */
    private static void produceBadRecords(LocalKafkaBroker broker, Topics topics) throws Exception {
        RateEvent misplaced = RateEvent.newBuilder().setSeriesId(Scenario.RATE_SERIES)
            .setEventTime(Instant.parse("2024-01-01T20:00:00Z")).setValue(1).build();
        int wrong = (Partitioning.partitionOf(Scenario.RATE_SERIES, PARTITIONS) + 1) % PARTITIONS;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(topics.salesEvents.name(), "acme:daily-sales".getBytes(StandardCharsets.UTF_8),
            "{\"sale_id\": oops".getBytes(StandardCharsets.UTF_8)));
        records.add(new ProducerRecord<>(
                topics.rateEvents.name(),
                wrong,
                Scenario.RATE_SERIES.getBytes(StandardCharsets.UTF_8),
                topics.rateEvents.valueSerde().serializer().serialize(topics.rateEvents.name(), misplaced)));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers(), "enable.idempotence", true),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r).get();
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
