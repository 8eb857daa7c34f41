package io.driftwatch.ingest;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.kafka.Changelogs;
import io.driftwatch.kafka.EventTimeExtractor;
import io.driftwatch.topics.StoreNames;
import io.driftwatch.topics.Topics;

/**
 * Ingest: {@code sales-events} to daily totals and {@code rate-events} to daily closes, both written
 * to {@code actuals} keyed by series id with event time = bucket start.
 *
 * <pre>
 * sales-events -> check contract (key = series_id) -> bucket sum, each sale_id once (gap days = 0) -> actuals
 * rate-events  -> check contract (key = series_id) -> bucket close -> actuals
 * </pre>
 *
 * <p>No repartition: the record key must be the series id and the record must sit in the partition
 * Kafka's default (murmur2) partitioner gives it (both checked; other records go to dead-letters
 * with a message saying how to fix the producer), so every event of a series is in one partition
 * and the aggregation per series is complete within one task. Repartitioning would also mix several input partitions
 * into one task and judge lateness
 * against the fastest of them, rejecting good events of a replay. As in Kafka Streams' windowed
 * aggregations, stream time (which closes buckets and judges lateness) is per input partition:
 * produce each partition in event-time order (backfills too). Actuals are written with Kafka's
 * default partitioner, so they are co-partitioned with anything else keyed by series id.
 */
public final class IngestTopology {

    private IngestTopology() {
    }

    public static Topology build(IngestConfig config) {
        Topics topics = Topics.from(config);
        Bucketing bucketing = new Bucketing(config.bucketSize(), config.timeZone());
        Duration grace = config.grace();
        long tolerance = config.futureTolerance().toMillis();
        int partitions = config.getInt(CommonConfig.TOPICS_PARTITIONS);
        StreamsBuilder builder = new StreamsBuilder();

        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.INGEST_SALES_BUCKETS),
                        Serdes.String(),
                        Serdes.ByteArray())
                .withLoggingEnabled(Changelogs.CONFIG));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.INGEST_RATE_BUCKETS),
                        Serdes.String(),
                        Serdes.ByteArray())
                .withLoggingEnabled(Changelogs.CONFIG));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.INGEST_SALE_IDS),
            Serdes.String(), Serdes.Long()).withLoggingEnabled(Changelogs.CONFIG));

        builder.stream(
                        topics.salesEvents.name(),
                        Consumed.with(topics.salesEvents.keySerde(), topics.salesEvents.valueSerde())
                                .withTimestampExtractor(new EventTimeExtractor<>(
                                        SaleEvent.class, SaleEvent::getEventTime, config.futureTolerance()))
                                .withName("sales-source"))
                .processValues(
                        () -> new ContractCheck<>(
                                topics.salesEvents.logicalName(),
                                IngestContracts::checkSale,
                                SaleEvent::getSeriesId,
                                tolerance,
                                partitions),
                        Named.as("sales-check-contract"))
                .process(
                        () -> new BucketProcessor<>(
                                BucketRule.SALES_TOTAL,
                                bucketing,
                                grace,
                                config.maxGapFill(),
                                StoreNames.INGEST_SALES_BUCKETS,
                                StoreNames.INGEST_SALE_IDS),
                        Named.as("sales-bucket-total"),
                        StoreNames.INGEST_SALES_BUCKETS,
                        StoreNames.INGEST_SALE_IDS)
                .to(
                        topics.actuals.name(),
                        Produced.with(topics.actuals.keySerde(), topics.actuals.valueSerde())
                                .withName("sales-actuals-sink"));

        builder.stream(
                        topics.rateEvents.name(),
                        Consumed.with(topics.rateEvents.keySerde(), topics.rateEvents.valueSerde())
                                .withTimestampExtractor(new EventTimeExtractor<>(
                                        RateEvent.class, RateEvent::getEventTime, config.futureTolerance()))
                                .withName("rates-source"))
                .processValues(
                        () -> new ContractCheck<>(
                                topics.rateEvents.logicalName(),
                                IngestContracts::checkRate,
                                RateEvent::getSeriesId,
                                tolerance,
                                partitions),
                        Named.as("rates-check-contract"))
                .process(
                        () -> new BucketProcessor<>(
                                BucketRule.RATE_CLOSE, bucketing, grace, 0, StoreNames.INGEST_RATE_BUCKETS, null),
                        Named.as("rates-bucket-close"),
                        StoreNames.INGEST_RATE_BUCKETS)
                .to(
                        topics.actuals.name(),
                        Produced.with(topics.actuals.keySerde(), topics.actuals.valueSerde())
                                .withName("rates-actuals-sink"));

        return builder.build();
    }
}
