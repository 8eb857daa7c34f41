package io.driftwatch.forecast.model;

/**
 * A model config that cannot be used, naming the offending key and value so the message can go
 * straight into a retrain report or an ops alert.
 */
public final class InvalidModelSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;

    /**
     * @param key the param (or "algorithm") at fault
     * @param value its raw value, may be null when missing
     * @param reason what is wrong and what is expected
     */
    public InvalidModelSpecException(String key, String value, String reason) {
        super("invalid model param '" + key + "'='" + value + "': " + reason);
        this.key = key;
        this.value = value;
    }

    /** The key at fault. */
    public String key() {
        return key;
    }

    /** The raw value at fault (null if missing). */
    public String value() {
        return value;
    }
}
