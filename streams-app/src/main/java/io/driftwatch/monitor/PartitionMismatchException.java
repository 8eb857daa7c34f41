package io.driftwatch.monitor;

import org.apache.kafka.streams.errors.StreamsException;

/**
 * A predictions or actuals record is not on the partition Java's partitioner gives its key, so the
 * monitor cannot match it reliably. Only with {@code monitor.reroute-misplaced=false} (by default such a record is
 * re-routed). Fatal: {@link MonitorExceptionHandler} stops the app instead
 * of dead-lettering it, because every later record of that producer would be wrong too.
 */
public final class PartitionMismatchException extends StreamsException {

    private static final long serialVersionUID = 1L;

    public PartitionMismatchException(String message) {
        super(message);
    }
}
