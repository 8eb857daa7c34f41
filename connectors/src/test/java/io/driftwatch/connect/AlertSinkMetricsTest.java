package io.driftwatch.connect;

import static io.driftwatch.connect.AlertSinkMetrics.ALERTS_DELIVERED;
import static io.driftwatch.connect.AlertSinkMetrics.DEAD_LETTERED;
import static io.driftwatch.connect.AlertSinkMetrics.DIGESTS_SENT;
import static io.driftwatch.connect.AlertSinkMetrics.FAILURES;
import static io.driftwatch.connect.AlertSinkMetrics.FOLDED;
import static io.driftwatch.connect.AlertSinkMetrics.MESSAGES_SENT;
import static io.driftwatch.connect.AlertSinkMetrics.PENDING;
import static io.driftwatch.connect.AlertSinkMetrics.RETRIES;
import static io.driftwatch.connect.AlertSinkMetrics.SKIPPED;
import static io.driftwatch.connect.TestAlerts.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.connect.LoopbackHttpServer.Answer;
import io.driftwatch.connect.slack.SlackSinkTask;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The counts of a sink task, read from the plugin metrics a Connect worker would give it
 * ({@link PluginMetricsImpl} over a {@link Metrics}, tagged connector/task as the worker tags them).
 */
class AlertSinkMetricsTest {
    private static final TopicPartition TP = new TopicPartition("drift-triggers", 0);
    private static final Map<String, String> TASK_TAGS = taskTags();

    private final Metrics registry = new Metrics();
    private final FakeTime time = new FakeTime();
    private LoopbackHttpServer server;
    private SlackSinkTask task;

    @BeforeEach
    void setUp() throws Exception {
        server = new LoopbackHttpServer();
    }

    @AfterEach
    void tearDown() {
        if (task != null) {
            task.stop();
        }
        server.close();
        registry.close();
    }

