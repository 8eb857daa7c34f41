package io.driftwatch.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.config.MonitorConfig;
import io.driftwatch.topics.Topics;

/**
 * Runs the monitor: resolves the input partition count on the cluster (predictions and actuals
 * must agree), builds {@link MonitorTopology}, starts it and stops it cleanly on shutdown.
 *
 * <pre>
 * java -cp ... io.driftwatch.monitor.MonitorApp --bootstrap-servers host:9092 [--config file.properties] [name=value ...]
 * </pre>
 */
public final class MonitorApp {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorApp.class);

    private MonitorApp() {
    }

    /** Looks up the input partition count and returns the config with {@code monitor.input.partitions} set. */
    public static MonitorConfig resolve(MonitorConfig config) {
        Topics topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafkaClientProperties())) {
            Map<String, TopicDescription> d = admin.describeTopics(List.of(topics.predictions.name(), topics.actuals.name()))
                .allTopicNames().get(30, TimeUnit.SECONDS);
            int predictions = d.get(topics.predictions.name()).partitions().size();
            int actuals = d.get(topics.actuals.name()).partitions().size();
            if (predictions != actuals) {
                throw new ConfigException(topics.predictions.name() + " has " + predictions + " partitions but " + topics.actuals.name()
                    + " has " + actuals + ": they must be co-partitioned (same key = series_id, same partition count)");
            }
            Map<String, Object> props = new HashMap<>(config.originals());
            props.put(MonitorConfig.INPUT_PARTITIONS, predictions);
            return new MonitorConfig(props);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the input topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topics.predictions.name() + " and " + topics.actuals.name()
                + " (create them with 'topics create'): " + e.getMessage(), e);
        }
    }

    /** A monitor instance for {@code config} (partition count resolved on the cluster), not yet started. */
    public static KafkaStreams create(MonitorConfig config) {
        MonitorConfig resolved = resolve(config);
        KafkaStreams streams = new KafkaStreams(MonitorTopology.build(resolved), MonitorTopology.streamsProperties(resolved));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("monitor stopping: {}", e.getMessage(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        return streams;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        KafkaStreams streams = create(new MonitorConfig(parse(args)));
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(30));
            stopped.countDown();
        }, "monitor-shutdown"));
        streams.start();
        stopped.await();
        streams.close(Duration.ofSeconds(30));
    }

    static Map<String, Object> parse(String[] args) throws IOException {
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--bootstrap-servers") && i + 1 < args.length) {
                props.put(MonitorConfig.BOOTSTRAP_SERVERS, args[++i]);
            } else if (a.equals("--config") && i + 1 < args.length) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(Path.of(args[++i]))) {
                    p.load(in);
                }
                p.forEach((k, v) -> props.put((String) k, v));
            } else if (a.contains("=")) {
                props.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a
                    + "'; use --bootstrap-servers host:port, --config file or name=value");
            }
        }
        return props;
    }
}
