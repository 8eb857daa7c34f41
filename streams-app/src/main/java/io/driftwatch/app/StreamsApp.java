package io.driftwatch.app;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.driftwatch.telemetry.LogFields;
import io.driftwatch.telemetry.Telemetry;

/**
 * Lifecycle of one Kafka Streams app: start, wait until RUNNING, stop cleanly. A fatal error in a
 * stream thread shuts the client down (never a silent half-running app) and is reported by
 * {@link #failure()}.
 */
public final class StreamsApp extends AbstractRunningApp {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final KafkaStreams streams;
    private final AutoCloseable metrics;

    public StreamsApp(String name, Topology topology, Properties props) {
        super(name);
        // threads created now (stream threads, client threads) inherit the MDC: their log lines carry app=<name>
        try (MDC.MDCCloseable ignored = MDC.putCloseable(LogFields.APP, name)) {
            this.streams = new KafkaStreams(topology, props);
        }
        this.metrics = Telemetry.bind(name, streams);
        streams.setUncaughtExceptionHandler(e -> {
            failed(e);
            LOG.error("{} stopped on an unrecoverable error: {}", name, e.toString());
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("{} {} -> {}", name, before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                markStopped();
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
            if (hasStopped() || streams.state() == KafkaStreams.State.ERROR) {
                throw stoppedBeforeRunning();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        name() + " not RUNNING after " + timeout + " (state " + streams.state() + ")");
            }
            Thread.sleep(50); // polling the state with a deadline
        }
        return this;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Not ready unless RUNNING. Kafka Streams enters RUNNING only once its active tasks have restored
     * their state stores, so RUNNING is "caught up" on state; input lag is a metric, not a condition.
     */
    @Override
    public List<String> readinessProblems() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING ? List.of() : List.of(name() + " " + state);
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        markStopped();
        try {
            metrics.close();
        } catch (Exception e) {
            LOG.warn("{}: could not unbind metrics: {}", name(), e.toString());
        }
    }
}
