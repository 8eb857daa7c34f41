package io.driftwatch.retrain.service;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.app.AbstractRunningApp;

/**
 * Lifecycle of the retrain service, like {@code app.StreamsApp} for the Streams apps: start it on
 * its own thread, wait until it has read its state and subscribed, stop it cleanly. A fatal error
 * stops the service and is reported by {@link #failure()}. Ready ({@link #readinessProblems()})
 * once its trigger consumer has its assignment and has caught up with the triggers waiting then.
 */
public final class RetrainApp extends AbstractRunningApp {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainApp.class);

    private final RetrainService service;
    private final Thread thread;

    public RetrainApp(RetrainConfig config) {
        super("retrain");
        this.service = new RetrainService(config);
        this.thread = new Thread(this::runService, "driftwatch-retrain");
    }

    private void runService() {
        try {
            service.run();
        } catch (Throwable e) {
            failed(e);
            LOG.error("retrain stopped on an unrecoverable error", e);
        } finally {
            markStopped();
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
        if (hasStopped()) {
            throw stoppedBeforeRunning();
        }
        return this;
    }

    @Override
    public List<String> readinessProblems() {
        return service.readiness().problems().stream().map(p -> name() + " " + p).toList();
    }

    @Override
    public void close() {
        service.close();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        markStopped();
    }
}
