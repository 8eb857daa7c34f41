package io.driftwatch.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.app.StreamsApp;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.monitor.EosEnd;
import io.driftwatch.monitor.MonitorConfig;
import io.driftwatch.monitor.MonitorTopology;
import io.driftwatch.topics.TopicAdmin;
import io.driftwatch.topics.Topics;

/**
 * One run of the real monitor ({@link Apps#createStreamsApp}, the wiring of {@code driftwatch run monitor}) with one
 * set of
 * settings over the generated streams, on the real broker: its own topics ({@code <prefix>.}), a promoted config per
 * model (so no TIME_BASED trigger for a missing one), the predictions and actuals in the order they would arrive (day
 * by day: the predictions issued that day, then the actuals that arrive that day, label delay included), the monitor
 * run to the end of its input (exactly-once: every committed output), then its triggers and anomalies as {@link Flag}s.
 */
public final class MonitorRun {

    /** Day 0 of the generated streams. */
    public static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final long DAY = 86_400_000L;

    /**
     * Settings the harness sets before the compared ones (which may override them): the harness has no retrain service,
     * so its configs never age (no TIME_BASED), and a fixed MAPE ceiling is not a change detector (no ERROR_THRESHOLD,
     * whose MAPE is undefined for intermittent demand anyway).
     */
    public static final Map<String, String> BASE =
            Map.of(MonitorConfig.MAX_CONFIG_AGE, "36500d", MonitorConfig.MAPE_CEILING, "0");

    /** What one run produced: flags of the triggers and anomalies, and the wall time of its parts. */
    public record Result(List<Flag> flags, int triggers, int anomalies, double produceSeconds, double monitorSeconds) {
    }

    private MonitorRun() {
    }

    public static Result run(LocalKafkaBroker broker, String prefix, Map<String, String> settings, List<Series> streams,
                             Duration timeout) throws Exception {
        Map<String, Object> props = new HashMap<>(BASE);
        props.put(MonitorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        props.put(MonitorConfig.TOPICS_PREFIX, prefix + ".");
        props.put(MonitorConfig.APPLICATION_ID_PREFIX, prefix);
        Path state = Files.createTempDirectory(prefix + "-state");
        props.put(MonitorConfig.STATE_DIR, state.toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        props.putAll(settings);
        MonitorConfig config = new MonitorConfig(props);
        checkNames(config, settings);
        Topics topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafkaClientProperties())) {
            TopicAdmin topicAdmin = new TopicAdmin(admin, Duration.ofSeconds(30));
            topicAdmin.ensure(topics.all());
            topicAdmin.waitUntilReady(topics.all().stream().map(t -> t.name()).toList());
            long t0 = System.nanoTime();
            produce(broker.bootstrapServers(), topics, streams);
            double produced = (System.nanoTime() - t0) / 1e9;
            String app = config.applicationId(MonitorTopology.APP);
            long t1 = System.nanoTime();
            try (StreamsApp built =
                    Apps.createStreamsApp("monitor", config.originals())) { // as `run monitor` builds it
                KafkaStreams monitor = built.streams();
                monitor.start();
                awaitEnd(admin, monitor, app, List.of(topics.predictions.name(), topics.actuals.name()), timeout);
                monitor.close(Duration.ofSeconds(30));
            }
            double ran = (System.nanoTime() - t1) / 1e9;
            List<Flag> flags = new ArrayList<>();
            List<ConsumerRecord<String, DriftTrigger>> triggers = EosEnd.readAll(
                    broker.bootstrapServers(),
                    topics.driftTriggers.name(),
                    new StringDeserializer(),
                    topics.driftTriggers.valueSerde().deserializer());
            triggers.forEach(r -> flags.add(flag(r.value())));
            triggers.stream().map(ConsumerRecord::value).filter(t -> !t.getSuppressed()
                && t.getRecommendation() == Recommendation.RETRAIN).forEach(t -> flags.add(retrainDecision(t)));
            List<ConsumerRecord<String, Anomaly>> anomalies = EosEnd.readAll(broker.bootstrapServers(),
                topics.anomalies.name(), new StringDeserializer(), topics.anomalies.valueSerde().deserializer());
            Map<String, Integer> delays = new HashMap<>();
            streams.forEach(s -> delays.put(s.seriesId(), s.fleet().labelDelayDays));
            anomalies.forEach(r -> flags.add(flag(r.value(), delays.getOrDefault(r.value().getSeriesId(), 0))));
            return new Result(flags, triggers.size(), anomalies.size(), produced, ran);
        } finally {
            LocalKafkaBroker.deleteRecursively(state);
        }
    }

    /**
     * A misspelt monitor setting would silently measure the defaults: every monitor.* name must be one the monitor
     * defines.
     */
    static void checkNames(MonitorConfig config, Map<String, String> settings) {
        for (String name : settings.keySet()) {
            if (name.startsWith("monitor.") && !config.values().containsKey(name)) {
                throw new IllegalArgumentException(
                        "unknown monitor setting '" + name + "' (see docs/configuration.md)");
            }
        }
    }

    /** A trigger as a flag: detector = type/level, day = its detected_at (stream time when it was raised). */
    public static Flag flag(DriftTrigger t) {
        String level = t.getSeriesId() == null ? "/model" : "/series";
        return new Flag(
                t.getType().name() + level,
                t.getModelId(),
                t.getSeriesId(),
                day(t.getDetectedAt()),
                t.getSuppressed(),
                t.getRecommendation().name());
    }

