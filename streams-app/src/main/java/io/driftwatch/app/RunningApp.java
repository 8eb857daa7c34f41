package io.driftwatch.app;

import java.time.Duration;

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

    @Override
    void close();
}
