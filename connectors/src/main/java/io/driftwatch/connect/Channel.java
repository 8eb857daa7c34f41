package io.driftwatch.connect;

/**
 * Renders and sends one {@link Notification} once (no retries: {@link RetryPolicy} does those).
 *
 * <p>Implementations classify failures: {@link DeliveryException.Retriable} for transient ones
 * (5xx, 429, timeouts, connection errors), {@link DeliveryException.Permanent} for ones a retry
 * cannot fix (4xx other than 429, rejected recipients). Messages must never contain secrets.
 */
@FunctionalInterface
public interface Channel extends AutoCloseable {

    /** Sends the notification once. */
    void deliver(Notification notification) throws DeliveryException;

    @Override
    default void close() {
    }
}
