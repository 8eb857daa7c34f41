package io.driftwatch.kafka;

/**
 * A record that decodes but breaks the contract (missing id, non-finite number, impossible
 * timestamp, too late). Thrown by processors; the processing exception handler sends the original
 * record to the dead-letter topic with this message in its {@code __streams.errors.message} header
 * and the app keeps running.
 */
public class BadRecordException extends RuntimeException {

    private final String reason;

    /**
     * @param reason  short stable code for metrics and runbooks, e.g. {@code missing-series-id}
     * @param message readable explanation, naming the field and value
     */
    public BadRecordException(String reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
