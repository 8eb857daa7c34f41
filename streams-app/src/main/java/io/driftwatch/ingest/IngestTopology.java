package io.driftwatch.ingest;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.kafka.Changelogs;
import io.driftwatch.kafka.EventTimeExtractor;
import io.driftwatch.kafka.IdleProbe;
import io.driftwatch.kafka.Reroute;
import io.driftwatch.kafka.RerouteClock;
import io.driftwatch.topics.StoreNames;
import io.driftwatch.topics.Topics;

/**
 * Ingest: {@code sales-events} to daily totals and {@code rate-events} to daily closes, both written
 * to {@code actuals} keyed by series id with event time = bucket start.
 *
 * <pre>
 * sales-events -> check contract -> reroute -> bucket sum, each sale_id once (gap days = 0) -> actuals
 * rate-events  -> check contract -> reroute -> bucket close -> actuals
 * </pre>
 *
 * <p>Every event of a series must be summed in one task. An event keyed by its series id on the partition Kafka's
 * default (murmur2) partitioner gives it goes straight to its bucket; any other (a librdkafka producer's crc32
 * partitioning, no key, another key) takes a detour through this app's reroute topic to that partition
 * ({@link Reroute}; with {@code ingest.reroute-misplaced=false} it goes to dead-letters instead, with a message
 * saying how to fix the producer). As in Kafka Streams' windowed aggregations, time (which closes buckets and
 * judges lateness) is per input partition, held back while another partition may still re-route events here
 * ({@link RerouteClock}): produce each partition in event-time order (backfills too), and the totals equal those
 * of the same events produced with murmur2. Actuals are written with Kafka's default partitioner, so they are
 * co-partitioned with anything else keyed by series id.
 */
public final class IngestTopology {

    /** Application id suffix: application.id = prefix + "-ingest". */
    public static final String APP = "ingest";
    /** Internal topic of re-routed sales events: {@code <application.id>-ingest-sales-reroute-repartition}. */
    public static final String SALES_REROUTE = "ingest-sales-reroute";
    /** Internal topic of re-routed rate events: {@code <application.id>-ingest-rates-reroute-repartition}. */
    public static final String RATES_REROUTE = "ingest-rates-reroute";

    private IngestTopology() {
    }

    /** Ingest's topology; a partition is drained when the group's committed offsets reach its input's end. */
    public static Topology build(IngestConfig config) {
        String group = config.applicationId(APP);
        Topics topics = Topics.from(config);
        return build(config,
            IdleProbe.offsets(config.kafkaClientProperties(), group, List.of(topics.salesEvents.name())),
            IdleProbe.offsets(config.kafkaClientProperties(), group, List.of(topics.rateEvents.name())));
    }

    static Topology build(IngestConfig config, IdleProbe salesDrained, IdleProbe ratesDrained) {
        Topics topics = Topics.from(config);
        Bucketing bucketing = new Bucketing(config.bucketSize(), config.timeZone());
        Duration grace = config.grace();
        long tolerance = config.futureTolerance().toMillis();
        int partitions = config.getInt(CommonConfig.TOPICS_PARTITIONS);
        boolean reroute = config.rerouteMisplaced();
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
        if (reroute) {
            builder.addStateStore(Reroute.progressStore(StoreNames.INGEST_SALES_REROUTE_PROGRESS));
            builder.addStateStore(Reroute.progressStore(StoreNames.INGEST_RATES_REROUTE_PROGRESS));
        }
        long step = BucketProcessor.stepMs(bucketing);

        KStream<String, SaleEvent> sales = builder.stream(
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
                                partitions,
                                !reroute),
                        Named.as("sales-check-contract"));
        Reroute.Spec salesReroute = !reroute ? null : new Reroute.Spec(APP, SALES_REROUTE, partitions,
                v -> ((SaleEvent) v).getSeriesId(),
                List.of(new Reroute.Type<>(SaleEvent.class, topics.salesEvents.valueSerde())), step, salesDrained,
                StoreNames.INGEST_SALES_REROUTE_PROGRESS);
        placed(sales, salesReroute)
                .process(
                        () -> new BucketProcessor<>(
                                BucketRule.SALES_TOTAL,
                                bucketing,
                                grace,
                                config.maxGapFill(),
                                StoreNames.INGEST_SALES_BUCKETS,
                                StoreNames.INGEST_SALE_IDS,
                                salesReroute),
                        Named.as("sales-bucket-total"),
                        stores(StoreNames.INGEST_SALES_BUCKETS, StoreNames.INGEST_SALE_IDS,
                                progressStore(salesReroute)))
                .to(
                        topics.actuals.name(),
                        Produced.with(topics.actuals.keySerde(), topics.actuals.valueSerde())
                                .withName("sales-actuals-sink"));

        KStream<String, RateEvent> rates = builder.stream(
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
                                partitions,
                                !reroute),
                        Named.as("rates-check-contract"));
        Reroute.Spec ratesReroute = !reroute ? null : new Reroute.Spec(APP, RATES_REROUTE, partitions,
                v -> ((RateEvent) v).getSeriesId(),
                List.of(new Reroute.Type<>(RateEvent.class, topics.rateEvents.valueSerde())), step, ratesDrained,
                StoreNames.INGEST_RATES_REROUTE_PROGRESS);
        placed(rates, ratesReroute)
                .process(
                        () -> new BucketProcessor<>(
                                BucketRule.RATE_CLOSE, bucketing, grace, 0, StoreNames.INGEST_RATE_BUCKETS, null,
                                ratesReroute),
                        Named.as("rates-bucket-close"),
                        stores(StoreNames.INGEST_RATE_BUCKETS, null, progressStore(ratesReroute)))
                .to(
                        topics.actuals.name(),
                        Produced.with(topics.actuals.keySerde(), topics.actuals.valueSerde())
                                .withName("rates-actuals-sink"));

        return builder.build();
    }

    /**
     * The checked events, each on its series' murmur2 partition (re-routed when {@code spec} is given), as one stream
     * of objects.
     */
    @SuppressWarnings("unchecked")
    private static KStream<String, Object> placed(KStream<String, ?> checked, Reroute.Spec spec) {
        return spec != null ? Reroute.wire(checked, spec) : (KStream<String, Object>) checked;
    }

    private static String progressStore(Reroute.Spec spec) {
        return spec == null ? null : spec.progressStore();
    }

    private static String[] stores(String... names) {
        return Arrays.stream(names).filter(Objects::nonNull).toArray(String[]::new);
    }
}
