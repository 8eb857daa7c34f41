package io.driftwatch.app;

import org.apache.kafka.streams.errors.StreamsException;

/**
 * Thrown by a processor when the app needs another topology (the monitor's first misplaced record calls for its
 * re-routing detour). A {@link StreamsApp} with a {@link StreamsApp.Rebuild} then prepares the cluster for it, stops
 * every instance of the app (Kafka Streams' {@code SHUTDOWN_APPLICATION}, so no two topologies ever share the group),
 * and each instance starts again with the topology its settings and the cluster now give. The record that threw is
 * not committed: the new topology processes it again.
 */
public class RebuildRequest extends StreamsException {

    private static final long serialVersionUID = 1L;

    public RebuildRequest(String message) {
        super(message);
    }
}
