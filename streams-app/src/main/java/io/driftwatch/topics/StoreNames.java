package io.driftwatch.topics;

/** Names of every state store, in one place. Stores are attached to processors by these names. */
public final class StoreNames {

    private StoreNames() {
    }

    /** Ingest: open daily buckets of sales per series ({@code SeriesBuckets}); one entry per series. */
    public static final String INGEST_SALES_BUCKETS = "ingest-sales-buckets";
    /** Ingest: open daily buckets of rate ticks per series; one entry per series. */
    public static final String INGEST_RATE_BUCKETS = "ingest-rate-buckets";
    /**
     * Ingest: sale ids of the open buckets ({@code series|bucket_start|sale_id}), deleted when their bucket is emitted.
     */
    public static final String INGEST_SALE_IDS = "ingest-sale-ids";
    /** Ingest: the last progress mark of every other partition of sales-events (re-routing); one entry each. */
    public static final String INGEST_SALES_REROUTE_PROGRESS = "ingest-sales-reroute-progress";
    /** Ingest: the last progress mark of every other partition of rate-events (re-routing); one entry each. */
    public static final String INGEST_RATES_REROUTE_PROGRESS = "ingest-rates-reroute-progress";
    /**
     * Forecaster: recent history per series ({@code SeriesHistory}), at most forecaster.history.max-points points each.
     */
    public static final String FORECASTER_HISTORY = "forecaster-history";
    /**
     * Forecaster: global store of the promoted config per model:horizon, a copy of the compacted model-configs topic.
     */
    public static final String FORECASTER_MODEL_CONFIGS = "forecaster-model-configs";

    /** Monitor: one entry per (target_time, series) still within target + match grace: the actual and the waiting
     *  predictions of that target; keyed target first, removed by a range scan when stream time passes target +
     *  monitor.match.grace. */
    public static final String MONITOR_MATCH_ENTRIES = "monitor-match-entries";
    /** Monitor (matching stage): the last progress mark of every other input partition (re-routing); one entry each. */
    public static final String MONITOR_REROUTE_PROGRESS = "monitor-reroute-progress";
    /** Monitor (matching stage): the last bucket boundary this matching partition has closed; one entry per task. */
    public static final String MONITOR_MATCH_PROGRESS = "monitor-match-progress";
    /** Monitor (matching stage): error statistics of the pairs made since the last boundary, per model:horizon, config
     *  version (or series) and bucket; sent to the window stage and deleted at each boundary. */
    public static final String MONITOR_ERROR_DELTAS = "monitor-error-deltas";
    /** Monitor (matching stage): per model:horizon:series, its drift samples, one window per bucket (raw up to
     *  ks.exact-max, then KLL; buckets older than recent + baseline are dropped at its next pair), and its last
     *  monitor.anomaly.window residuals (RobustZ ring); deleted once it has had no pair for recent + baseline. */
    public static final String MONITOR_SERIES_DRIFT = "monitor-series-drift";
    /** Monitor: error buckets per model:horizon (and series), bucket and matching partition; evaluations delete buckets
     *  older than recent + baseline. */
    public static final String MONITOR_ERROR_BUCKETS = "monitor-error-buckets";
    /** Monitor: significant KS results per model:horizon, window end and series, until that end is evaluated. */
    public static final String MONITOR_DRIFT_RESULTS = "monitor-drift-results";
    /** Monitor: evaluation bookkeeping, one constant-size entry per live model:horizon. */
    public static final String MONITOR_EVAL_STATE = "monitor-eval-state";
    /** Monitor: last watermark of each matching partition; one entry per input partition. */
    public static final String MONITOR_WATERMARKS = "monitor-watermarks";
    /** Monitor (global): the promoted config per model:horizon, a copy of the compacted model-configs topic. */
    public static final String MONITOR_MODEL_CONFIGS = "monitor-model-configs";
    /** Monitor (global): threshold overrides per tenant/model, a copy of the compacted monitor-settings topic. */
    public static final String MONITOR_SETTINGS = "monitor-settings-overrides";
    /**
     * Monitor: metric-observation buckets (count, sum, last) per scope, metric, dimension and bucket; pruned to recent
     * + baseline.
     */
    public static final String MONITOR_METRIC_BUCKETS = "monitor-metric-buckets";
    /**
     * Monitor: metric-rule bookkeeping, one Long per scope (last unsuppressed RETRAIN) plus the partition's last round.
     */
    public static final String MONITOR_METRIC_EVAL = "monitor-metric-eval";
}
