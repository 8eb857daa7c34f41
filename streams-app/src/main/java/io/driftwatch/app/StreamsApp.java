package io.driftwatch.app;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.driftwatch.ops.LogFields;
import io.driftwatch.ops.Telemetry;

/**
 * Lifecycle of one Kafka Streams app: start, wait until RUNNING, stop cleanly. A fatal error in a
 * stream thread shuts the client down (never a silent half-running app) and is reported by
 * {@link #failure()}.
 */
public final class StreamsApp implements RunningApp {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final String name;
    private final KafkaStreams streams;
    private final AutoCloseable metrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;

    public StreamsApp(String name, Topology topology, Properties props) {
        this.name = name;
        // threads created now (stream threads, client threads) inherit the MDC: their log lines carry app=<name>
        try (MDC.MDCCloseable ignored = MDC.putCloseable(LogFields.APP, name)) {
            this.streams = new KafkaStreams(topology, props);
        }
        this.metrics = Telemetry.bind(name, streams);
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            LOG.error("{} stopped on an unrecoverable error: {}", name, e.toString());
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("{} {} -> {}", name, before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    @Override
    public StreamsApp start() {
        streams.start();
        return this;
    }

    /** Waits until the app is RUNNING; fails if it stops first or the timeout passes. */
    @Override
    public StreamsApp awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (stopped.getCount() == 0 || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException(name + " stopped before running" + (failure == null ? "" : ": " + failure));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not RUNNING after " + timeout + " (state " + streams.state() + ")");
            }
            Thread.sleep(50); // polling the state with a deadline
        }
        return this;
    }

    /** Blocks until the app stops (shutdown hook or fatal error). */
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

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        stopped.countDown();
        try {
            metrics.close();
        } catch (Exception e) {
            LOG.warn("{}: could not unbind metrics: {}", name, e.toString());
        }
    }
}
