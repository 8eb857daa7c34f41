package io.driftwatch.topics;

/** Names of every state store, in one place. Stores are attached to processors by these names. */
public final class StoreNames {

    private StoreNames() {
    }

    /** Ingest: open daily buckets of sales per series ({@code SeriesBuckets}); one entry per series. */
    public static final String INGEST_SALES_BUCKETS = "ingest-sales-buckets";
    /** Ingest: open daily buckets of rate ticks per series; one entry per series. */
    public static final String INGEST_RATE_BUCKETS = "ingest-rate-buckets";
    /** Ingest: sale ids of the open buckets ({@code series|bucket_start|sale_id}), deleted when their bucket is emitted. */
    public static final String INGEST_SALE_IDS = "ingest-sale-ids";
    /** Forecaster: recent history per series ({@code SeriesHistory}), at most forecaster.history.max-points points each. */
    public static final String FORECASTER_HISTORY = "forecaster-history";
    /** Forecaster: global store of the promoted config per model:horizon, a copy of the compacted model-configs topic. */
    public static final String FORECASTER_MODEL_CONFIGS = "forecaster-model-configs";
}
