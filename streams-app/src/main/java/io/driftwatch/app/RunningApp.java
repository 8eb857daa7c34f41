package io.driftwatch.app;

import java.time.Duration;
import java.util.List;

/**
 * A driftwatch app that runs until closed: a Kafka Streams app ({@link StreamsApp}) or a plain
 * consumer/producer service (the retrain service). {@code run}, {@code run all} and the demo drive
 * every app through this.
 */
public interface RunningApp extends AutoCloseable {

    String name();

    RunningApp start();

    /** Waits until the app is processing; fails if it stops first or the timeout passes. */
    RunningApp awaitRunning(Duration timeout) throws InterruptedException;

    /** Blocks until the app stops (shutdown or fatal error). */
    void awaitStop() throws InterruptedException;

    /** The error that stopped the app, or null. */
    Throwable failure();

    /**
     * Why the app is not ready to serve, each prefixed by its name; empty when it is. Called from the
     * probe thread. A failed app is reported by {@link #failure()} already. Default: always ready.
     */
    default List<String> readinessProblems() {
        return List.of();
    }

    @Override
    void close();
}