    private static Map<String, String> taskTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("connector", "driftwatch-slack");
        tags.put("task", "0");
        return tags;
    }

    private void start(Map<String, String> overrides, Supplier<PluginMetrics> plugin) {
        Map<String, String> p = new HashMap<>();
        p.put("slack.webhook.url", server.url("/services/T0/B0/x"));
        p.put("rate.limit.window.ms", "0");
        p.put("min.severity", "MEDIUM");
        p.putAll(overrides);
        task = new SlackSinkTask(time, time, new Random(7));
        task.initialize(new TestContext(true, plugin));
        task.start(p);
    }

    private void startWithPluginMetrics(Map<String, String> overrides) {
        start(overrides, () -> new PluginMetricsImpl(registry, TASK_TAGS));
    }

    private static SinkRecord trigger(long offset, String id, String severity) {
        return record(TP.topic(), TP.partition(), offset, TestAlerts.trigger(id, severity));
    }

    /** The value the worker's metrics hold for {@code name} (with {@code reason}), or null when not registered. */
    private Double exported(String name, String reason) {
        Map<String, String> tags = new LinkedHashMap<>(TASK_TAGS);
        if (reason != null) {
            tags.put(AlertSinkMetrics.TAG_REASON, reason);
        }
        KafkaMetric metric = registry.metrics().get(new MetricName(name, "plugins", "", tags));
        return metric == null ? null : (Double) metric.metricValue();
    }

    @Test
    void countsDeliveriesRetriesFailuresByReasonDeadLettersAndSkipsAsPluginMetrics() {
        server.respond((n, body) -> switch (n) {
            case 0 -> Answer.status(503, "busy");
            case 1 -> Answer.status(502, "bad gateway");
            case 3 -> Answer.status(400, "invalid_payload");
            default -> Answer.ok();
        });
        startWithPluginMetrics(Map.of());
        assertThat(exported(MESSAGES_SENT, null)).as("registered at start").isEqualTo(0.0);

        task.put(List.of(trigger(0, "t-1", "HIGH"), trigger(1, "t-2", "HIGH"), trigger(2, "t-3", "CRITICAL"),
                trigger(3, "t-low", "LOW"), record(TP.topic(), 0, 4, TestAlerts.trigger("t-bad", "URGENT"))));

        assertThat(server.processed()).extracting(r -> r.header("Idempotency-Key")).containsExactly("t-1", "t-3");
        assertThat(exported(MESSAGES_SENT, null)).isEqualTo(2.0);
        assertThat(exported(ALERTS_DELIVERED, null)).isEqualTo(2.0);
        assertThat(exported(RETRIES, null)).isEqualTo(2.0);
        assertThat(exported(FAILURES, "http-5xx")).isEqualTo(2.0);
        assertThat(exported(FAILURES, "http-4xx")).isEqualTo(1.0);
        assertThat(exported(FAILURES, "timeout")).as("no reason invented").isNull();
        assertThat(exported(DEAD_LETTERED, AlertSinkMetrics.DELIVERY_REJECTED)).isEqualTo(1.0);
        assertThat(exported(DEAD_LETTERED, AlertSinkMetrics.INVALID_RECORD)).isEqualTo(1.0);
        assertThat(exported(SKIPPED, null)).isEqualTo(1.0);
        assertThat(exported(FOLDED, null)).isEqualTo(0.0);
        assertThat(exported(PENDING, null)).isEqualTo(0.0);
        assertThat(task.metrics().count(FAILURES, "http-5xx")).isEqualTo(2);
    }

    @Test
    void countsRateLimitedAlertsAsPendingThenAsDeliveredWithTheMessageThatFoldsThem() {
        startWithPluginMetrics(Map.of("rate.limit.window.ms", "600000"));
        task.put(List.of(trigger(0, "t-1", "HIGH"), trigger(1, "t-2", "HIGH"), trigger(2, "t-3", "MEDIUM")));

        assertThat(exported(MESSAGES_SENT, null)).isEqualTo(1.0);
        assertThat(exported(FOLDED, null)).isEqualTo(2.0);
        assertThat(exported(PENDING, null)).isEqualTo(2.0);

        time.advance(Duration.ofMinutes(10));
        task.preCommit(Map.of(TP, new OffsetAndMetadata(3)));

        assertThat(exported(MESSAGES_SENT, null)).isEqualTo(2.0);
        assertThat(exported(ALERTS_DELIVERED, null)).as("the summary message settles both folded alerts").isEqualTo(3.0);
        assertThat(exported(PENDING, null)).isEqualTo(0.0);
    }

    @Test
    void aDigestIsOneMessageOfAllItsAlerts() {
        AlertSinkMetrics metrics = AlertSinkMetrics.unexported();
        metrics.sent(Notification.digestOf(List.of(TestAlerts.alert(TestAlerts.trigger("t-1", "LOW"), 0),
                TestAlerts.alert(TestAlerts.trigger("t-2", "LOW"), 1), TestAlerts.alert(TestAlerts.trigger("t-3", "MEDIUM"), 2))));
        assertThat(metrics.count(MESSAGES_SENT, null)).isEqualTo(1);
        assertThat(metrics.count(ALERTS_DELIVERED, null)).isEqualTo(3);
        assertThat(metrics.count(DIGESTS_SENT, null)).isEqualTo(1);
    }

    @Test
    void onAWorkerWithoutPluginMetricsTheTaskDeliversAndCountsWithoutExporting() {
        start(Map.of(), () -> {
            throw new NoSuchMethodError("SinkTaskContext.pluginMetrics()"); // a worker before Kafka 4.1
        });
        task.put(List.of(trigger(0, "t-1", "HIGH")));

        assertThat(server.processed()).hasSize(1);
        assertThat(task.metrics().count(MESSAGES_SENT, null)).isEqualTo(1);
        assertThat(registry.metrics().keySet()).noneMatch(m -> m.group().equals("plugins"));
    }

    @Test
    void aPluginMetricsThatRefusesRegistrationsDoesNotStopDeliveries() {
        PluginMetricsImpl closed = new PluginMetricsImpl(registry, TASK_TAGS);
        try {
            closed.close(); // every call now throws IllegalStateException
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        start(Map.of(), () -> closed);
        task.put(List.of(trigger(0, "t-1", "HIGH")));

        assertThat(server.processed()).hasSize(1);
        assertThat(task.metrics().count(ALERTS_DELIVERED, null)).isEqualTo(1);
    }
}