    /**
     * The model's retrain decision as a model-level flag ({@link #RETRAIN_DECISION}): any unsuppressed trigger that
     * recommends RETRAIN, from any detector and level (per-series flags recommend it once enough series are flagged).
     * Its recommendation is left empty so that the count of RETRAIN recommendations does not see it twice.
     */
    public static Flag retrainDecision(DriftTrigger t) {
        return new Flag(RETRAIN_DECISION, t.getModelId(), null, day(t.getDetectedAt()), false, null);
    }

    /** Detector name of {@link #retrainDecision}. */
    public static final String RETRAIN_DECISION = "RETRAIN decision/model";

    /**
     * An anomaly as a flag on the day after its actual arrived: it is scored when the pair is made, and here every
     * actual
     * arrives after its prediction, {@code labelDelayDays} after its day.
     */
    public static Flag flag(Anomaly a, int labelDelayDays) {
        return new Flag(
                "ANOMALY/series",
                a.getModelId(),
                a.getSeriesId(),
                day(a.getEventTime()) + labelDelayDays + 1,
                false,
                null);
    }

    static int day(Instant t) {
        return (int) Math.floorDiv(t.toEpochMilli() - DAY0.toEpochMilli(), DAY);
    }

    static Instant instant(int day) {
        return DAY0.plusMillis(day * DAY);
    }

    /** Configs, then day by day: the predictions issued that day, then the actuals that arrive that day. */
    static void produce(String bootstrap, Topics topics, List<Series> streams) throws Exception {
        Map<String, Object> p = Map.of(
                "bootstrap.servers",
                bootstrap,
                "acks",
                "all",
                "linger.ms",
                20,
                "batch.size",
                262_144,
                "enable.idempotence",
                true);
        int days = streams.stream().mapToInt(Series::days).max().orElse(0);
        int maxDelay = streams.stream().mapToInt(s -> s.fleet().labelDelayDays).max().orElse(0);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
            new ByteArraySerializer())) {
            var configSer = topics.modelConfigs.valueSerde().serializer();
            Map<String, Series> models = new LinkedHashMap<>();
            streams.forEach(s -> models.putIfAbsent(s.modelId(), s));
            for (Series s : models.values()) {
                ModelConfig c = ModelConfig.newBuilder().setModelId(s.modelId()).setHorizon(horizon(s)).setVersion(1)
                    .setAlgorithm(s.fleet() == Fleet.FX ? "naive" : "true-mean").setCreatedAt(DAY0).build();
                producer.send(new ProducerRecord<>(topics.modelConfigs.name(), topics.modelConfigs.keyFor(c),
                    configSer.serialize(topics.modelConfigs.name(), c)));
            }
            var predSer = topics.predictions.valueSerde().serializer();
            var actSer = topics.actuals.valueSerde().serializer();
            for (int w = 0; w < days + maxDelay; w++) {
                for (Series s : streams) {
                    int target = w + s.fleet().horizonDays;
                    if (target < s.days() && s.hasPrediction(target)) {
                        Prediction pr = Prediction.newBuilder()
                                .setPredictionId(s.seriesId() + "-" + target)
                                .setModelId(s.modelId())
                                .setConfigVersion(1)
                                .setSeriesId(s.seriesId())
                                .setHorizon(horizon(s))
                                .setIssuedAt(instant(w))
                                .setTargetTime(instant(target))
                                .setYhat(s.yhat()[target])
                                .setYhatLower(s.lower()[target])
                                .setYhatUpper(s.upper()[target])
                                .build();
                        producer.send(new ProducerRecord<>(topics.predictions.name(), s.seriesId(),
                            predSer.serialize(topics.predictions.name(), pr)));
                    }
                }
                for (Series s : streams) {
                    int day = w - s.fleet().labelDelayDays;
                    if (day >= 0 && day < s.days()) {
                        Actual a = Actual.newBuilder()
                                .setSeriesId(s.seriesId())
                                .setEventTime(instant(day))
                                .setValue(s.actual()[day])
                                .setEventCount(1)
                                .build();
                        producer.send(new ProducerRecord<>(
                                topics.actuals.name(), s.seriesId(), actSer.serialize(topics.actuals.name(), a)));
                    }
                }
            }
            producer.flush();
        }
    }

    private static String horizon(Series s) {
        return s.fleet().horizonDays + "d";
    }

    /** Polls (with a deadline) until the app's committed offsets reach the end of its inputs and repartition topics. */
    private static void awaitEnd(Admin admin, KafkaStreams monitor, String app, List<String> inputs, Duration timeout)
        throws Exception {
        EosEnd eos = new EosEnd(admin);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> internal = List.of();
        while (true) {
            if (monitor.state() == KafkaStreams.State.ERROR || monitor.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the monitor stopped: " + monitor.state());
            }
            if (internal.isEmpty()) {
                internal = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(n -> n.startsWith(app + "-") && n.endsWith("-repartition")).sorted().toList();
            }
            if (!internal.isEmpty() && eos.settled(app, inputs, internal)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(
                        "the monitor did not reach the end of its input in %s (%.0f%% done)",
                        timeout, 100 * eos.progress(app, inputs)));
            }
            Thread.sleep(250); // polling the broker for the end of the run, not waiting for a result
        }
    }
}
