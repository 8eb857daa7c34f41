package io.driftwatch.connect;

import static io.driftwatch.connect.TestAlerts.alert;
import static io.driftwatch.connect.TestAlerts.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.avro.Severity;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long WINDOW = 600_000;

    @Test
    void foldsAlertsInsideTheWindowIntoTheNextMessage() {
        RateLimiter limiter = new RateLimiter(WINDOW);
        Alert a1 = alert(trigger("t-1", "HIGH"), 1);
        Alert a2 = alert(trigger("t-2", "HIGH"), 2);
        Alert a3 = alert(trigger("t-3", "LOW"), 3);
        Alert a4 = alert(trigger("t-4", "MEDIUM"), 4);

        assertThat(limiter.offer(a1, 0)).map(Notification::folded).contains(List.of());
        assertThat(limiter.offer(a2, 1_000)).isEmpty();
        assertThat(limiter.offer(a3, 2_000)).isEmpty();
        assertThat(limiter.pendingCount()).isEqualTo(2);

        Optional<Notification> next = limiter.offer(a4, WINDOW);
        assertThat(next).isPresent();
        assertThat(next.get().primary()).isEqualTo(a4);
        assertThat(next.get().folded()).containsExactly(a2, a3);
        assertThat(limiter.pendingCount()).isZero();
    }

    @Test
    void pendingAlertsAreSentOnceTheWindowEndsEvenWithoutANewAlert() {
        RateLimiter limiter = new RateLimiter(WINDOW);
        Alert a1 = alert(trigger("t-1", "LOW"), 1);
        Alert a2 = alert(trigger("t-2", "CRITICAL"), 2);
        Alert a3 = alert(trigger("t-3", "LOW"), 3);
        limiter.offer(a1, 0);
        limiter.offer(a2, 10);
        limiter.offer(a3, 20);

        assertThat(limiter.due(WINDOW - 1)).isEmpty();
        List<Notification> due = limiter.due(WINDOW);
        assertThat(due).hasSize(1);
        assertThat(due.get(0).primary()).as("the most severe pending alert is shown").isEqualTo(a2);
        assertThat(due.get(0).folded()).containsExactly(a3);
        assertThat(limiter.due(2 * WINDOW)).isEmpty();
    }

    @Test
    void keysAreIndependentAndZeroDisablesTheLimit() {
        RateLimiter limiter = new RateLimiter(WINDOW);
        Map<String, Object> other = trigger("o-1", "LOW");
        other.put("horizon", "30d");
        assertThat(limiter.offer(alert(trigger("t-1", "LOW"), 1), 0)).isPresent();
        assertThat(limiter.offer(alert(other, 2), 0)).isPresent();

        RateLimiter off = new RateLimiter(0);
        assertThat(off.offer(alert(trigger("t-1", "LOW"), 1), 0)).isPresent();
        assertThat(off.offer(alert(trigger("t-2", "LOW"), 2), 0)).isPresent();
    }

    @Test
    void digestIsDueAfterItsIntervalOrWhenFull() {
        DigestBuffer digest = new DigestBuffer(1_000, 3, EnumSet.of(Severity.LOW, Severity.MEDIUM));
        Alert low = alert(trigger("t-1", "LOW"), 1);
        assertThat(digest.accepts(low)).isTrue();
        assertThat(digest.accepts(alert(trigger("t-9", "HIGH"), 9))).isFalse();
        digest.add(low, 100);
        digest.add(alert(trigger("t-2", "MEDIUM"), 2), 500);
        assertThat(digest.due(1_099)).isEmpty();
        Notification n = digest.due(1_100).orElseThrow();
        assertThat(n.digest()).isTrue();
        assertThat(n.shown()).hasSize(2);
        assertThat(n.idempotencyKey()).startsWith("digest-")
                .isEqualTo(Notification.digestOf(List.of(n.shown().get(1), n.shown().get(0))).idempotencyKey());

        for (int i = 0; i < 3; i++) {
            digest.add(alert(trigger("f-" + i, "LOW"), 10 + i), 2_000);
        }
        assertThat(digest.due(2_000)).as("full").isPresent();
    }

    @Test
    void heldOffsetsKeepCommitsBelowTheFirstUndeliveredRecord() {
        HeldOffsets held = new HeldOffsets();
        Alert a5 = alert(trigger("t-5", "LOW"), 5);
        Alert a7 = alert(trigger("t-7", "LOW"), 7);
        held.hold(a5);
        held.hold(a7);
        TopicPartition tp = a5.topicPartition();
        TopicPartition other = new TopicPartition("other", 0);
        Map<TopicPartition, OffsetAndMetadata> current = Map.of(tp, new OffsetAndMetadata(10), other,
                new OffsetAndMetadata(3));

        assertThat(held.limit(current)).containsEntry(tp, new OffsetAndMetadata(5)).containsEntry(other,
                new OffsetAndMetadata(3));
        held.release(a5);
        assertThat(held.limit(current)).containsEntry(tp, new OffsetAndMetadata(7));
        held.release(a7);
        assertThat(held.limit(current)).containsEntry(tp, new OffsetAndMetadata(10));
    }
}
