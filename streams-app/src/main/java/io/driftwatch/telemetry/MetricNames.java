package io.driftwatch.telemetry;

import java.util.List;
import java.util.Locale;

/**
 * The names and tags of driftwatch's own metrics: the one place that spells them, so apps,
 * dashboards ({@code ops/grafana/dashboards/driftwatch.json}) and runbooks agree.
 *
 * <p>Names are Micrometer names ({@code driftwatch.deadletters}); Prometheus shows them with
 * {@code _} for {@code .} and a unit suffix ({@code driftwatch_deadletters_total} for a counter,
 * {@code driftwatch_retrain_search_duration_seconds_count} for a timer): see {@link #prometheusName}.
 *
 * <p>Tags must stay bounded: {@code model}, {@code horizon}, {@code tenant} (configured entities),
 * {@code reason} and {@code criterion} (codes from the code, not free text), never a series id of
 * unbounded cardinality or a record key. Every app tags its meters with {@link #TAG_APP}.
 *
 * <pre>{@code
 * Telemetry.registry().counter(MetricNames.TRIGGERS, MetricNames.TAG_APP, "monitor", MetricNames.TAG_MODEL, model,
 *     MetricNames.TAG_HORIZON, horizon, MetricNames.TAG_TYPE, type, MetricNames.TAG_SEVERITY, severity,
 *     MetricNames.TAG_SUPPRESSED, String.valueOf(suppressed)).increment();
 * }</pre>
 */
public final class MetricNames {

    public static final String TAG_APP = "app";
    public static final String TAG_TOPIC = "topic";
    public static final String TAG_REASON = "reason";
    public static final String TAG_MODEL = "model";
    public static final String TAG_HORIZON = "horizon";
    public static final String TAG_TENANT = "tenant";
    public static final String TAG_TYPE = "type";
    public static final String TAG_SEVERITY = "severity";
    public static final String TAG_SUPPRESSED = "suppressed";
    /** KS p-value method: {@code exact}, {@code asymptotic} or {@code sketch}. */
    public static final String TAG_METHOD = "method";
    public static final String TAG_CRITERION = "criterion";
    /** {@code automatic} or {@code manual}. */
    public static final String TAG_MODE = "mode";
    /** Which input a monitor count is about: {@code prediction} or {@code actual}. */
    public static final String TAG_KIND = "kind";
    /** Outcome of a retrain attempt, as in its report: PROMOTED, REJECTED, DRY_RUN, FAILED, ROLLED_BACK, DECAYED. */
    public static final String TAG_OUTCOME = "outcome";

    // ingest (and every app that reads input topics)
    public static final String EVENTS_INGESTED = "driftwatch.events.ingested";
    public static final String DEAD_LETTERS = "driftwatch.deadletters";

    // monitor
    public static final String PAIRS_MATCHED = "driftwatch.monitor.pairs.matched";
    public static final String PREDICTIONS_PENDING = "driftwatch.monitor.predictions.pending";
    public static final String PREDICTIONS_EXPIRED = "driftwatch.monitor.predictions.expired";
    public static final String WINDOWS_EVALUATED = "driftwatch.monitor.windows.evaluated";
    public static final String TRIGGERS = "driftwatch.monitor.triggers";
    public static final String KS_EVALUATIONS = "driftwatch.monitor.ks.evaluations";
    public static final String RMSE_RECENT = "driftwatch.monitor.rmse.recent";
    public static final String RMSE_BASELINE = "driftwatch.monitor.rmse.baseline";
    public static final String INPUTS_LATE = "driftwatch.monitor.inputs.late";
    public static final String PREDICTIONS_DUPLICATE = "driftwatch.monitor.predictions.duplicate";

    // retrain
    public static final String RETRAIN_ATTEMPTS = "driftwatch.retrain.attempts";
    public static final String RETRAIN_APPROVALS = "driftwatch.retrain.approvals";
    public static final String RETRAIN_REJECTIONS = "driftwatch.retrain.rejections";
    public static final String RETRAIN_SEARCH_DURATION = "driftwatch.retrain.search.duration";
    public static final String PROMOTIONS = "driftwatch.retrain.promotions";
    public static final String ROLLBACKS = "driftwatch.retrain.rollbacks";

    // forecasters (and the monitor, which reads model-configs too)
    public static final String CONFIG_VERSION = "driftwatch.config.version";
    public static final String PREDICTIONS_EMITTED = "driftwatch.forecaster.predictions";

