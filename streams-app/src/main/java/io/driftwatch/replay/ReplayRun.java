package io.driftwatch.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.monitor.MonitorConfig;
import io.driftwatch.monitor.MonitorTopology;
import io.driftwatch.topics.Topics;

/**
 * One replay: the monitor's own topology ({@link MonitorTopology#buildForReplay}), built from the given settings, on
 * Kafka Streams' {@link TopologyTestDriver}, fed every record of a {@link History} in its order; returns the triggers
 * it emitted. Nothing reaches a cluster: the driver runs the topology in this thread, with mock clients.
 *
 * <p>The driver is one task over one partition of each topic, so {@code monitor.input.partitions} is 1 here (the
 * window stage waits for that many matching partitions) and re-routing is off (nothing can be misplaced).
 * Every output the topology has besides {@code drift-triggers}
 * (anomalies, dead letters, any sink added later) is read and dropped, so none accumulates in the driver.
 */
public final class ReplayRun {

    /** Records between two reads of the driver's outputs (and updates of the progress counter). */
    private static final int DRAIN_EVERY = 2048;

    /** What one run produced. */
    public record Result(Map<String, String> combination, List<DriftTrigger> triggers, long deadLetters,
                         long anomalies, long records, long millis) {}

    private ReplayRun() {
    }

    /**
     * Runs the monitor over {@code history}.
     *
     * @param settings    the monitor's settings (as {@code run monitor} gets them) with this combination applied
     * @param combination the values that differ between combinations, for the result
     * @param progress    incremented by the records fed, now and then
     */
    public static Result run(History history, Map<String, Object> settings, Map<String, String> combination,
                             AtomicLong progress) {
        long start = System.nanoTime();
        Path stateDir = tempDir();
        Map<String, Object> props = new HashMap<>(settings);
        props.put(MonitorConfig.INPUT_PARTITIONS, 1);
        props.put(MonitorConfig.REROUTE_MISPLACED, false); // one partition: nothing can be misplaced
        props.put(CommonConfig.STATE_DIR, stateDir.toString());
        MonitorConfig config = new MonitorConfig(props);
        Topics topics = Topics.from(config);
        Properties streams = MonitorTopology.streamsProperties(config);
        // the driver processes each record as it is piped, in the History's order: no idling, no transactions
        streams.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        List<DriftTrigger> triggers = new ArrayList<>();
        long[] dropped = new long[2];
        try (TopologyTestDriver driver =
                new TopologyTestDriver(MonitorTopology.buildForReplay(config), streams, Instant.now())) {
            Map<History.Kind, TestInputTopic<byte[], byte[]>> inputs = inputs(driver, topics);
            Deserializer<DriftTrigger> decode = topics.driftTriggers.valueSerde().deserializer();
            for (int i = 0; i < history.size(); i++) {
                inputs.get(history.kind(i)).pipeInput(history.key(i), history.value(i), history.recordTime(i));
                if ((i + 1) % DRAIN_EVERY == 0) {
                    drain(driver, topics, decode, triggers, dropped);
                    progress.addAndGet(DRAIN_EVERY);
                }
            }
            drain(driver, topics, decode, triggers, dropped);
            progress.addAndGet(history.size() % DRAIN_EVERY);
        } finally {
            deleteRecursively(stateDir);
        }
        triggers.sort(Comparator.comparing((DriftTrigger t) -> t.getRecentWindowEnd())
            .thenComparing(DriftTrigger::getTriggerId));
        return new Result(combination, triggers, dropped[0], dropped[1], history.size(),
            (System.nanoTime() - start) / 1_000_000);
    }

    private static Map<History.Kind, TestInputTopic<byte[], byte[]>> inputs(TopologyTestDriver driver, Topics topics) {
        ByteArraySerializer bytes = new ByteArraySerializer();
        Map<History.Kind, TestInputTopic<byte[], byte[]>> in = new EnumMap<>(History.Kind.class);
        in.put(History.Kind.PREDICTION, driver.createInputTopic(topics.predictions.name(), bytes, bytes));
        in.put(History.Kind.ACTUAL, driver.createInputTopic(topics.actuals.name(), bytes, bytes));
        in.put(History.Kind.METRIC, driver.createInputTopic(topics.metricObservations.name(), bytes, bytes));
        in.put(History.Kind.MODEL_CONFIG, driver.createInputTopic(topics.modelConfigs.name(), bytes, bytes));
        in.put(History.Kind.MONITOR_SETTINGS, driver.createInputTopic(topics.monitorSettings.name(), bytes, bytes));
        return in;
    }

    /** Reads every output topic the driver has records for; keeps the triggers, counts and drops the rest. */
    private static void drain(TopologyTestDriver driver, Topics topics, Deserializer<DriftTrigger> decode,
                              List<DriftTrigger> triggers, long[] dropped) {
        ByteArrayDeserializer bytes = new ByteArrayDeserializer();
        for (String topic : driver.producedTopicNames()) {
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(topic, bytes, bytes);
            if (out.isEmpty()) {
                continue;
            }
            boolean isTriggers = topic.equals(topics.driftTriggers.name());
            for (TestRecord<byte[], byte[]> r : out.readRecordsToList()) {
                if (isTriggers) {
                    triggers.add(decode.deserialize(topic, r.value()));
                } else if (topic.equals(topics.deadLetters.name())) {
                    dropped[0]++;
                } else if (topic.equals(topics.anomalies.name())) {
                    dropped[1]++;
                }
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("driftwatch-replay-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary state directory", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a replay for
        }
    }
}
