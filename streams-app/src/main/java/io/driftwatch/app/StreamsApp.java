package io.driftwatch.app;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
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
 *
 * <p>An app built from a {@link Supplier} of its topology can also change topology while it runs: a
 * processor throws a {@link RebuildRequest}, the app prepares the cluster for the new topology (the
 * {@code prepare} step, on the thread that threw), and asks Kafka Streams to stop every instance of the
 * app ({@code SHUTDOWN_APPLICATION}). Each instance (this one, and the others when the request reaches
 * them) then closes its client and builds a new one from the supplier, which reads the cluster again.
 * An instance stopped that way without a failure of its own always rebuilds. An instance whose own
 * request gives the same topology again stops with an error: the request would repeat forever.
 */
public final class StreamsApp extends AbstractRunningApp {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    /** A topology, the properties to run it with, and the supplier of its clients (null: Kafka Streams' own). */
    public record Built(Topology topology, Properties props, KafkaClientSupplier clients) {

        public Built(Topology topology, Properties props) {
            this(topology, props, null);
        }
    }

    private final Supplier<Built> build;
    private final Consumer<RebuildRequest> prepare;
    private volatile KafkaStreams streams;
    private volatile AutoCloseable metrics;
    private volatile String description;
    /** This instance's own request, between its throw and the rebuild. */
    private volatile RebuildRequest requested;
    private volatile boolean rebuilding;
    private volatile boolean closing;

    public StreamsApp(String name, Topology topology, Properties props) {
        this(name, () -> new Built(topology, props), null);
    }

    /**
     * An app that rebuilds itself on a {@link RebuildRequest}.
     *
     * @param build   the topology and properties, from the settings and the cluster as they are at each call
     * @param prepare makes the cluster call for the topology a request asks for (e.g. creates a topic whose existence
     *                {@code build} reads), so that every instance builds it; null: a request is a fatal error
     */
    public StreamsApp(String name, Supplier<Built> build, Consumer<RebuildRequest> prepare) {
        super(name);
        this.build = build;
        this.prepare = prepare;
        create(build.get());
    }

    private void create(Built built) {
        KafkaStreams client;
        // threads created now (stream threads, client threads) inherit the MDC: their log lines carry app=<name>
        try (MDC.MDCCloseable ignored = MDC.putCloseable(LogFields.APP, name())) {
            client = built.clients() == null ? new KafkaStreams(built.topology(), built.props())
                : new KafkaStreams(built.topology(), built.props(), built.clients());
        }
        description = built.topology().describe().toString();
        metrics = Telemetry.bind(name(), client);
        client.setUncaughtExceptionHandler(e -> {
            RebuildRequest request = prepare == null ? null : rebuildRequest(e);
            if (request != null) {
                LOG.info("{}: {}; stopping every instance to start again with another topology", name(),
                    request.getMessage());
                try {
                    prepare.accept(request);
                    requested = request;
                    return StreamThreadExceptionResponse.SHUTDOWN_APPLICATION;
                } catch (RuntimeException x) {
                    e = new IllegalStateException(request.getMessage() + "; but preparing the new topology failed: "
                            + x.getMessage(), x);
                }
            }
            failed(e);
            LOG.error("{} stopped on an unrecoverable error: {}", name(), e.toString());
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        client.setStateListener((now, before) -> {
            if (client != streams) {
                return; // a client closed for a rebuild
            }
            LOG.info("{} {} -> {}", name(), before, now);
            if (now == KafkaStreams.State.ERROR && prepare != null && failure() == null && !closing) {
                // stopped by a rebuild request (ours or another instance's): the only use of SHUTDOWN_APPLICATION here
                rebuilding = true;
                Thread t = new Thread(this::rebuild, name() + "-rebuild");
                t.setDaemon(true);
                t.start();
            } else if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                markStopped();
            }
        });
        streams = client;
    }

    private static RebuildRequest rebuildRequest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RebuildRequest r) {
                return r;
            }
        }
        return null;
    }

    private synchronized void rebuild() {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(LogFields.APP, name())) {
            KafkaStreams old = streams;
            old.close(Duration.ofSeconds(30));
            unbindMetrics();
            if (closing) {
                markStopped();
                return;
            }
            Built built = build.get();
            removeStoppedMembers(built.props());
            String before = description;
            if (requested != null && built.topology().describe().toString().equals(before)) {
                failed(new IllegalStateException(requested.getMessage()
                        + "; but the settings and the cluster still give the same topology"));
                LOG.error("{} stopped: {}", name(), failure().getMessage());
                markStopped();
                return;
            }
            requested = null;
            create(built);
            rebuilding = false;
            LOG.info("{}: starting again with the topology the cluster now calls for", name());
            streams.start();
        } catch (RuntimeException e) {
            failed(e);
            LOG.error("{} could not start again: {}", name(), e.toString());
            markStopped();
        }
    }

    /**
     * Removes the members of the app's group, which are those of stopped clients now: a client stopped by a shutdown
     * request stays in the group until its session times out ({@code session.timeout.ms}, 45 s by default), and the
     * group would wait for it before giving the new clients their tasks. A new client of another instance that
     * joined already only rejoins.
     */
    private void removeStoppedMembers(Properties props) {
        StreamsConfig config = new StreamsConfig(props);
        String group = config.getString(StreamsConfig.APPLICATION_ID_CONFIG);
        try (Admin admin = Admin.create(config.getAdminConfigs(name() + "-rebuild"))) {
            admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions())
                .all()
                .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // nothing to remove, or no right to: the group then waits for the old members' session timeout
            LOG.info("{}: could not remove the stopped members of group {}: {}", name(), group, e.toString());
        }
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
            if (hasStopped() || (streams.state() == KafkaStreams.State.ERROR && prepare == null)) {
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

    /** The Kafka Streams client: after a rebuild, the new one. */
    public KafkaStreams streams() {
        return streams;
    }

    /** True while the app is between two topologies (closing the old client, building the new one). */
    public boolean rebuilding() {
        return rebuilding;
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
        closing = true;
        synchronized (this) {
            streams.close(Duration.ofSeconds(30));
        }
        markStopped();
        unbindMetrics();
    }

    private void unbindMetrics() {
        try {
            metrics.close();
        } catch (Exception e) {
            LOG.warn("{}: could not unbind metrics: {}", name(), e.toString());
        }
    }
}
