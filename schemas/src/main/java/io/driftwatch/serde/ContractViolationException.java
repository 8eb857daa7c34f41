package io.driftwatch.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that does not satisfy its contract (a missing required field, a value of the wrong
 * type, an unknown enum symbol). The message names the field (as a path from the record, e.g.
 * {@code RetrainReport.criteria[0].threshold}), the expected type and the offending value, so a
 * dead-letter handler can copy it into a header as it is.
 */
public class ContractViolationException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public ContractViolationException(String message) {
        super(message);
    }

    public ContractViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
