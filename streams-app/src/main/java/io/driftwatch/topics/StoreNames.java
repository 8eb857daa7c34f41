package io.driftwatch.topics;

/** Names of every state store, in one place. Stores are attached to processors by these names. */
public final class StoreNames {

    private StoreNames() {
    }

    /** Ingest: open daily buckets of sales per series ({@code SeriesBuckets}); one entry per series. */
    public static final String INGEST_SALES_BUCKETS = "ingest-sales-buckets";
    /** Ingest: open daily buckets of rate ticks per series; one entry per series. */
    public static final String INGEST_RATE_BUCKETS = "ingest-rate-buckets";
    /** Ingest: sale ids seen within bucket + grace, to drop redelivered sales; expires by retention. */
    public static final String INGEST_SALE_IDS = "ingest-sale-ids";
}
