package io.driftwatch.connect;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed delivery attempt. Messages are built by the channels from status codes and redacted
 * response text: they never carry the endpoint URL or credentials, and no cause is chained (a
 * cause's message could).
 */
public abstract sealed class DeliveryException extends Exception
        permits DeliveryException.Retriable, DeliveryException.Permanent {
    private static final long serialVersionUID = 1L;

    DeliveryException(String message) {
        super(message, null, false, false);
    }

    /** Worth another attempt; {@code retryAfter} is the server's Retry-After when it sent one. */
    public static final class Retriable extends DeliveryException {
        private static final long serialVersionUID = 1L;
        private final transient Duration retryAfter;

        public Retriable(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        public Retriable(String message) {
            this(message, null);
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** Retrying cannot help: the alerts go to the dead letter queue with this message as reason. */
    public static final class Permanent extends DeliveryException {
        private static final long serialVersionUID = 1L;

        public Permanent(String message) {
            super(message);
        }
    }
}
