package io.driftwatch.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.FutureCallback;

import io.driftwatch.avro.Severity;
import io.driftwatch.connect.AlertSinkConfig;
import io.driftwatch.connect.DriftwatchConverter;
import io.driftwatch.connect.console.ConsoleSinkConfig;
import io.driftwatch.connect.console.ConsoleSinkConnector;
import io.driftwatch.connect.console.ConsoleStreams;
import io.driftwatch.topics.Topics;

/**
 * The demo's alerts: a real Kafka Connect worker (standalone, in this JVM, plugin discovery by
 * service loader) on the demo's broker, running the real sink connectors on {@code drift-triggers},
 * {@code anomalies} and {@code ops-alerts}: the console connector, printing to the demo's own
 * output, always; and one connector per {@link AlertTarget} ({@code --alerts}).
 *
 * <pre>{@code
 * try (AlertBridge alerts = AlertBridge.start(bootstrap, topics, workDir, System.out, Severity.MEDIUM, targets)) {
 *     ... the apps write alerts ...
 *     alerts.awaitDelivered(lastOffsetsPlusOne, Duration.ofSeconds(15));
 * }
 * }</pre>
 *
 * <p>Settings fit a demo that replays months in a minute: triggers marked suppressed (replayed
 * history) are skipped, the rate limit is off (a wall-clock window would hold back nearly every
 * alert of the compressed timeline) and sinks read committed records only (the apps write with
 * exactly-once transactions). Records no sink can handle go to the dead-letters topic.
 */
public final class AlertBridge implements AutoCloseable {

    static final String CONSOLE = "driftwatch-console";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Connect<StandaloneHerder> connect;
    private final String bootstrapServers;
    private final ConsoleStreams.Registration console;
    /** Connector name -> description, console first. */
    private final Map<String, String> descriptions;
    private final Duration startup;

    private AlertBridge(Connect<StandaloneHerder> connect, String bootstrapServers, ConsoleStreams.Registration console,
                        Map<String, String> descriptions, Duration startup) {
        this.connect = connect;
        this.bootstrapServers = bootstrapServers;
        this.console = console;
        this.descriptions = descriptions;
        this.startup = startup;
    }

    /**
     * Starts the worker and the connectors, and returns once every connector's task runs.
     *
     * @param workDir where the worker keeps its offsets file (the demo's state dir)
     * @param out where the console connector prints
     * @throws IllegalStateException when a connector or its task fails to start
     */
    public static AlertBridge start(
            String bootstrapServers,
            Topics topics,
            Path workDir,
            PrintStream out,
            Severity minSeverity,
            List<AlertTarget> targets)
            throws InterruptedException {
        long started = System.nanoTime();
        ConsoleStreams.Registration console = ConsoleStreams.register("driftwatch-demo-" + UUID.randomUUID(), out);
        Connect<StandaloneHerder> connect = null;
        try {
            connect = new ConnectStandalone().startConnect(workerProperties(bootstrapServers, workDir));
            List<ConnectorSpec> connectors = connectors(topics, minSeverity, console.name(), targets);
            for (ConnectorSpec c : connectors) {
                create(connect.herder(), c);
            }
            for (ConnectorSpec c : connectors) {
                awaitRunning(connect.herder(), c.name());
            }
            Map<String, String> descriptions = new LinkedHashMap<>();
            connectors.forEach(c -> descriptions.put(c.name(), c.description()));
            return new AlertBridge(
                    connect, bootstrapServers, console, descriptions, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException | InterruptedException e) {
            stop(connect);
            console.close();
            throw e;
        }
    }

    /** One connector of the worker: its name, what it sends to (no secrets), its config (with them). */
    record ConnectorSpec(String name, String description, Map<String, String> config) {
        ConnectorSpec {
            config = new HashMap<>(config);
            config.put("name", name);
        }

        /** Name and description only: the config holds secrets. */
        @Override
        public String toString() {
            return name + " (" + description + ")";
        }
    }

    private static Map<String, String> workerProperties(String bootstrapServers, Path workDir) {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("listeners", "http://127.0.0.1:0");
        p.put("key.converter", StringConverter.class.getName());
        p.put("value.converter", DriftwatchConverter.class.getName());
        p.put("offset.storage.file.filename", workDir.resolve("connect.offsets").toString());
        p.put("offset.flush.interval.ms", "500");
        p.put("plugin.discovery", "service_load");
        // the apps write exactly-once: never show an alert from an aborted transaction
        p.put("consumer.isolation.level", "read_committed");
        return p;
    }

    /**
     * The console connector first, then one per target, named driftwatch-slack, driftwatch-slack-2, driftwatch-email,
     * ...
     */
    static List<ConnectorSpec> connectors(
            Topics topics, Severity minSeverity, String consoleStream, List<AlertTarget> targets) {
        List<ConnectorSpec> out = new ArrayList<>();
        Map<String, String> console = common(topics, minSeverity, ConsoleSinkConnector.class.getName());
        console.put(ConsoleSinkConfig.STREAM, consoleStream);
        out.add(new ConnectorSpec(CONSOLE, "console", console));
        Map<String, Integer> seen = new HashMap<>();
        for (AlertTarget t : targets) {
            int n = seen.merge(t.channel(), 1, Integer::sum);
            Map<String, String> config = common(topics, minSeverity, t.connectorClass());
            config.putAll(t.settings());
            out.add(new ConnectorSpec("driftwatch-" + t.channel() + (n == 1 ? "" : "-" + n), t.description(), config));
        }
        return out;
    }

    private static Map<String, String> common(Topics topics, Severity minSeverity, String connectorClass) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", connectorClass);
        c.put("tasks.max", "1");
        c.put(
                "topics",
                String.join(",", topics.driftTriggers.name(), topics.anomalies.name(), topics.opsAlerts.name()));
        c.put(
                AlertSinkConfig.TOPIC_KINDS,
                topics.driftTriggers.name() + ":TRIGGER," + topics.anomalies.name() + ":ANOMALY,"
                        + topics.opsAlerts.name() + ":OPS_ALERT");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", topics.deadLetters.name());
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        c.put(AlertSinkConfig.MIN_SEVERITY, minSeverity.name());
        c.put(AlertSinkConfig.SKIP_SUPPRESSED, "true");
        c.put(AlertSinkConfig.RATE_LIMIT_WINDOW_MS, "0");
        return c;
    }

