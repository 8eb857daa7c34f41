package io.driftwatch.connect;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed delivery attempt. Messages are built by the channels from status codes and redacted
 * response text: they never carry the endpoint URL or credentials, and no cause is chained (a
 * cause's message could). The reason is a short stable code for metrics ({@code http-5xx},
 * {@code timeout}, {@code smtp-4xx}, ...; see the channels).
 */
public abstract sealed class DeliveryException extends Exception
        permits DeliveryException.Retriable, DeliveryException.Permanent {
    private static final long serialVersionUID = 1L;
    /** The reason of failures built without one. */
    public static final String UNCLASSIFIED = "other";

    private final String reason;

    DeliveryException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /**
     * A short stable code for the kind of failure, e.g. {@code http-5xx}: the {@code reason} tag of the failure metric.
     */
    public String reason() {
        return reason;
    }

    /**
     * The reason for an HTTP status: {@code http-429} on its own, otherwise its class ({@code http-4xx}, {@code
     * http-5xx}).
     */
    public static String httpReason(int status) {
        return status == 429 ? "http-429" : "http-" + status / 100 + "xx";
    }

    /** Worth another attempt; {@code retryAfter} is the server's Retry-After when it sent one. */
    public static final class Retriable extends DeliveryException {
        private static final long serialVersionUID = 1L;
        private final transient Duration retryAfter;

        public Retriable(String reason, String message, Duration retryAfter) {
            super(reason, message);
            this.retryAfter = retryAfter;
        }

        public Retriable(String message, Duration retryAfter) {
            this(UNCLASSIFIED, message, retryAfter);
        }

        public Retriable(String message) {
            this(UNCLASSIFIED, message, null);
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** Retrying cannot help: the alerts go to the dead letter queue with this message as reason. */
    public static final class Permanent extends DeliveryException {
        private static final long serialVersionUID = 1L;

        public Permanent(String reason, String message) {
            super(reason, message);
        }

        public Permanent(String message) {
            this(UNCLASSIFIED, message);
        }
    }
}
