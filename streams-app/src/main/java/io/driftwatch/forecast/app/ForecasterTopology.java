package io.driftwatch.forecast.app;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.kafka.Changelogs;
import io.driftwatch.kafka.EventTimeExtractor;
import io.driftwatch.topics.StoreNames;
import io.driftwatch.topics.Topics;

/**
 * Forecaster: {@code actuals} to {@code predictions}, one per configured horizon on each new
 * actual, with the promoted config of each model:horizon.
 *
 * <pre>
 * model-configs (compacted) -> global store forecaster-model-configs (key model_id:horizon)
 * actuals -> check contract -> history per series (forecaster-history) -> fit + forecast -> predictions
 * </pre>
 *
 * <p>The configs are a global table: every instance holds all of them (a few per model, tiny), a
 * new version is visible to the next actual processed after the global thread reads it, and no
 * restart or repartition is needed. The global table is filled straight from the topic, with no
 * filtering or re-keying, so its restore equals its processing. Actuals are processed in place
 * (key = series id, checked): predictions leave keyed by series id with Kafka's default
 * partitioner, co-partitioned with actuals for the monitor.
 */
public final class ForecasterTopology {

    /** Timestamps only order the input here (no windows); this only guards against absurd event times. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(366);

    private ForecasterTopology() {
    }

    public static Topology build(ForecasterConfig config) {
        Topics topics = Topics.from(config);
        StreamsBuilder builder = new StreamsBuilder();

        builder.globalTable(
                topics.modelConfigs.name(),
                Consumed.with(topics.modelConfigs.keySerde(), topics.modelConfigs.valueSerde())
                        .withName("model-configs-source"),
                Materialized.<String, ModelConfig, KeyValueStore<Bytes, byte[]>>as(StoreNames.FORECASTER_MODEL_CONFIGS)
                        .withKeySerde(topics.modelConfigs.keySerde())
                        .withValueSerde(topics.modelConfigs.valueSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.FORECASTER_HISTORY),
            Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(Changelogs.CONFIG));

        builder.stream(
                        topics.actuals.name(),
                        Consumed.with(topics.actuals.keySerde(), topics.actuals.valueSerde())
                                .withTimestampExtractor(
                                        new EventTimeExtractor<>(Actual.class, Actual::getEventTime, FUTURE_TOLERANCE))
                                .withName("actuals-source"))
                .process(
                        () -> new ForecastProcessor(
                                config, StoreNames.FORECASTER_HISTORY, StoreNames.FORECASTER_MODEL_CONFIGS),
                        Named.as("forecast"),
                        StoreNames.FORECASTER_HISTORY)
                .to(
                        topics.predictions.name(),
                        Produced.with(topics.predictions.keySerde(), topics.predictions.valueSerde())
                                .withName("predictions-sink"));
        return builder.build();
    }
}
