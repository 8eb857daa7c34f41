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

    /** Monitor: one entry per (series, target_time) still within target + match grace: the actual and the waiting
     *  predictions of that target; removed by the expiry scan when stream time passes target + monitor.match.grace. */
    public static final String MONITOR_MATCH_ENTRIES = "monitor-match-entries";
    /** Monitor: expiry index, one empty entry per match entry keyed by its expiry time; deleted with the entry. */
    public static final String MONITOR_MATCH_EXPIRY = "monitor-match-expiry";
    /** Monitor: error buckets per model:horizon (and series) and bucket; evaluations delete buckets older than recent + baseline. */
    public static final String MONITOR_ERROR_BUCKETS = "monitor-error-buckets";
    /** Monitor: drift samples per model:horizon:series and bucket (raw up to ks.exact-max, then KLL); pruned like error buckets. */
    public static final String MONITOR_DRIFT_SAMPLES = "monitor-drift-samples";
    /** Monitor: evaluation bookkeeping, one constant-size entry per live model:horizon. */
    public static final String MONITOR_EVAL_STATE = "monitor-eval-state";
    /** Monitor: last watermark of each matching partition; one entry per input partition. */
    public static final String MONITOR_WATERMARKS = "monitor-watermarks";
    /** Monitor: last monitor.anomaly.window residuals per model:horizon:series (RobustZ ring). */
    public static final String MONITOR_RESIDUALS = "monitor-residuals";
    /** Monitor (global): the promoted config per model:horizon, a copy of the compacted model-configs topic. */
    public static final String MONITOR_MODEL_CONFIGS = "monitor-model-configs";
    /** Monitor (global): threshold overrides per tenant/model, a copy of the compacted monitor-settings topic. */
    public static final String MONITOR_SETTINGS = "monitor-settings-overrides";
    /** Monitor: metric-observation buckets (count, sum, last) per scope, metric, dimension and bucket; pruned to recent + baseline. */
    public static final String MONITOR_METRIC_BUCKETS = "monitor-metric-buckets";
    /** Monitor: metric-rule bookkeeping, one Long per scope (last unsuppressed RETRAIN) plus the partition's last round. */
    public static final String MONITOR_METRIC_EVAL = "monitor-metric-eval";
}
