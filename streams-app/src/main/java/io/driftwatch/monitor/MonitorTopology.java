package io.driftwatch.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.MetricObservation;
import io.driftwatch.avro.MonitorEvaluation;
import io.driftwatch.avro.Prediction;
import io.driftwatch.kafka.Changelogs;
import io.driftwatch.kafka.CheckedGlobalPut;
import io.driftwatch.kafka.GlobalInputs;
import io.driftwatch.kafka.EventTimeExtractor;
import io.driftwatch.kafka.IdleProbe;
import io.driftwatch.kafka.Reroute;
import io.driftwatch.kafka.WriteBackStore;
import io.driftwatch.kafka.StreamsProperties;
import io.driftwatch.topics.StoreNames;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.Topics;

/**
 * The monitor: predictions meet actuals, error and drift windows per model:horizon, triggers.
 *
 * <pre>
 * predictions ─ check ┐
 * actuals ───── check ┴─ reroute ─> match + per-series stats (key series)
 *                           [entries, progress, deltas, series drift, residuals]
 *                             ├─> anomalies (key series)
 *                             └─> monitor-partials (repartition: deltas, drift results, watermarks)
 *                                   └─> windows (key model:horizon) [buckets, drift results, eval, watermarks]
 *                                         ├─> drift-triggers
 *                                         └─> monitor-evaluations (every evaluation)
 * global: model-configs, monitor-settings
 * </pre>
 *
 * A record not keyed by its series_id or not on its murmur2 partition takes a detour through
 * {@code <application.id>-monitor-reroute-repartition} ({@link Reroute}; matching then runs on a
 * {@link io.driftwatch.kafka.RerouteClock}). With {@code monitor.repartition-inputs} both inputs are re-keyed by
 * series_id and repartitioned before matching instead; with {@code monitor.reroute-misplaced=false} each record's
 * partition is checked against murmur2 (fail fast).
 * See docs/monitor.md for the design decisions.
 */
public final class MonitorTopology {

    /** Application id suffix: application.id = prefix + "-monitor". */
    public static final String APP = "monitor";
    /**
     * Name of the internal topic from the matching to the window stage: {@code
     * <application.id>-monitor-partials-repartition}.
     */
    public static final String PARTIALS = "monitor-partials";
    /** Internal topics of {@code monitor.repartition-inputs}: the inputs re-keyed by series_id. */
    static final String PREDICTIONS_BY_SERIES = "monitor-predictions-by-series";
    static final String ACTUALS_BY_SERIES = "monitor-actuals-by-series";
    /**
     * Internal topic of the records re-routed to their series' partition ({@code monitor.reroute-misplaced}):
     * {@code <application.id>-monitor-reroute-repartition}.
     */
    public static final String REROUTE = "monitor-reroute";

    /**
     * The monitor's {@code commit.interval.ms} unless set: long enough for a busy thread to coalesce the updates of a
     * large fleet's series; {@link QuietCommit} commits a thread that goes quiet at once.
     */
    public static final int DEFAULT_COMMIT_INTERVAL_MS = 10_000;
    /**
     * The {@code commit.interval.ms} unless set when a stage writes matching's input to an internal topic first
     * ({@code monitor.repartition-inputs}, the detour of {@code monitor.reroute-misplaced}).
     */
    public static final int STAGED_COMMIT_INTERVAL_MS = 1_000;
    /** The producers' {@code transaction.timeout.ms} unless set: 3 commit intervals, at least this. */
    static final int MIN_TRANSACTION_TIMEOUT_MS = 30_000;

    private MonitorTopology() {
    }

