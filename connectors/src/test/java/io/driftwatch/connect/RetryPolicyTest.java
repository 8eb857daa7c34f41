package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final FakeTime time = new FakeTime();
    private final Notification n =
            Notification.single(TestAlerts.alert(TestAlerts.trigger("t-1", "HIGH"), 0), List.of());

    private RetryPolicy policy(int retries) {
        return new RetryPolicy(retries, Duration.ofMillis(100), Duration.ofMillis(1_000), Duration.ofSeconds(30),
                time, new Random(42));
    }

    @Test
    void backoffGrowsExponentiallyWithJitterAndStaysBounded() {
        RetryPolicy p = policy(10);
        for (int retry = 0; retry < 12; retry++) {
            long exp = Math.min(1_000, 100L << Math.min(retry, 20));
            for (int i = 0; i < 50; i++) {
                long wait = p.backoff(retry).toMillis();
                assertThat(wait).as("retry %d", retry).isBetween(exp / 2, exp);
            }
        }
        List<Long> distinct = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            distinct.add(p.backoff(3).toMillis());
        }
        assertThat(distinct.stream().distinct().count()).as("jitter").isGreaterThan(1);
    }

    @Test
    void retriesRetriableFailuresThenSucceedsWithoutRealSleeps() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        policy(5).run(x -> {
            if (attempts.incrementAndGet() < 4) {
                throw new DeliveryException.Retriable("HTTP 503");
            }
        }, n);
        assertThat(attempts).hasValue(4);
        assertThat(time.sleeps()).hasSize(3);
        assertThat(time.sleeps().get(0).toMillis()).isBetween(50L, 100L);
        assertThat(time.sleeps().get(2).toMillis()).isBetween(200L, 400L);
    }

    @Test
    void honoursRetryAfterUpToItsCap() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        policy(5).run(x -> {
            int a = attempts.incrementAndGet();
            if (a == 1) {
                throw new DeliveryException.Retriable("HTTP 429", Duration.ofSeconds(7));
            }
            if (a == 2) {
                throw new DeliveryException.Retriable("HTTP 429", Duration.ofHours(1));
            }
        }, n);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(30));
    }

    @Test
    void permanentFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> policy(5).run(x -> {
            attempts.incrementAndGet();
            throw new DeliveryException.Permanent("HTTP 400: invalid_payload");
        }, n)).isInstanceOf(DeliveryException.Permanent.class).hasMessage("HTTP 400: invalid_payload");
        assertThat(attempts).hasValue(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void exhaustedRetriesFailTheTaskWithTheLastError() {
        AtomicInteger attempts = new AtomicInteger();
        List<String> heard = new ArrayList<>();
        assertThatThrownBy(() -> policy(3)
                        .run(
                                x -> {
                                    attempts.incrementAndGet();
                                    throw new DeliveryException.Retriable("http-5xx", "HTTP 502", null);
                                },
                                n,
                                (failure, retried) -> heard.add(failure.reason() + (retried ? " retried" : " final"))))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Delivery of t-1 failed after 4 attempts; last error: HTTP 502");
        assertThat(attempts).hasValue(4);
        assertThat(heard).as("the listener hears every failed attempt").containsExactly(
                "http-5xx retried", "http-5xx retried", "http-5xx retried", "http-5xx final");
    }

    @Test
    void interruptionDuringBackoffIsPropagatedAndTheFlagRestored() {
        RetryPolicy p = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1),
                d -> {
                    throw new InterruptedException();
                }, new Random(1));
        try {
            assertThatThrownBy(() -> p.run(x -> {
                throw new DeliveryException.Retriable("timeout");
            }, n)).isInstanceOf(ConnectException.class).hasMessageContaining("Interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
