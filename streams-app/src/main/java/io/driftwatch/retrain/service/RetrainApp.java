package io.driftwatch.retrain.service;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.config.RetrainConfig;

/**
 * Lifecycle of the retrain service, like {@code app.StreamsApp} for the Streams apps: start it on
 * its own thread, wait until it has read its state and subscribed, stop it cleanly. A fatal error
 * stops the service and is reported by {@link #failure()}.
 */
public final class RetrainApp implements io.driftwatch.app.RunningApp {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainApp.class);

    private final RetrainService service;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;

    public RetrainApp(RetrainConfig config) {
        this.service = new RetrainService(config);
        this.thread = new Thread(this::runService, "driftwatch-retrain");
    }

    private void runService() {
        try {
            service.run();
        } catch (Throwable e) {
            failure = e;
            LOG.error("retrain stopped on an unrecoverable error", e);
        } finally {
            stopped.countDown();
        }
    }

    @Override
    public RetrainApp start() {
        thread.start();
        return this;
    }

    /** Waits until the service is consuming triggers; fails if it stops first or the timeout passes. */
    @Override
    public RetrainApp awaitRunning(Duration timeout) throws InterruptedException {
        if (!service.awaitStarted(timeout)) {
            throw new IllegalStateException("retrain not running after " + timeout);
        }
        if (stopped.getCount() == 0) {
            throw new IllegalStateException("retrain stopped before running" + (failure == null ? "" : ": " + failure));
        }
        return this;
    }

    @Override
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public String name() {
        return "retrain";
    }

    @Override
    public void close() {
        service.close();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped.countDown();
    }
}