    /** Streams properties of the monitor: the common ones plus {@link MonitorExceptionHandler}. */
    public static Properties streamsProperties(MonitorConfig config) {
        Properties p = StreamsProperties.of(config, APP);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, MonitorExceptionHandler.class.getName());
        // Why each default below differs from Kafka's, with the figures it moved: docs/benchmarks.md (the settings
        // table of "Monitor vs passthrough"). Explicit settings win over all of them.
        // Kafka Streams merges a task's inputs in event-time order as long as it knows data is on the broker (any
        // max.task.idle.ms >= 0, so at start-up, after a restart and in a replay too); max.task.idle.ms is how long
        // it also waits for an input that is caught up. Behind the repartition topics of monitor.repartition-inputs,
        // which the upstream tasks fill later than the other input, that is the usual case, so 2 s there (with 0 the
        // actuals can run ahead of their predictions). Reading the inputs directly, Kafka's 0: a quiet input does not
        // hold the other one back (2 s of trigger latency, and 2 s at the end of every replay).
        p.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, config.repartitionInputs() ? 2000L : 0L);
        // Every matched pair updates a few store entries of its series, which reach RocksDB and the changelogs once
        // per commit. A day of input touches each series about once, so only a commit interval that spans several
        // days of a backlog lets a series' entries be written once for several pairs: at 100,000 series a 1 s
        // interval wrote each entry for every pair. A caught-up monitor does not wait for it: QuietCommit commits
        // as soon as a stream thread goes quiet.
        // With a stage before matching (the repartitioned inputs, the detour of misplaced records), matching reads
        // what that stage wrote only after a commit, and only matching and the window stage commit when quiet: 1 s.
        if (!config.originals().containsKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)) {
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.repartitionInputs() || config.rerouteMisplaced()
                ? STAGED_COMMIT_INTERVAL_MS : DEFAULT_COMMIT_INTERVAL_MS);
        }
        // A transaction lasts the interval plus the commit's own writes (seconds at 100,000 series per instance), and
        // the broker aborts one that outlives transaction.timeout.ms (Kafka Streams' 10 s under exactly-once).
        String transactionTimeout = StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        if (!p.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG) && !p.containsKey(transactionTimeout)) {
            long interval = Long.parseLong(String.valueOf(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)));
            long timeout = Math.max(MIN_TRANSACTION_TIMEOUT_MS, 3 * interval);
            p.put(transactionTimeout, (int) Math.min(Integer.MAX_VALUE, timeout));
        }
        p.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        // The long interval is for busy threads; once input pauses, QuietCommit commits at once. Its check runs in
        // the thread's loop, which an idle thread enters every poll.ms: 20 ms rather than 100 ms, so a quiet thread
        // is noticed within a few tens of ms and its triggers are not held back to the next interval.
        p.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, 20L);
        // The main consumer also reads monitor-partials, which this app writes in transactions: its stable offset only
        // moves at a commit. A fetch that holds only such partitions (the input partitions have data buffered) waits
        // fetch.max.wait.ms (500 ms) on the broker, and while it waits the consumer cannot fetch the inputs that run
        // dry meanwhile. 10 ms bounds that stall.
        p.putIfAbsent(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 10);
        // The restore consumer brings the tasks' changelogs up to date at start-up and after a rebalance one fetch at
        // a time; on caught-up (or empty) changelogs each fetch waits fetch.max.wait.ms (500 ms) on the broker.
        // 100 ms: at most 10 fetches/s from a restore consumer that keeps standbys up to date.
        p.putIfAbsent(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 100);
        // The producer asks for a topic's metadata on its first send there, and waits retry.backoff.ms (100 ms) after
        // its previous metadata update before asking: the first writes to the changelogs, which start one after the
        // other as the first windows fill, would block the stream thread that often. 10 ms; failed requests still
        // back off exponentially up to retry.backoff.max.ms (1 s).
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        return p;
    }

    /**
     * The monitor's topology; idle matching partitions are recognised by their offsets on the cluster ({@link
     * IdleProbe}).
     */
    public static Topology build(MonitorConfig config) {
        String group = streamsProperties(config).getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        Topics topics = Topics.from(config);
        List<String> matchInputs = config.repartitionInputs()
                ? List.of(
                        group + "-" + PREDICTIONS_BY_SERIES + "-repartition",
                        group + "-" + ACTUALS_BY_SERIES + "-repartition")
                : List.of(topics.predictions.name(), topics.actuals.name());
        return build(config, IdleProbe.offsets(config.kafkaClientProperties(), group, matchInputs));
    }

    static Topology build(MonitorConfig config, IdleProbe idleProbe) {
        return build(config, idleProbe, true);
    }

    /**
     * The same topology for a replay on Kafka Streams' {@code TopologyTestDriver} (one task, no cluster): the same
     * processors, stores and settings, but every store kept in memory without a changelog, since a replay's state is
     * thrown away at its end (the driver commits after every record, and RocksDB flushes and changelog records cost a
     * replay most of its time). No cluster is asked whether a matching partition is idle: a driver is never idle.
     */
    public static Topology buildForReplay(MonitorConfig config) {
        return build(config, IdleProbe.ASSUME_IDLE, false);
    }

    /** @param durable stores in RocksDB with changelogs (the app), else in memory without changelogs (a replay) */
    static Topology build(MonitorConfig config, IdleProbe idleProbe, boolean durable) {
        Topics topics = Topics.from(config);
        int partitions = config.inputPartitions();
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder, config, topics, durable);

        KStream<String, Prediction> predictions =
                input(builder, config, topics.predictions, "predictions", predictionTime(), partitions);
        KStream<String, Actual> actuals = input(builder, config, topics.actuals, "actuals", actualTime(), partitions);
        if (config.repartitionInputs()) {
            predictions = predictions
                    .selectKey((k, v) -> v.getSeriesId(), Named.as("monitor-predictions-key-by-series"))
                    .repartition(Repartitioned.with(Serdes.String(), topics.predictions.valueSerde())
                            .withName(PREDICTIONS_BY_SERIES));
            actuals = actuals.selectKey((k, v) -> v.getSeriesId(), Named.as("monitor-actuals-key-by-series"))
                    .repartition(Repartitioned.with(Serdes.String(), topics.actuals.valueSerde())
                            .withName(ACTUALS_BY_SERIES));
        }
        // widened by a cast, not a mapValues node per stream: the records are the same objects, one node less per event
        KStream<String, Object> inputs = asObjects(predictions).merge(asObjects(actuals), Named.as("monitor-inputs"));
        if (config.rerouteMisplaced()) {
            inputs = Reroute.wire(inputs, new Reroute.Spec(APP, REROUTE, partitions, MonitorTopology::seriesOf,
                List.of(new Reroute.Type<>(Prediction.class, topics.predictions.valueSerde()),
                    new Reroute.Type<>(Actual.class, topics.actuals.valueSerde())),
                Math.max(1, Math.min(config.bucketSize().toMillis(), Duration.ofHours(1).toMillis())), idleProbe,
                StoreNames.MONITOR_REROUTE_PROGRESS));
        }

        KStream<String, Object> matched = inputs
            .process(() -> new MatchProcessor(config, idleProbe), Named.as("monitor-match"), matchStores(config));

        matched.split(Named.as("monitor-match-out-"))
                .branch(
                        (k, v) -> v instanceof Anomaly,
                        Branched.withConsumer(
                                s -> s.mapValues(v -> (Anomaly) v, Named.as("monitor-as-anomaly"))
                                        .to(
                                                topics.anomalies.name(),
                                                Produced.with(
                                                                topics.anomalies.keySerde(),
                                                                topics.anomalies.valueSerde())
                                                        .withName("monitor-anomalies-sink")),
                                "anomalies"))
                .defaultBranch(Branched.withConsumer(
                        s -> s.mapValues(v -> (StageReport) v, Named.as("monitor-as-flow"))
                                .repartition(Repartitioned.with(Serdes.String(), StageReport.serde())
                                        .withName(PARTIALS)
                                        .withStreamPartitioner(new StageReportPartitioner()))
                                .process(
                                        () -> new WindowProcessor(config, partitions),
                                        Named.as("monitor-windows"),
                                        StoreNames.MONITOR_ERROR_BUCKETS,
                                        StoreNames.MONITOR_DRIFT_RESULTS,
                                        StoreNames.MONITOR_EVAL_STATE,
                                        StoreNames.MONITOR_WATERMARKS)
                                .split(Named.as("monitor-windows-out-"))
                                .branch((k, v) -> v instanceof MonitorEvaluation, Branched.withConsumer(
                                        e -> e.mapValues(v -> (MonitorEvaluation) v, Named.as("monitor-as-evaluation"))
                                                .to(topics.monitorEvaluations.name(), Produced.with(
                                                                topics.monitorEvaluations.keySerde(),
                                                                topics.monitorEvaluations.valueSerde())
                                                        .withName("monitor-evaluations-sink")),
                                        "evaluations"))
                                .defaultBranch(Branched.withConsumer(
                                        tr -> tr.mapValues(v -> (DriftTrigger) v, Named.as("monitor-as-trigger"))
                                                .to(topics.driftTriggers.name(), Produced.with(
                                                                topics.driftTriggers.keySerde(),
                                                                topics.driftTriggers.valueSerde())
                                                        .withName("monitor-triggers-sink")),
                                        "triggers")),
                        "partials"));
        builder.stream(
                        topics.metricObservations.name(),
                        Consumed.with(topics.metricObservations.keySerde(), topics.metricObservations.valueSerde())
                                .withTimestampExtractor(metricTime())
                                .withName("monitor-metrics-source"))
                .process(
                        () -> new MetricRuleProcessor(config),
                        Named.as("monitor-metric-rules"),
                        StoreNames.MONITOR_METRIC_BUCKETS,
                        StoreNames.MONITOR_METRIC_EVAL)
                .to(
                        topics.driftTriggers.name(),
                        Produced.with(topics.driftTriggers.keySerde(), topics.driftTriggers.valueSerde())
                                .withName("monitor-metric-triggers-sink"));
        return builder.build();
    }

    /** The timestamp of a prediction for Streams: its issued_at (a replay orders the inputs by the same times). */
    public static EventTimeExtractor<Prediction> predictionTime() {
        return new EventTimeExtractor<>(Prediction.class, Prediction::getIssuedAt, InputCheck.FUTURE_TOLERANCE);
    }

    /** The timestamp of an actual for Streams: its event_time. */
    public static EventTimeExtractor<Actual> actualTime() {
        return new EventTimeExtractor<>(Actual.class, Actual::getEventTime, InputCheck.FUTURE_TOLERANCE);
    }

    /** The timestamp of a metric observation for Streams: its event_time. */
    public static EventTimeExtractor<MetricObservation> metricTime() {
        return new EventTimeExtractor<>(
                MetricObservation.class, MetricObservation::getEventTime, MetricRuleProcessor.FUTURE_TOLERANCE);
    }

    private static String[] matchStores(MonitorConfig config) {
        List<String> stores = new ArrayList<>(List.of(StoreNames.MONITOR_MATCH_ENTRIES,
            StoreNames.MONITOR_MATCH_PROGRESS, StoreNames.MONITOR_ERROR_DELTAS, StoreNames.MONITOR_SERIES_DRIFT));
        if (config.rerouteMisplaced()) {
            stores.add(StoreNames.MONITOR_REROUTE_PROGRESS);
        }
        return stores.toArray(String[]::new);
    }

    private static String seriesOf(Object value) {
        return value instanceof Prediction p ? p.getSeriesId() : ((Actual) value).getSeriesId();
    }

    @SuppressWarnings("unchecked")
    private static KStream<String, Object> asObjects(KStream<String, ?> stream) {
        return (KStream<String, Object>) stream;
    }

    private static <V> KStream<String, V> input(
            StreamsBuilder builder,
            MonitorConfig config,
            Topic<String, V> topic,
            String name,
            TimestampExtractor extractor,
            int partitions) {
        return builder.stream(
                        topic.name(),
                        Consumed.with(topic.keySerde(), topic.valueSerde())
                                .withTimestampExtractor(extractor)
                                .withName("monitor-" + name + "-source"))
                .processValues(
                        () -> new InputCheck<>(partitions, !config.repartitionInputs() && !config.rerouteMisplaced()
                            && !config.awaitsMisplaced(), !config.repartitionInputs(), config.awaitsMisplaced()),
                        Named.as("monitor-check-" + name));
    }

    private static void addStores(StreamsBuilder builder, MonitorConfig config, Topics topics, boolean durable) {
        stores(config, durable).forEach(builder::addStateStore);
        addGlobal(builder, StoreNames.MONITOR_MODEL_CONFIGS, topics.modelConfigs, GlobalInputs::checkModelConfig,
            durable);
        addGlobal(builder, StoreNames.MONITOR_SETTINGS, topics.monitorSettings, GlobalInputs::checkMonitorSettings,
            durable);
    }

    /** The stores of the monitor's processors (the global stores aside), in the order they are added. */
    static List<StoreBuilder<?>> stores(MonitorConfig config) {
        return stores(config, true);
    }

    private static List<StoreBuilder<?>> stores(MonitorConfig config, boolean durable) {
        List<StoreBuilder<?>> stores = new ArrayList<>();
        // the matching task's stores: touched once or more per event, kept decoded in memory (WriteBackStore)
        int cached = config.cacheMaxEntries();
        stores.add(WriteBackStore.builder(supplier(StoreNames.MONITOR_MATCH_ENTRIES, durable),
            codec(SeriesMatches::toBytes, SeriesMatches::fromBytes), cached));
        stores.add(WriteBackStore.builder(supplier(StoreNames.MONITOR_ERROR_DELTAS, durable),
            codec(StageReport::encode, b -> (StageReport.Delta) StageReport.decode(b)), cached));
        stores.add(WriteBackStore.builder(
                supplier(StoreNames.MONITOR_SERIES_DRIFT, durable),
                codec(SeriesSamples::toBytes, b -> SeriesSamples.fromBytes(b, config.ksExactMax(), config.ksSketchK())),
                cached));
        for (String name : new String[] {StoreNames.MONITOR_ERROR_BUCKETS, StoreNames.MONITOR_METRIC_BUCKETS}) {
            stores.add(bytesStore(supplier(name, durable)));
        }
        // Bookkeeping of a few entries per task (per model:horizon, per input partition, two keys): in memory, restored
        // from their changelogs like the others. A RocksDB instance each cost its opening at every start (4 of the 11
        // stores of a partition) and a memtable flush at every commit they were written in.
        stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.MONITOR_EVAL_STATE),
            Serdes.String(), Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(Changelogs.CONFIG));
        stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.MONITOR_MATCH_PROGRESS),
            Serdes.String(), Serdes.Long()).withCachingEnabled().withLoggingEnabled(Changelogs.CONFIG));
        stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.MONITOR_WATERMARKS),
            Serdes.Integer(), Serdes.Long()).withCachingEnabled().withLoggingEnabled(Changelogs.CONFIG));
        stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.MONITOR_METRIC_EVAL),
            Serdes.String(), Serdes.Long()).withCachingEnabled().withLoggingEnabled(Changelogs.CONFIG));
        // Drift results live from their partition's boundary to the evaluation of their window end (a few per series
        // tested and flaggable, p <= monitor.fdr.q): many short-lived entries, put, read once and deleted.
        stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.MONITOR_DRIFT_RESULTS),
            Serdes.String(), Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(Changelogs.CONFIG));
        if (config.rerouteMisplaced()) {
            stores.add(Reroute.progressStore(StoreNames.MONITOR_REROUTE_PROGRESS));
        }
        if (!durable) {
            // and no record cache in front of the in-memory stores: with the driver's commit after every record it
            // is copied through once per record and saves nothing
            stores.forEach(b -> b.withLoggingDisabled().withCachingDisabled());
        }
        return stores;
    }

    private static KeyValueBytesStoreSupplier supplier(String name, boolean durable) {
        return durable ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    private static <V> WriteBackStore.Codec<V> codec(Function<V, byte[]> encode,
                                                     Function<byte[], V> decode) {
        return new WriteBackStore.Codec<>() {
            @Override
            public byte[] encode(V value) {
                return encode.apply(value);
            }

            @Override
            public V decode(byte[] bytes) {
                return decode.apply(bytes);
            }
        };
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> bytesStore(KeyValueBytesStoreSupplier supplier) {
        // Processor API stores have no record cache unless asked: with it, the many updates of one key between
        // two commits (a series' samples, a bucket's partial, a match entry) reach RocksDB and the changelog once
        return Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled().withLoggingEnabled(Changelogs.CONFIG);
    }

    /** A global store filled by {@link CheckedGlobalPut}: bad records are skipped and reported, never stored. */
    private static <V> void addGlobal(StreamsBuilder builder, String store, Topic<String, V> topic,
            CheckedGlobalPut.Check<V> check, boolean durable) {
        Serde<V> serde = topic.valueSerde();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(supplier(store, durable), Serdes.String(), serde)
                        .withLoggingDisabled(),
                topic.name(),
                Consumed.with(topic.keySerde(), serde).withName("monitor-global-" + topic.logicalName()),
                () -> CheckedGlobalPut.plain(store, check));
    }
}
