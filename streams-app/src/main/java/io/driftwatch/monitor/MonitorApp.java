package io.driftwatch.monitor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * must agree) and builds {@link MonitorTopology}. Run it with {@code driftwatch run monitor}.
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
}
