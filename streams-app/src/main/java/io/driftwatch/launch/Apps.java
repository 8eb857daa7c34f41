package io.driftwatch.launch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import java.time.Duration;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.Topology;

import io.driftwatch.app.RunningApp;
import io.driftwatch.app.StreamsApp;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.forecast.app.ForecasterConfig;
import io.driftwatch.ingest.IngestConfig;
import io.driftwatch.monitor.MonitorConfig;
import io.driftwatch.retrain.service.RetrainConfig;
import io.driftwatch.forecast.app.ForecasterTopology;
import io.driftwatch.ingest.IngestTopology;
import io.driftwatch.kafka.FutureTimestamps;
import io.driftwatch.kafka.StreamThreadConsumers;
import io.driftwatch.kafka.StreamsProperties;
import io.driftwatch.monitor.MonitorStartup;
import io.driftwatch.monitor.MonitorTopology;
import io.driftwatch.retrain.service.RetrainApp;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.TopicAdmin;
import io.driftwatch.topics.Topics;
import io.driftwatch.ui.ConsoleApp;
import io.driftwatch.ui.UiConfig;

/**
 * The apps driftwatch runs, by name: Kafka Streams apps (a pure topology factory plus its config)
 * and plain services. {@code run NAME} runs one, {@code run all} runs them all in one process (each
 * with its own application.id / group.id, so each scales by partitions on its own).
 */
public final class Apps {

    /** How to build one app from settings. */
    public record Definition(String name, String description, Function<Map<String, Object>, RunningApp> factory) {

        public RunningApp create(Map<String, Object> settings) {
            return factory.apply(settings);
        }
    }

    private static final Map<String, Definition> APPS = new LinkedHashMap<>();

    /** Each Kafka Streams app built from its settings without its start-up steps against the cluster. */
    private static final Map<String, Function<Map<String, Object>, StreamsApp>> WITHOUT_STARTUP_STEPS =
            new LinkedHashMap<>();

    static {
        registerStreams("ingest", "sales-events and rate-events to daily actuals",
            IngestConfig::new, c -> IngestTopology.build((IngestConfig) c), t -> List.of(t.salesEvents, t.rateEvents));
        registerStreams("forecaster", "actuals to predictions per horizon with the promoted model-configs",
            ForecasterConfig::new, c -> ForecasterTopology.build((ForecasterConfig) c), t -> List.of(t.actuals));
        // the input partition count is read from the cluster; the internal topics are created ahead
        WITHOUT_STARTUP_STEPS.put("monitor", settings -> monitor(settings, false));
        register(new Definition(
                "monitor",
                "predictions + actuals to error and drift windows, drift-triggers and anomalies",
                settings -> monitor(settings, true)));
        register(new Definition("retrain", "drift-triggers to searched, validated and promoted model-configs",
            settings -> new RetrainApp(new RetrainConfig(settings))));
    }

    /**
     * The monitor, resolved against the cluster at its start and again when its first misplaced record asks for the
     * re-routing detour (which creates the detour's topics first, so every instance builds it). With its start-up
     * steps it also builds the detour at once when the next input records are misplaced, and creates its internal
     * topics.
     */
    private static StreamsApp monitor(Map<String, Object> settings, boolean provision) {
        return new StreamsApp("monitor", () -> {
            MonitorConfig resolved = MonitorStartup.resolve(new MonitorConfig(settings));
            if (provision) {
                resolved = MonitorStartup.detourIfMisplaced(resolved);
                MonitorStartup.provision(resolved);
            }
            // its stream threads' consumers tell a caught-up thread from one waiting for a fetch (QuietCommit)
            return new StreamsApp.Built(MonitorTopology.build(resolved), MonitorTopology.streamsProperties(resolved),
                StreamThreadConsumers.SUPPLIER);
        }, request -> MonitorStartup.buildDetour(MonitorStartup.resolve(new MonitorConfig(settings))));
    }

    private Apps() {
    }

    private static void register(Definition d) {
        APPS.put(d.name(), d);
    }

    /**
     * A Kafka Streams app: checks its input topics exist with the partition count the settings
     * declare (failing fast with a message naming the fix otherwise), then builds the topology.
     */
    private static void registerStreams(String name, String description,
                                        Function<Map<String, Object>, CommonConfig> config,
                                        Function<CommonConfig, Topology> topology,
                                        Function<Topics, List<Topic<?, ?>>> inputs) {
        Function<CommonConfig, StreamsApp> build =
                c -> new StreamsApp(name, topology.apply(c), StreamsProperties.of(c, name));
        WITHOUT_STARTUP_STEPS.put(name, settings -> build.apply(config.apply(settings)));
        register(new Definition(name, description, settings -> {
            CommonConfig c = config.apply(settings);
            try (Admin admin = Admin.create(c.kafkaClientProperties())) {
                new TopicAdmin(admin, Duration.ofSeconds(30)).verifyPartitions(inputs.apply(Topics.from(c)));
                c = config.apply(FutureTimestamps.forBrokers(admin, settings));
            }
            return build.apply(c);
        }));
    }

    public static Definition get(String name) {
        Definition d = APPS.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown app '" + name + "'; apps: " + String.join(", ", APPS.keySet()));
        }
        return d;
    }

    /**
     * The web console ({@code driftwatch ui}, also started by the demo), not one of the apps {@code run} runs: it
     * only reads their topics. Its API key comes from {@code env} or a file (see {@link UiConfig}).
     */
    public static ConsoleApp console(Map<String, Object> settings, Map<String, String> env) {
        return ConsoleApp.create(new UiConfig(settings), env);
    }

    public static List<Definition> all() {
        return List.copyOf(APPS.values());
    }

    /**
     * The Kafka Streams app {@code name} built from {@code settings} exactly as {@code run} builds it
     * ({@code get(name).create(settings)}), typed for callers that drive its Kafka Streams client.
     */
    public static StreamsApp createStreamsApp(String name, Map<String, Object> settings) {
        RunningApp app = get(name).create(settings);
        if (app instanceof StreamsApp streamsApp) {
            return streamsApp;
        }
        app.close();
        throw new IllegalArgumentException(name + " is not a Kafka Streams app");
    }
    /**
     * The Kafka Streams app {@code name} built from {@code settings} as {@code run} builds it, but without its
     * start-up steps against the cluster (ingest's and the forecaster's check of their input topics, the monitor's
     * creation of its internal topics): for tests of what the Kafka Streams client does on its own.
     */
    public static StreamsApp createStreamsAppWithoutStartupSteps(String name, Map<String, Object> settings) {
        Function<Map<String, Object>, StreamsApp> build = WITHOUT_STARTUP_STEPS.get(name);
        if (build == null) {
            get(name); // unknown: its message lists the apps
            throw new IllegalArgumentException(name + " is not a Kafka Streams app");
        }
        return build.apply(settings);
    }

}
