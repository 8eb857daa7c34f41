package io.driftwatch.connect;

import java.time.Duration;
import java.util.Random;
import org.apache.kafka.connect.errors.ConnectException;
import io.driftwatch.retry.Backoff;
import io.driftwatch.retry.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded exponential backoff with jitter around one delivery.
 *
 * <p>The waits follow driftwatch's one retry schedule, {@link Backoff} (shared with the retrain
 * service): retry {@code n} (0-based) waits {@code b/2 + U(0, b/2)} where
 * {@code b = min(maxBackoff, initialBackoff * 2^n)}: never zero, never above {@code maxBackoff}.
 * A server's Retry-After replaces the computed wait, capped at {@code maxRetryAfter}. After
 * {@code maxRetries} retries the last failure ends the task with a {@link ConnectException} (its
 * offsets are not committed, so the alert is redelivered after a restart).
 *
 * <pre>{@code
 * RetryPolicy retry = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(10),
 *         Duration.ofMinutes(2), Sleeper.SYSTEM, new Random());
 * retry.run(n -> channel.deliver(n), notification, (failure, retried) -> metrics.failed(failure.reason(), retried));
 * }</pre>
 */
public final class RetryPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    private final int maxRetries;
    private final Backoff backoff;
    private final Duration maxRetryAfter;
    private final Sleeper sleeper;

    public RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                       Sleeper sleeper, Random random) {
        if (maxRetries < 0 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need maxRetries >= 0 and 0 <= initialBackoff <= maxBackoff");
        }
        this.maxRetries = maxRetries;
        this.backoff = new Backoff(initialBackoff, maxBackoff, random);
        this.maxRetryAfter = maxRetryAfter;
        this.sleeper = sleeper;
    }

    /** Told about every failed attempt. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (failure, retried) -> { };

        /** An attempt failed; {@code retried}: another attempt follows. */
        void failed(DeliveryException failure, boolean retried);
    }

    /** {@link #run(Channel, Notification, Listener)} without a listener. */
    public void run(Channel channel, Notification notification) throws DeliveryException.Permanent {
        run(channel, notification, Listener.NONE);
    }

    /**
     * Delivers through {@code channel}, retrying retriable failures; {@code listener} hears of each failed attempt.
     *
     * @throws DeliveryException.Permanent as soon as one attempt fails permanently
     * @throws ConnectException when retries are exhausted or the thread is interrupted (re-interrupted)
     */
    public void run(Channel channel, Notification notification, Listener listener) throws DeliveryException.Permanent {
        for (int retry = 0; ; retry++) {
            try {
                channel.deliver(notification);
                return;
            } catch (DeliveryException.Retriable e) {
                listener.failed(e, retry < maxRetries);
                if (retry >= maxRetries) {
                    throw new ConnectException("Delivery of " + notification.idempotencyKey() + " failed after "
                            + (retry + 1) + " attempts; last error: " + e.getMessage());
                }
                Duration wait = e.retryAfter().isPresent() ? capRetryAfter(e.retryAfter().get()) : backoff(retry);
                LOG.warn("Delivery of {} failed ({}); retry {}/{} in {} ms", notification.idempotencyKey(),
                        e.getMessage(), retry + 1, maxRetries, wait.toMillis());
                pause(wait);
            } catch (DeliveryException.Permanent e) {
                listener.failed(e, false);
                throw e;
            } catch (DeliveryException e) {
                throw new IllegalStateException("unknown DeliveryException subtype", e);
            }
        }
    }

    /** The jittered wait before retry {@code retry} (0-based). */
    public Duration backoff(int retry) {
        return backoff.delay(retry);
    }

    private Duration capRetryAfter(Duration retryAfter) {
        return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting to retry a delivery");
        }
    }
}
