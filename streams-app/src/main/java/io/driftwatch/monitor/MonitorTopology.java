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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.MetricObservation;
import io.driftwatch.avro.Prediction;
import io.driftwatch.kafka.Changelogs;
import io.driftwatch.kafka.EventTimeExtractor;
import io.driftwatch.kafka.WriteBackStore;
import io.driftwatch.stats.RobustZ;
import io.driftwatch.kafka.StreamsProperties;
import io.driftwatch.topics.StoreNames;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.Topics;

/**
 * The monitor: predictions meet actuals, error and drift windows per model:horizon, triggers.
 *
 * <pre>
 * predictions ─ check ┐
 * actuals ───── check ┴─> match + per-series stats (key series)
 *                           [entries, progress, deltas, series drift, residuals]
 *                             ├─> anomalies (key series)
 *                             └─> monitor-partials (repartition: deltas, drift results, watermarks)
 *                                   └─> windows (key model:horizon) [buckets, drift results, eval, watermarks]
 *                                         └─> drift-triggers
 * global: model-configs, monitor-settings
 * </pre>
 *
 * With {@code monitor.repartition-inputs} both inputs are re-keyed by series_id and repartitioned
 * before matching; otherwise each record's partition is checked against murmur2 (fail fast).
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

    private MonitorTopology() {
    }

    /** Streams properties of the monitor: the common ones plus {@link MonitorExceptionHandler}. */
    public static Properties streamsProperties(MonitorConfig config) {
        Properties p = StreamsProperties.of(config, APP);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, MonitorExceptionHandler.class.getName());
        // Kafka Streams merges a task's inputs in event-time order as long as it knows data is on the broker
        // (any max.task.idle.ms >= 0, so at start-up, after a restart and in a replay too); max.task.idle.ms is
        // how long it also waits for an input that is caught up. Behind the repartition topics of
        // monitor.repartition-inputs, which the upstream tasks fill later than the other input, that is the usual
        // case: 2 s there (with 0, MonitorIT.withRepartitionInputs... saw actuals run ahead and the prediction
        // arrive late). Reading the inputs directly, Kafka's 0: a quiet input does not hold the other one back
        // (2 s of trigger latency, and 2 s at the end of every replay).
        p.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, config.repartitionInputs() ? 2000L : 0L);
        // Every matched pair updates a few small store entries; a longer commit interval and a larger cache let
        // Streams coalesce those updates per key before they reach RocksDB and the changelogs. Triggers wait for
        // bucket grace anyway, so a second of extra latency does not matter. Explicit settings win.
        if (!config.originals().containsKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)) {
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        }
        p.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        // The long interval is for busy threads; once input pauses, QuietCommit commits at once. Its check runs in
        // the thread's loop, which an idle thread enters every poll.ms: 20 ms rather than 100 ms (benchmark, live
        // phase: trigger latency p50 ~900 ms -> 230-300 ms).
        p.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, 20L);
        // The main consumer also reads monitor-partials, which this app writes in transactions: its stable offset only
        // moves at a commit. A fetch that holds only such partitions (the input partitions have data buffered) waits
        // fetch.max.wait.ms (500 ms) on the broker, and while it waits the consumer cannot fetch the inputs that run
        // dry
        // meanwhile: the stream threads sat in poll 40% of a bulk replay. 10 ms bounds that stall.
        p.putIfAbsent(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 10);
        // The restore consumer brings the tasks' 11 changelogs up to date at start-up and after a rebalance in rounds
        // of one fetch; on caught-up (or empty) changelogs each round waited fetch.max.wait.ms (500 ms) on the broker:
        // ~1 s of every start. 100 ms: at most 10 fetches/s from a restore consumer that keeps standbys up to date.
        p.putIfAbsent(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 100);
        // The producer asks for a topic's metadata on its first send there, and waits retry.backoff.ms (100 ms) after
        // its
        // previous metadata update before asking: the first writes to the 11 changelogs, which start one after the
        // other
        // as the first windows fill, blocked the stream threads for a few hundred ms in all (JFR: waitOnMetadata from
        // logChange). 10 ms; failed requests still back off exponentially up to retry.backoff.max.ms (1 s).
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
        Topics topics = Topics.from(config);
        int partitions = config.inputPartitions();
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder, config, topics);

        KStream<String, Prediction> predictions = input(builder, config, topics.predictions, "predictions",
            new EventTimeExtractor<>(Prediction.class, Prediction::getIssuedAt, Duration.ofDays(1)), partitions);
        KStream<String, Actual> actuals = input(builder, config, topics.actuals, "actuals",
            new EventTimeExtractor<>(Actual.class, Actual::getEventTime, Duration.ofDays(1)), partitions);
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

        KStream<String, Object> matched = inputs
            .process(() -> new MatchProcessor(config, idleProbe), Named.as("monitor-match"),
                StoreNames.MONITOR_MATCH_ENTRIES, StoreNames.MONITOR_MATCH_PROGRESS,
                StoreNames.MONITOR_ERROR_DELTAS, StoreNames.MONITOR_SERIES_DRIFT, StoreNames.MONITOR_SERIES_RESIDUALS);

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
                                .to(
                                        topics.driftTriggers.name(),
                                        Produced.with(
                                                        topics.driftTriggers.keySerde(),
                                                        topics.driftTriggers.valueSerde())
                                                .withName("monitor-triggers-sink")),
                        "partials"));
        builder.stream(
                        topics.metricObservations.name(),
                        Consumed.with(topics.metricObservations.keySerde(), topics.metricObservations.valueSerde())
                                .withTimestampExtractor(new EventTimeExtractor<>(
                                        MetricObservation.class, MetricObservation::getEventTime, Duration.ofDays(1)))
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

    @SuppressWarnings("unchecked")
    private static KStream<String, Object> asObjects(KStream<String, ?> stream) {
        return (KStream<String, Object>) stream;
    }

    private static <V> KStream<String, V> input(
            StreamsBuilder builder,
            MonitorConfig config,
            Topic<String, V> topic,
            String name,
            EventTimeExtractor<V> extractor,
            int partitions) {
        return builder.stream(
                        topic.name(),
                        Consumed.with(topic.keySerde(), topic.valueSerde())
                                .withTimestampExtractor(extractor)
                                .withName("monitor-" + name + "-source"))
                .processValues(
                        () -> new InputCheck<>(partitions, !config.repartitionInputs()),
                        Named.as("monitor-check-" + name));
    }

    private static void addStores(StreamsBuilder builder, MonitorConfig config, Topics topics) {
        stores(config).forEach(builder::addStateStore);
        addGlobal(builder, StoreNames.MONITOR_MODEL_CONFIGS, topics.modelConfigs);
        addGlobal(builder, StoreNames.MONITOR_SETTINGS, topics.monitorSettings);
    }

    /** The stores of the monitor's processors (the global stores aside), in the order they are added. */
    static List<StoreBuilder<?>> stores(MonitorConfig config) {
        List<StoreBuilder<?>> stores = new ArrayList<>();
        // the matching task's stores: touched once or more per event, kept decoded in memory (WriteBackStore)
        int cached = config.cacheMaxEntries();
        stores.add(WriteBackStore.builder(StoreNames.MONITOR_MATCH_ENTRIES,
            codec(MatchEntry::toBytes, MatchEntry::fromBytes), cached));
        stores.add(WriteBackStore.builder(StoreNames.MONITOR_ERROR_DELTAS,
            codec(StageReport::encode, b -> (StageReport.Delta) StageReport.decode(b)), cached));
        stores.add(WriteBackStore.builder(
                StoreNames.MONITOR_SERIES_DRIFT,
                codec(SeriesSamples::toBytes, b -> SeriesSamples.fromBytes(b, config.ksExactMax(), config.ksSketchK())),
                cached));
        stores.add(WriteBackStore.builder(StoreNames.MONITOR_SERIES_RESIDUALS,
            codec(RobustZ::toBytes, RobustZ::fromBytes), cached));
        for (String name : new String[] {StoreNames.MONITOR_ERROR_BUCKETS, StoreNames.MONITOR_METRIC_BUCKETS}) {
            stores.add(bytesStore(name));
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
        return stores;
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

    private static StoreBuilder<KeyValueStore<String, byte[]>> bytesStore(String name) {
        // Processor API stores have no record cache unless asked: with it, the many updates of one key between
        // two commits (a series' samples, a bucket's partial, a match entry) reach RocksDB and the changelog once
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled().withLoggingEnabled(Changelogs.CONFIG);
    }

    private static <V> void addGlobal(StreamsBuilder builder, String store, Topic<String, V> topic) {
        Serde<V> serde = topic.valueSerde();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(), serde)
                        .withLoggingDisabled(),
                topic.name(),
                Consumed.with(topic.keySerde(), serde).withName("monitor-global-" + topic.logicalName()),
                () -> new GlobalPut<V>(store));
    }
}
