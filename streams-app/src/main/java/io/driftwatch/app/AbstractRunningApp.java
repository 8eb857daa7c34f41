package io.driftwatch.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What every {@link RunningApp} keeps the same way: its name, a latch that opens once when it stops
 * (cleanly or not), and the error that stopped it. Subclasses record a fatal error with
 * {@link #failed(Throwable)} and open the latch with {@link #markStopped()}.
 */
public abstract class AbstractRunningApp implements RunningApp {

    private final String name;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;

    protected AbstractRunningApp(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** Blocks until the app stops (shutdown or fatal error). */
    @Override
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Waits at most {@code timeout} for the app to stop; true if it did. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    /** Records the error that stops the app. */
    protected void failed(Throwable e) {
        failure = e;
    }

    /** Opens the stop latch (idempotent). */
    protected void markStopped() {
        stopped.countDown();
    }

    protected boolean hasStopped() {
        return stopped.getCount() == 0;
    }

    /** The error for {@code awaitRunning} when the app stopped first, with the failure if there was one. */
    protected IllegalStateException stoppedBeforeRunning() {
        return new IllegalStateException(name + " stopped before running" + (failure == null ? "" : ": " + failure));
    }
}
