package io.driftwatch.connect.slack;

import static io.driftwatch.connect.AlertSinkMetrics.ALERTS_DELIVERED;
import static io.driftwatch.connect.AlertSinkMetrics.DEAD_LETTERED;
import static io.driftwatch.connect.AlertSinkMetrics.FAILURES;
import static io.driftwatch.connect.AlertSinkMetrics.FOLDED;
import static io.driftwatch.connect.AlertSinkMetrics.MESSAGES_SENT;
import static io.driftwatch.connect.AlertSinkMetrics.PENDING;
import static io.driftwatch.connect.AlertSinkMetrics.RETRIES;
import static io.driftwatch.connect.AlertSinkMetrics.SKIPPED;
import static io.driftwatch.connect.TestAlerts.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connect.AlertSinkMetrics;
import io.driftwatch.connect.FakeTime;
import io.driftwatch.connect.HttpSender;
import io.driftwatch.connect.LogCapture;
import io.driftwatch.connect.LoopbackHttpServer;
import io.driftwatch.connect.LoopbackHttpServer.Answer;
import io.driftwatch.connect.TestAlerts;
import io.driftwatch.connect.TestContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackSinkTaskTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_PATH = "/services/T0001/B0002/s3cr3tT0ken";
    private static final TopicPartition TP = new TopicPartition("drift-triggers", 0);
    private static final Map<String, String> TASK_TAGS = taskTags();

    private LoopbackHttpServer server;
    private final FakeTime time = new FakeTime();
    private final Metrics registry = new Metrics();
    private SlackSinkTask task;
    private TestContext context;

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

    /** The tags a Connect worker gives a task's plugin metrics. */
    private static Map<String, String> taskTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("connector", "driftwatch-slack");
        tags.put("task", "0");
        return tags;
    }

    private Map<String, String> props() {
        Map<String, String> p = new HashMap<>();
        p.put("slack.webhook.url", server.url(SECRET_PATH));
        p.put("rate.limit.window.ms", "0");
        p.put("retry.max.retries", "4");
        p.put("request.timeout.ms", "300");
        return p;
    }

    private Map<String, String> props(Map<String, String> overrides) {
        Map<String, String> p = props();
        p.putAll(overrides);
        return p;
    }

    private void start(Map<String, String> props, boolean dlq) {
        start(props, new TestContext(dlq));
    }

    /** With a DLQ and the plugin metrics {@code pluginMetrics} gives (or throws, as an older worker). */
    private void start(Map<String, String> props, Supplier<PluginMetrics> pluginMetrics) {
        start(props, new TestContext(true, pluginMetrics));
    }

    private void start(Map<String, String> props, TestContext taskContext) {
        task = new SlackSinkTask(time, time, new Random(7));
        context = taskContext;
        task.initialize(context);
        task.start(props);
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

    private static SinkRecord trigger(long offset, String id, String severity) {
        return record(TP.topic(), TP.partition(), offset, TestAlerts.trigger(id, severity));
    }

    @Test
    void postsOneBlockKitMessagePerRecordWithItsIdempotencyKey() throws Exception {
        start(props(), true);
        task.put(List.of(trigger(0, "t-1", "HIGH"),
                record("anomalies", 0, 0, TestAlerts.anomaly("a-1", "MEDIUM")),
                record("ops-alerts", 0, 0, TestAlerts.opsAlert("o-1", "CRITICAL"))));

        List<LoopbackHttpServer.Received> got = server.processed();
        assertThat(got).extracting(r -> r.header("Idempotency-Key")).containsExactly("t-1", "a-1", "o-1");
        assertThat(got).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo(SECRET_PATH);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(JSON.readTree(r.body()).get("blocks").isArray()).isTrue();
        });
        assertThat(got.get(2).body()).contains("ref `o-1`");
    }

    @Test
    void clientErrorsAreNotRetriedAndGoToTheDeadLetterQueueWithTheReason() {
        server.respond((n, body) -> Answer.status(400, "invalid_payload"));
        start(props(), true);
        task.put(List.of(trigger(0, "t-1", "HIGH")));

        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(context.reported()).hasSize(1);
        assertThat(context.reported().get(0).error()).hasMessage("delivery rejected: HTTP 400: invalid_payload");
        assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(1)))).containsEntry(TP, new OffsetAndMetadata(1));
    }

    @Test
    void withoutADeadLetterQueueARejectedRecordFailsTheTaskClearly() {
        server.respond((n, body) -> Answer.status(404, "no_service"));
        start(props(), false);
        assertThatThrownBy(() -> task.put(List.of(trigger(12, "t-1", "HIGH"))))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Record drift-triggers-0@12 cannot be delivered (delivery rejected: HTTP 404: no_service)"
                        + " and no dead letter queue is configured: set errors.tolerance=all and"
                        + " errors.deadletterqueue.topic.name");
    }

    @Test
    void invalidRecordsGoToTheDeadLetterQueue() {
        start(props(), true);
        Map<String, Object> bad = TestAlerts.trigger("t-1", "URGENT");
        task.put(List.of(record(TP.topic(), 0, 0, bad), record(TP.topic(), 0, 1, Map.of("model_id", "m"))));
        assertThat(server.requestCount()).isZero();
        assertThat(context.reported()).extracting(r -> r.error().getMessage()).containsExactly(
                "invalid alert record: unknown severity 'URGENT' (expected one of LOW, MEDIUM, HIGH, CRITICAL)",
                "invalid alert record: missing trigger_id for a TRIGGER record");
    }

    @Test
    void retriesServerErrorsAndHonoursRetryAfterOn429WithTheFakeClock() {
        server.respond((n, body) -> switch (n) {
            case 0 -> Answer.status(503, "busy");
            case 1 -> new Answer(429, Map.of("Retry-After", "7"), "rate_limited", false);
            default -> Answer.ok();
        });
        start(props(), true);
        task.put(List.of(trigger(0, "t-1", "HIGH")));

        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(server.processed()).hasSize(1);
        assertThat(time.sleeps()).hasSize(2);
        assertThat(time.sleeps().get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(time.sleeps().get(1)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void retriesTimeouts() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.respond((n, body) -> {
            if (n == 0) {
                release.await(5, TimeUnit.SECONDS); // longer than request.timeout.ms
                return Answer.status(200, "late");
            }
            return Answer.ok();
        });
        start(props(), true);
        try {
            task.put(List.of(trigger(0, "t-1", "HIGH")));
        } finally {
            release.countDown();
        }
        assertThat(time.sleeps()).hasSize(1);
        assertThat(server.processed()).extracting(r -> r.header("Idempotency-Key")).contains("t-1");
        assertThat(task.metrics().count(AlertSinkMetrics.FAILURES, HttpSender.TIMEOUT)).isEqualTo(1);
        assertThat(task.metrics().count(AlertSinkMetrics.RETRIES, null)).isEqualTo(1);
    }

    @Test
    void skipsAlertsBelowTheMinimumSeverity() {
        Map<String, String> p = props();
        p.put("min.severity", "high");
        start(p, true);
        task.put(List.of(trigger(0, "t-1", "LOW"), trigger(1, "t-2", "MEDIUM"), trigger(2, "t-3", "CRITICAL")));
        assertThat(server.processed()).extracting(r -> r.header("Idempotency-Key")).containsExactly("t-3");
        assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(3)))).containsEntry(TP, new OffsetAndMetadata(3));
    }

    @Test
    void rateLimitFoldsAlertsHoldsTheirOffsetsAndFlushesThemWhenTheWindowEnds() throws Exception {
        Map<String, String> p = props();
        p.put("rate.limit.window.ms", "600000");
        start(p, true);
        task.put(List.of(trigger(0, "t-1", "HIGH"), trigger(1, "t-2", "HIGH"), trigger(2, "t-3", "LOW")));

        assertThat(server.processed()).hasSize(1);
        assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(3))))
                .as("folded records are not delivered yet: offsets held back")
                .containsEntry(TP, new OffsetAndMetadata(1));

        time.advance(Duration.ofMinutes(10));
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of(TP, new OffsetAndMetadata(3)));

        assertThat(committed).containsEntry(TP, new OffsetAndMetadata(3));
        List<LoopbackHttpServer.Received> got = server.processed();
        assertThat(got).hasSize(2);
        assertThat(got.get(1).header("Idempotency-Key")).isEqualTo("t-2");
        assertThat(got.get(1).body()).contains("+ 1 more alert for this model held back by the rate limit");
    }

    @Test
    void theWebhookUrlNeverAppearsInLogsExceptionsOrDeadLetterReasons() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            server.respond((n, body) -> n < 3 ? Answer.status(502, "upstream " + SECRET_PATH + " down")
                    : Answer.status(403, "forbidden for " + server.url(SECRET_PATH)));
            start(props(), true);
            task.put(List.of(trigger(0, "t-1", "HIGH")));
            assertThat(context.reported()).hasSize(1);
            String reason = context.reported().get(0).error().getMessage();

            Map<String, String> p = props();
            p.put("slack.webhook.url", "http://127.0.0.1:1" + SECRET_PATH); // nothing listens on port 1
            p.put("retry.max.retries", "1");
            SlackSinkTask refused = new SlackSinkTask(time, time, new Random(1));
            refused.initialize(new TestContext(true));
            refused.start(p);
            Throwable failure = Assertions.catchThrowable(
                    () -> refused.put(List.of(trigger(1, "t-2", "HIGH"))));

            assertThat(failure).isInstanceOf(ConnectException.class).hasMessageContaining("I/O error");
            assertThat(refused.metrics().count(AlertSinkMetrics.FAILURES, HttpSender.CONNECTION)).isEqualTo(2);
            assertThat(reason).isEqualTo("delivery rejected: HTTP 403: forbidden for [redacted]");
            assertThat(logs.text()).contains("SlackSinkConfig values", "slack.webhook.url = [hidden]", "HTTP 502");
            for (String text : List.of(logs.text(), reason, String.valueOf(failure), stackTrace(failure))) {
                assertThat(text).doesNotContain("s3cr3tT0ken");
            }
        }
    }

    // Metrics: read from the plugin metrics a worker gives the task (PluginMetricsImpl over Metrics, tagged
    // connector/task)

    @Test
    void countsDeliveriesRetriesFailuresByReasonDeadLettersAndSkipsAsPluginMetrics() {
        server.respond((n, body) -> switch (n) {
            case 0 -> Answer.status(503, "busy");
            case 1 -> Answer.status(502, "bad gateway");
            case 3 -> Answer.status(400, "invalid_payload");
            default -> Answer.ok();
        });
        start(props(Map.of("min.severity", "MEDIUM")), () -> new PluginMetricsImpl(registry, TASK_TAGS));
        assertThat(exported(MESSAGES_SENT, null)).as("registered at start").isEqualTo(0.0);

        task.put(List.of(trigger(0, "t-1", "HIGH"), trigger(1, "t-2", "HIGH"), trigger(2, "t-3", "CRITICAL"),
                trigger(3, "t-low", "LOW"), record(TP.topic(), 0, 4, TestAlerts.trigger("t-bad", "URGENT"))));

        assertThat(server.processed()).extracting(r -> r.header("Idempotency-Key")).containsExactly("t-1", "t-3");
        assertThat(exported(MESSAGES_SENT, null)).isEqualTo(2.0);
        assertThat(exported(ALERTS_DELIVERED, null)).isEqualTo(2.0);
        assertThat(exported(RETRIES, null)).isEqualTo(2.0);
        assertThat(exported(FAILURES, "http-5xx")).isEqualTo(2.0);
        assertThat(exported(FAILURES, "http-4xx")).isEqualTo(1.0);
        assertThat(exported(FAILURES, HttpSender.TIMEOUT)).as("foreseen reasons are registered at 0").isZero();
        assertThat(exported(FAILURES, "smtp-5xx")).as("not an HTTP reason").isNull();
        assertThat(exported(DEAD_LETTERED, AlertSinkMetrics.DELIVERY_REJECTED)).isEqualTo(1.0);
        assertThat(exported(DEAD_LETTERED, AlertSinkMetrics.INVALID_RECORD)).isEqualTo(1.0);
        assertThat(exported(SKIPPED, null)).isEqualTo(1.0);
        assertThat(exported(FOLDED, null)).isEqualTo(0.0);
        assertThat(exported(PENDING, null)).isEqualTo(0.0);
        assertThat(task.metrics().count(FAILURES, "http-5xx")).isEqualTo(2);
    }

    @Test
    void countsRateLimitedAlertsAsPendingThenAsDeliveredWithTheMessageThatFoldsThem() {
        start(props(Map.of("rate.limit.window.ms", "600000")), () -> new PluginMetricsImpl(registry, TASK_TAGS));
        task.put(List.of(trigger(0, "t-1", "HIGH"), trigger(1, "t-2", "HIGH"), trigger(2, "t-3", "MEDIUM")));

        assertThat(exported(MESSAGES_SENT, null)).isEqualTo(1.0);
        assertThat(exported(FOLDED, null)).isEqualTo(2.0);
        assertThat(exported(PENDING, null)).isEqualTo(2.0);

        time.advance(Duration.ofMinutes(10));
        task.preCommit(Map.of(TP, new OffsetAndMetadata(3)));

        assertThat(exported(MESSAGES_SENT, null)).isEqualTo(2.0);
        assertThat(exported(ALERTS_DELIVERED, null))
                .as("the summary message settles both folded alerts")
                .isEqualTo(3.0);
        assertThat(exported(PENDING, null)).isEqualTo(0.0);
    }

    @Test
    void onAWorkerWithoutPluginMetricsTheTaskDeliversAndCountsWithoutExporting() {
        start(props(), () -> {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start(props(), () -> closed);
        task.put(List.of(trigger(0, "t-1", "HIGH")));

        assertThat(server.processed()).hasSize(1);
        assertThat(task.metrics().count(ALERTS_DELIVERED, null)).isEqualTo(1);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
