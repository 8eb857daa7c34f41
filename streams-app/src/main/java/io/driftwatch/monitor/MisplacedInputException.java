package io.driftwatch.monitor;

import io.driftwatch.app.RebuildRequest;

/**
 * The first misplaced prediction or actual (no key, or not on its series' murmur2 partition) while the monitor runs
 * without its re-routing detour ({@link MonitorConfig#awaitsMisplaced()}): {@link MonitorExceptionHandler} fails the
 * task with it, and the app creates the reroute topic and restarts every instance with the detour.
 */
public final class MisplacedInputException extends RebuildRequest {

    private static final long serialVersionUID = 1L;

    public MisplacedInputException(String message) {
        super(message);
    }
}
