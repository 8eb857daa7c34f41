package io.driftwatch.ingest;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.config.IngestConfig;
import io.driftwatch.kafka.EventTimeExtractor;
import io.driftwatch.topics.StoreNames;
import io.driftwatch.topics.Topics;

/**
 * Ingest: {@code sales-events} to daily totals and {@code rate-events} to daily closes, both written
 * to {@code actuals} keyed by series id with event time = bucket start.
 *
 * <pre>
 * sales-events -> check contract -> key by series_id -> repartition -> drop redelivered sale ids
 *              -> bucket sum (gap days = 0) -> actuals
 * rate-events  -> check contract -> key by series_id -> repartition -> bucket close -> actuals
 * </pre>
 *
 * Events are re-keyed and repartitioned by series id, so results are right whatever key and
 * partitioner the producer used (librdkafka clients hash keys with crc32, Java with murmur2).
 */
public final class IngestTopology {

    private IngestTopology() {
    }

    public static Topology build(IngestConfig config) {
        Topics topics = Topics.from(config);
        Bucketing bucketing = new Bucketing(config.bucketSize(), config.timeZone());
        Duration grace = config.grace();
        long tolerance = config.futureTolerance().toMillis();
        StreamsBuilder builder = new StreamsBuilder();

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.INGEST_SALES_BUCKETS),
            Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.INGEST_RATE_BUCKETS),
            Serdes.String(), Serdes.ByteArray()));
        Duration dedupeRetention = Duration.ofMillis(bucketing.sizeMs()).plus(grace).plusHours(1);
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(StoreNames.INGEST_SALE_IDS,
            dedupeRetention, Duration.ofMillis(1), false), Serdes.String(), Serdes.Long()));

        builder.stream(topics.salesEvents.name(), Consumed.with(topics.salesEvents.keySerde(), topics.salesEvents.valueSerde())
                .withTimestampExtractor(new EventTimeExtractor<>(SaleEvent.class, SaleEvent::getEventTime, config.futureTolerance()))
                .withName("sales-source"))
            .processValues(() -> new ContractCheck<>(IngestContracts::checkSale, tolerance), Named.as("sales-check-contract"))
            .selectKey((key, sale) -> sale.getSeriesId(), Named.as("sales-key-by-series"))
            .repartition(Repartitioned.with(Serdes.String(), topics.salesEvents.valueSerde()).withName("sales-by-series"))
            .processValues(() -> new SaleDedupe(StoreNames.INGEST_SALE_IDS), Named.as("sales-dedupe"), StoreNames.INGEST_SALE_IDS)
            .process(() -> new BucketProcessor<>(BucketRule.SALES_TOTAL, bucketing, grace, config.maxGapFill(),
                StoreNames.INGEST_SALES_BUCKETS), Named.as("sales-bucket-total"), StoreNames.INGEST_SALES_BUCKETS)
            .to(topics.actuals.name(), Produced.with(topics.actuals.keySerde(), topics.actuals.valueSerde()).withName("sales-actuals-sink"));

        builder.stream(topics.rateEvents.name(), Consumed.with(topics.rateEvents.keySerde(), topics.rateEvents.valueSerde())
                .withTimestampExtractor(new EventTimeExtractor<>(RateEvent.class, RateEvent::getEventTime, config.futureTolerance()))
                .withName("rates-source"))
            .processValues(() -> new ContractCheck<>(IngestContracts::checkRate, tolerance), Named.as("rates-check-contract"))
            .selectKey((key, rate) -> rate.getSeriesId(), Named.as("rates-key-by-series"))
            .repartition(Repartitioned.with(Serdes.String(), topics.rateEvents.valueSerde()).withName("rates-by-series"))
            .process(() -> new BucketProcessor<>(BucketRule.RATE_CLOSE, bucketing, grace, 0, StoreNames.INGEST_RATE_BUCKETS),
                Named.as("rates-bucket-close"), StoreNames.INGEST_RATE_BUCKETS)
            .to(topics.actuals.name(), Produced.with(topics.actuals.keySerde(), topics.actuals.valueSerde()).withName("rates-actuals-sink"));

        return builder.build();
    }
}