    /** What kind of meter a name is; decides its Prometheus suffix. */
    public enum Kind {
        COUNTER("_total"), GAUGE(""), TIMER("_seconds");

        private final String prometheusSuffix;

        Kind(String prometheusSuffix) {
            this.prometheusSuffix = prometheusSuffix;
        }
    }

    /** One metric: its name, kind, tags and meaning (rendered into the docs). */
    public record Metric(String name, Kind kind, List<String> tags, String description) {
        public String prometheusName() {
            return MetricNames.prometheusName(name, kind);
        }
    }

    /** Every metric above, in the order the docs list them. */
    public static final List<Metric> ALL = List.of(
            new Metric(
                    EVENTS_INGESTED,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_TOPIC),
                    "Input events that passed their contract check, per logical input topic."),
            new Metric(
                    DEAD_LETTERS,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_REASON),
                    "Records sent to dead-letters, by reason (deserialization, a contract code such as"
                            + " wrong-partition, or the exception class)."),
            new Metric(
                    PAIRS_MATCHED,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON),
                    "Predictions matched with their actual."),
            new Metric(
                    PREDICTIONS_PENDING,
                    Kind.GAUGE,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON),
                    "Predictions waiting for their actual in this instance (counted from the store when a task"
                            + " starts)."),
            new Metric(
                    PREDICTIONS_EXPIRED,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON),
                    "Predictions whose actual never came within horizon + grace."),
            new Metric(
                    WINDOWS_EVALUATED,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON),
                    "Recent-vs-baseline window evaluations (at bucket close)."),
            new Metric(
                    TRIGGERS,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON, TAG_TYPE, TAG_SEVERITY, TAG_SUPPRESSED),
                    "Drift triggers emitted, by type and severity; suppressed=true when a cooldown held them back."),
            new Metric(
                    KS_EVALUATIONS,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_METHOD),
                    "Kolmogorov-Smirnov evaluations, exact or on the KLL sketch."),
            new Metric(
                    RMSE_RECENT,
                    Kind.GAUGE,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON),
                    "RMSE of the recent window at the last evaluation."),
            new Metric(
                    RMSE_BASELINE,
                    Kind.GAUGE,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON),
                    "RMSE of the baseline window at the last evaluation."),
            new Metric(
                    INPUTS_LATE,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_KIND),
                    "Predictions or actuals (kind) that reached the monitor after their target time plus the match"
                            + " grace, by stream time; dropped unmatched."),
            new Metric(
                    PREDICTIONS_DUPLICATE,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_KIND),
                    "Predictions (kind=prediction) whose prediction_id the monitor already holds for that series and"
                            + " target time (redelivered); ignored."),
            new Metric(
                    RETRAIN_ATTEMPTS,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON, TAG_OUTCOME),
                    "Retrain attempts handled (counted once their outputs are committed), by outcome: PROMOTED,"
                            + " REJECTED, DRY_RUN, FAILED, ROLLED_BACK, DECAYED."),
            new Metric(
                    RETRAIN_APPROVALS,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON),
                    "Candidates that passed every validation criterion."),
            new Metric(
                    RETRAIN_REJECTIONS,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON, TAG_CRITERION),
                    "Candidates rejected, once per failed criterion, named as in the retrain report: rmse_improvement,"
                        + " mape_improvement, error_std_ratio, inference_time_ratio, ci95_coverage, abs_bias, sane."),
            new Metric(
                    RETRAIN_SEARCH_DURATION,
                    Kind.TIMER,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON),
                    "Duration of a hyperparameter search with its backtests."),
            new Metric(
                    PROMOTIONS,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON),
                    "New config versions published to model-configs."),
            new Metric(
                    ROLLBACKS,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON, TAG_MODE),
                    "Rollbacks, automatic (POST_DEPLOY_REGRESSION) or manual (configs rollback)."),
            new Metric(
                    CONFIG_VERSION,
                    Kind.GAUGE,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON),
                    "Config version currently applied per model:horizon."),
            new Metric(
                    PREDICTIONS_EMITTED,
                    Kind.COUNTER,
                    List.of(TAG_APP, TAG_MODEL, TAG_HORIZON),
                    "Predictions published by the forecasters."));

    private MetricNames() {
    }

    /**
     * The name Prometheus shows for a meter: {@code driftwatch.deadletters} counter -> {@code
     * driftwatch_deadletters_total}.
     */
    public static String prometheusName(String name, Kind kind) {
        return name.replace('.', '_').replace('-', '_').toLowerCase(Locale.ROOT) + kind.prometheusSuffix;
    }
}
