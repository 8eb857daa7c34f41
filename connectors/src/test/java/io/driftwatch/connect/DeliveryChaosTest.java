package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.connect.LoopbackHttpServer.Answer;
import io.driftwatch.connect.slack.SlackSinkTask;
import io.driftwatch.connect.webhook.WebhookSinkTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 200 alerts through a real loopback HTTP server that fails 30% of requests at random (seeded):
 * 10% 503 before processing, 10% 500 AFTER processing (the receiver got the alert, the sender
 * does not know), 10% 429 with Retry-After. The contract under test is at-least-once delivery
 * with a stable idempotency key: every alert is received at least once, exactly once after the
 * receiver dedupes by key, and one record never travels under two keys.
 */
class DeliveryChaosTest {
    private static final int RECORDS = 200;
    private static final Pattern REF = Pattern.compile("ref: (t-\\d+)|ref `(t-\\d+)`");

    @ParameterizedTest
    @ValueSource(strings = {"slack", "webhook"})
    void everyAlertArrivesAndDedupesToExactlyOnceByIdempotencyKey(String sink) throws Exception {
        Random chaos = new Random(20_260_101L);
        int[] processedButFailed = {0};
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            server.respond((n, body) -> {
                double r = chaos.nextDouble();
                if (r < 0.10) {
                    return Answer.status(503, "unavailable");
                }
                if (r < 0.20) {
                    processedButFailed[0]++;
                    return new Answer(500, Map.of(), "crashed after processing", true);
                }
                if (r < 0.30) {
                    return new Answer(429, Map.of("Retry-After", "1"), "slow down", false);
                }
                return Answer.ok();
            });
            FakeTime time = new FakeTime();
            SinkTask task = sink.equals("slack") ? new SlackSinkTask(time, time, new Random(3))
                    : new WebhookSinkTask(time, time, new Random(3));
            task.initialize(new TestContext(false));
            Map<String, String> props = new HashMap<>();
            props.put(sink.equals("slack") ? "slack.webhook.url" : "webhook.url", server.url("/hook"));
            props.put("rate.limit.window.ms", "0");
            props.put("retry.max.retries", "12");
            task.start(props);

            Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>();
            List<SinkRecord> batch = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                int partition = i % 4;
                long offset = i / 4;
                batch.add(TestAlerts.record("drift-triggers", partition, offset, TestAlerts.trigger("t-" + i, "HIGH")));
                consumed.put(new TopicPartition("drift-triggers", partition), new OffsetAndMetadata(offset + 1));
                if (batch.size() == 4) {
                    task.put(batch);
                    batch.clear();
                }
            }
            Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(consumed);
            task.stop();

            List<LoopbackHttpServer.Received> received = server.processed();
            Map<String, Set<String>> keysPerRecord = new TreeMap<>();
            for (LoopbackHttpServer.Received r : received) {
                Matcher m = REF.matcher(r.body());
                assertThat(m.find()).as("payload carries the key: %s", r.body()).isTrue();
                String inPayload = m.group(1) != null ? m.group(1) : m.group(2);
                keysPerRecord.computeIfAbsent(inPayload, k -> new HashSet<>()).add(r.header("Idempotency-Key"));
            }
            Map<String, Long> deduped = received.stream()
                    .collect(Collectors.groupingBy(r -> r.header("Idempotency-Key"), Collectors.counting()));

            assertThat(processedButFailed[0]).as("some alerts were delivered, then failed").isGreaterThan(10);
            assertThat(received.size()).as("at least once: redeliveries happened").isGreaterThan(RECORDS);
            assertThat(keysPerRecord).hasSize(RECORDS);
            assertThat(keysPerRecord).allSatisfy((record, keys) -> assertThat(keys).containsExactly(record));
            assertThat(deduped.keySet()).hasSize(RECORDS);
            assertThat(time.sleeps()).contains(Duration.ofSeconds(1));
            assertThat(committed).isEqualTo(consumed);
        }
    }
}