    private static void create(StandaloneHerder herder, ConnectorSpec c) throws InterruptedException {
        FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
        herder.putConnectorConfig(c.name(), c.config(), false, created);
        try {
            created.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "alert connector " + c.name() + " was not created: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("alert connector " + c.name() + " was not created within "
                + START_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static void awaitRunning(StandaloneHerder herder, String name) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ConnectorStateInfo status = herder.connectorStatus(name);
            List<ConnectorStateInfo.AbstractState> states = new ArrayList<>(status.tasks());
            states.add(status.connector());
            for (ConnectorStateInfo.AbstractState s : states) {
                if ("FAILED".equals(s.state())) {
                    throw new IllegalStateException("alert connector " + name + " failed: " + firstLine(s.trace()));
                }
            }
            if (!status.tasks().isEmpty() && states.stream().allMatch(s -> "RUNNING".equals(s.state()))) {
                return;
            }
            Thread.sleep(20); // polling the herder's status with a deadline
        }
        throw new IllegalStateException(
                "alert connector " + name + " not running within " + START_TIMEOUT.toSeconds() + " s");
    }

    private static String firstLine(String trace) {
        return trace == null ? "(no trace)" : trace.lines().findFirst().orElse("");
    }

    /** How long {@link #start} took: the worker, and every connector running. */
    public Duration startup() {
        return startup;
    }

    /** Connector name -> what it sends to (no secrets), console first. */
    public Map<String, String> channels() {
        return descriptions;
    }

    /**
     * Waits until every connector has committed at least these offsets (the offset after the last
     * alert record of each partition): every alert up to them was printed or sent, or skipped.
     *
     * @return whether they all got there before the timeout
     */
    public boolean awaitDelivered(Map<TopicPartition, Long> nextOffsets, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            while (System.nanoTime() < deadline) {
                if (allCommitted(admin, nextOffsets)) {
                    return true;
                }
                Thread.sleep(100); // polling committed offsets with a deadline
            }
        }
        return false;
    }

    private boolean allCommitted(Admin admin, Map<TopicPartition, Long> nextOffsets) throws InterruptedException {
        for (String name : descriptions.keySet()) {
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = admin.listConsumerGroupOffsets("connect-" + name).partitionsToOffsetAndMetadata().get();
            } catch (ExecutionException e) {
                return false; // the group has not committed yet
            }
            for (Map.Entry<TopicPartition, Long> e : nextOffsets.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Stops the connectors and the worker; the console stream is unregistered. */
    @Override
    public void close() {
        try {
            stop(connect);
        } finally {
            console.close();
        }
    }

    private static void stop(Connect<StandaloneHerder> connect) {
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
        }
    }
}
