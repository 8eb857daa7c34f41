package io.driftwatch.connect;

/** A record that is not a valid alert (missing id, unknown severity, not a map ...); goes to the DLQ. */
public final class InvalidAlertException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidAlertException(String reason) {
        super(reason);
    }
}
