package io.driftwatch.launch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import io.driftwatch.kafka.StreamsProperties;
import io.driftwatch.monitor.MonitorStartup;
import io.driftwatch.monitor.MonitorTopology;
import io.driftwatch.retrain.service.RetrainApp;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.TopicAdmin;
import io.driftwatch.topics.Topics;

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

    /**
     * A Kafka Streams app: checks its input topics exist with the partition count the settings
     * declare (failing fast with a message naming the fix otherwise), then builds the topology.
     */
    static Definition streams(String name, String description, Function<Map<String, Object>, CommonConfig> config,
                              Function<CommonConfig, Topology> topology, Function<Topics, List<Topic<?, ?>>> inputs) {
        return new Definition(name, description, settings -> {
            CommonConfig c = config.apply(settings);
            try (Admin admin = Admin.create(c.kafkaClientProperties())) {
                new TopicAdmin(admin, Duration.ofSeconds(30)).verifyPartitions(inputs.apply(Topics.from(c)));
            }
            Properties props = StreamsProperties.of(c, name);
            return new StreamsApp(name, topology.apply(c), props);
        });
    }

    private static final Map<String, Definition> APPS = new LinkedHashMap<>();

    static {
        register(streams("ingest", "sales-events and rate-events to daily actuals",
            IngestConfig::new, c -> IngestTopology.build((IngestConfig) c), t -> List.of(t.salesEvents, t.rateEvents)));
        register(streams("forecaster", "actuals to predictions per horizon with the promoted model-configs",
            ForecasterConfig::new, c -> ForecasterTopology.build((ForecasterConfig) c), t -> List.of(t.actuals)));
        register(new Definition(
                "monitor",
                "predictions + actuals to error and drift windows, drift-triggers and anomalies",
                settings -> {
                    // the input partition count is read from the cluster; the internal topics are created ahead
                    MonitorConfig resolved = MonitorStartup.resolve(new MonitorConfig(settings));
                    MonitorStartup.provision(resolved);
                    return new StreamsApp(
                            "monitor", MonitorTopology.build(resolved), MonitorTopology.streamsProperties(resolved));
                }));
        register(new Definition("retrain", "drift-triggers to searched, validated and promoted model-configs",
            settings -> new RetrainApp(new RetrainConfig(settings))));
    }

    private Apps() {
    }

    private static void register(Definition d) {
        APPS.put(d.name(), d);
    }

    public static Definition get(String name) {
        Definition d = APPS.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown app '" + name + "'; apps: " + String.join(", ", APPS.keySet()));
        }
        return d;
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
}
