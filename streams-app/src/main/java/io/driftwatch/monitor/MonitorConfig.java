package io.driftwatch.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.config.Durations;

/**
 * Settings of the monitor app: matching predictions with actuals, error windows, drift tests and
 * the triggers they raise. Threshold settings (those in {@link #OVERRIDABLE}) can also be
 * overridden per tenant or per model at run time through the {@code monitor-settings} topic.
 */
public final class MonitorConfig extends CommonConfig {

    public static final String REPARTITION_INPUTS = "monitor.repartition-inputs";
    public static final String REROUTE_MISPLACED = "monitor.reroute-misplaced";
    public static final String INPUT_PARTITIONS = "monitor.input.partitions";
    public static final String REROUTE_DETOUR = "monitor.reroute.detour";
    public static final String MATCH_GRACE = "monitor.match.grace";
    public static final String BUCKET_SIZE = "monitor.bucket.size";
    public static final String BUCKET_GRACE = "monitor.bucket.grace";
    public static final String RECENT_WINDOW = "monitor.recent-window";
    public static final String BASELINE_WINDOW = "monitor.baseline-window";
    public static final String PER_SERIES = "monitor.per-series";
    public static final String DEGRADATION_THRESHOLD = "monitor.degradation.threshold";
    public static final String DEGRADATION_SEVERITY = "monitor.degradation.severity";
    public static final String MIN_SAMPLES = "monitor.min-samples";
    public static final String KS_QUANTITY = "monitor.ks.quantity";
    public static final String KS_EXACT_MAX = "monitor.ks.exact-max";
    public static final String KS_SKETCH_K = "monitor.ks.sketch-k";
    public static final String KS_ALPHA = "monitor.ks.alpha";
    public static final String KS_SEVERITY = "monitor.ks.severity";
    public static final String MAX_CONFIG_AGE = "monitor.max-config-age";
    public static final String COOLDOWN = "monitor.cooldown";
    public static final String TRIGGERS_ACTIVE_FROM = "monitor.triggers.active-from";
    public static final String MAPE_CEILING = "monitor.mape.ceiling";
    public static final String ANOMALY_Z = "monitor.anomaly.z-threshold";
    public static final String ANOMALY_WINDOW = "monitor.anomaly.window";
    public static final String ANOMALY_MIN_HISTORY = "monitor.anomaly.min-history";
    public static final String RULES = "monitor.rules";
    public static final String STALENESS_THRESHOLD = "monitor.staleness.threshold";
    public static final String ROLLBACK_WATCH_WINDOW = "monitor.rollback.watch-window";
    public static final String ROLLBACK_THRESHOLD = "monitor.rollback.threshold";
    public static final String ROLLBACK_MIN_SAMPLES = "monitor.rollback.min-samples";
    public static final String CACHE_MAX_ENTRIES = "monitor.cache.max-entries";
    public static final String QUIET_COMMIT = "monitor.quiet-commit";
    public static final String COMMIT_BUCKETS = "monitor.commit.buckets";
    public static final String DEGRADATION_ALPHA = "monitor.degradation.alpha";
    public static final String DRIFT_TEST = "monitor.drift.test";
    public static final String DRIFT_DEPENDENCE = "monitor.drift.dependence";
    public static final String DRIFT_PERMUTATIONS = "monitor.drift.permutations";
    public static final String FDR_Q = "monitor.fdr.q";
    public static final String FDR_METHOD = "monitor.fdr.method";
    public static final String DRIFT_PERSISTENCE = "monitor.drift.persistence";
    public static final String COVERAGE_ALPHA = "monitor.coverage.alpha";
    public static final String COVERAGE_NOMINAL = "monitor.coverage.nominal";
    public static final String COVERAGE_MIN_GAP = "monitor.coverage.min-gap";
    public static final String RETRAIN_FRACTION = "monitor.per-series.retrain-fraction";

    /** Settings that {@code monitor-settings} records may override per tenant or model. */
    public static final List<String> OVERRIDABLE = List.of(DEGRADATION_THRESHOLD, DEGRADATION_SEVERITY, MIN_SAMPLES,
        KS_ALPHA, KS_SEVERITY, MAX_CONFIG_AGE, COOLDOWN, MAPE_CEILING, ANOMALY_Z, RULES, STALENESS_THRESHOLD,
        DEGRADATION_ALPHA, FDR_Q, COVERAGE_ALPHA, COVERAGE_MIN_GAP, RETRAIN_FRACTION, DRIFT_DEPENDENCE);

    private static final ConfigDef DEF = defineMonitor(CommonConfig.defineCommon(new ConfigDef()));

    public MonitorConfig(Map<?, ?> props) {
        super(DEF, props);
        if (bucketSize().toMillis() > Duration.ofDays(1).toMillis()
            ? bucketSize().toMillis() % Duration.ofDays(1).toMillis() != 0
            : Duration.ofDays(1).toMillis() % bucketSize().toMillis() != 0) {
            throw new ConfigException(
                    BUCKET_SIZE, getString(BUCKET_SIZE), "must divide a day or be a whole number of days");
        }
        for (String w : List.of(RECENT_WINDOW, BASELINE_WINDOW)) {
            if (Durations.parse(getString(w)).toMillis() % bucketSize().toMillis() != 0) {
                throw new ConfigException(
                        w,
                        getString(w),
                        "must be a whole number of " + BUCKET_SIZE + " (" + getString(BUCKET_SIZE) + ")");
            }
        }
        if (2 * rollbackWatchWindow().toMillis() + bucketSize().toMillis()
                > recentWindow().toMillis() + baselineWindow().toMillis()) {
            throw new ConfigException(ROLLBACK_WATCH_WINDOW, getString(ROLLBACK_WATCH_WINDOW),
                "2 x this + " + BUCKET_SIZE + " must fit in " + RECENT_WINDOW + " + " + BASELINE_WINDOW
                    + " (error buckets older than that are pruned)");
        }
        ksQuantity();
        for (String rule : getString(RULES).split(",")) {
            if (!rule.isBlank() && !rule.trim().matches("[^:]+:[0-9.]*[0-9][0-9.]*:(?i)(increase|drop|either)")) {
                throw new ConfigException(
                        RULES,
                        getString(RULES),
                        "each rule is metric:threshold:direction, direction increase|drop|either");
            }
        }
        severity(DEGRADATION_SEVERITY, getString(DEGRADATION_SEVERITY));
        severity(KS_SEVERITY, getString(KS_SEVERITY));
        driftPersistence();
    }

    static ConfigDef defineMonitor(ConfigDef def) {
        return def.define(
                        REPARTITION_INPUTS,
                        Type.BOOLEAN,
                        false,
                        Importance.LOW,
                        "Re-key and repartition every prediction and actual by series_id inside the monitor (two"
                            + " internal topics that all input crosses). monitor.reroute-misplaced does the same for"
                            + " the misplaced records only and is the better choice; this stays for deployments that"
                            + " use it. When true, monitor.reroute-misplaced has no effect.")
                .define(
                        REROUTE_MISPLACED,
                        Type.BOOLEAN,
                        true,
                        Importance.HIGH,
                        "Re-route a prediction or actual without a key, or not on the partition"
                            + " Kafka's murmur2 partitioner gives it (librdkafka clients such as kcat hash with crc32"
                            + " by default) through the internal topic <application.id>-monitor-reroute-repartition,"
                            + " so predictions and actuals of a series meet with the results of murmur2 input (a key"
                            + " other than the series_id is a dead letter, key-not-series-id, either way). The"
                            + " detour is built when it is first needed: while that topic does not exist the monitor"
                            + " runs without it, and its first misplaced record creates the topic and restarts every"
                            + " instance of the monitor with the detour, which stays from then on (reading the topic"
                            + " costs about a quarter of the monitor's throughput). false: a misplaced record stops"
                            + " the monitor with a message saying how to fix the producer.")
                .define(
                        INPUT_PARTITIONS,
                        Type.INT,
                        0,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "Partition count of predictions/actuals; 0 = topics.partitions. 'run monitor' looks it up on"
                                + " the cluster.")
                .define(
                        REROUTE_DETOUR,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether the monitor's topology has the detour of monitor.reroute-misplaced. 'run monitor'"
                                + " sets it from the cluster: true once <application.id>-monitor-reroute-repartition"
                                + " exists (create that topic ahead to have the detour from the first start).")
                .define(
                        MATCH_GRACE,
                        Type.STRING,
                        "7d",
                        Durations.validator(false),
                        Importance.HIGH,
                        "Label-delay grace: a prediction waits for its actual (and an actual for its predictions)"
                                + " until stream time passes target_time plus this. Then unmatched predictions expire"
                                + " (metric driftwatch.monitor.predictions.expired).")
                .define(
                        BUCKET_SIZE,
                        Type.STRING,
                        "1d",
                        Durations.validator(true),
                        Importance.MEDIUM,
                        "Event-time bucket of the error and drift windows (UTC-aligned); windows are whole buckets.")
                .define(
                        BUCKET_GRACE,
                        Type.STRING,
                        "1d",
                        Durations.validator(false),
                        Importance.MEDIUM,
                        "Windows ending at a bucket boundary are evaluated once every input partition's stream time"
                                + " passes the boundary plus this, and its latest prediction and latest actual have"
                                + " both passed the boundary (unless one of them has nothing left to read). Pairs"
                                + " matched later are counted from the next evaluation on.")
                .define(
                        RECENT_WINDOW,
                        Type.STRING,
                        "14d",
                        Durations.validator(true),
                        Importance.HIGH,
                        "Length of the recent window [end - recent, end).")
                .define(
                        BASELINE_WINDOW,
                        Type.STRING,
                        "60d",
                        Durations.validator(true),
                        Importance.HIGH,
                        "Length of the baseline / reference window just before the recent window.")
                .define(
                        PER_SERIES,
                        Type.BOOLEAN,
                        false,
                        Importance.MEDIUM,
                        "Also keep error windows and evaluate PERFORMANCE_DEGRADATION per model:horizon:series.")
                .define(
                        DEGRADATION_THRESHOLD,
                        Type.DOUBLE,
                        0.15,
                        ConfigDef.Range.atLeast(0.0),
                        Importance.HIGH,
                        "PERFORMANCE_DEGRADATION when recent RMSE >= baseline RMSE x (1 + this).")
                .define(
                        DEGRADATION_SEVERITY,
                        Type.STRING,
                        "0.15,0.30,0.50",
                        Importance.MEDIUM,
                        "Degradation fractions at which severity becomes MEDIUM,HIGH,CRITICAL (ascending).")
                .define(
                        MIN_SAMPLES,
                        Type.INT,
                        10,
                        ConfigDef.Range.atLeast(1),
                        Importance.HIGH,
                        "Pairs (or drift samples) needed in each window before it is compared.")
                .define(
                        KS_QUANTITY,
                        Type.STRING,
                        "auto",
                        ConfigDef.ValidString.in("auto", "change", "value", "residual"),
                        Importance.MEDIUM,
                        "Quantity tested for DATA_DRIFT per series: auto (the residual actual - yhat: the monitor"
                                + " tests matched pairs, so a prediction always exists; it removes the season and the"
                                + " level the model already explains), residual (the same), change (actual minus the"
                                + " previous bucket's actual) or value (the actual).")
                .define(
                        DRIFT_TEST,
                        Type.STRING,
                        "ad",
                        ConfigDef.ValidString.in("ad", "ks"),
                        Importance.MEDIUM,
                        "Two-sample test behind DATA_DRIFT: ad (k-sample Anderson-Darling: power for location and"
                            + " scale changes at small n) or ks (Kolmogorov-Smirnov). Both are computed while a window"
                            + " is exact; sketched windows always use KS.")
                .define(
                        DRIFT_DEPENDENCE,
                        Type.STRING,
                        "estimate",
                        ConfigDef.ValidString.in("estimate", "horizon"),
                        Importance.MEDIUM,
                        "How the drift test counts the errors of a forecast h > 1 buckets ahead, which may share"
                            + " shocks (targets less than h apart): estimate (the default) divides the window's n"
                            + " errors by 1 + 2 x the sum of the reference window's first h - 1 autocorrelations"
                            + " (clamped to [1, h]), so independent errors keep their power; horizon counts them as"
                            + " n / h values, the full overlap of h-step errors of a random walk forecast naively"
                            + " (FX rates), where the estimate falls short in some windows (stable random walks,"
                            + " naive 7-day model: 2.7 false flags per 1,000 series-days with estimate, none with"
                            + " horizon) but which leaves a 14-bucket recent window of a long horizon almost no"
                            + " power. Per model or tenant through monitor-settings. No effect on 1-bucket"
                            + " horizons.")
                .define(
                        DRIFT_PERMUTATIONS,
                        Type.INT,
                        19_999,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "Most random relabellings drawn for the Anderson-Darling drift test of a series whose windows"
                            + " hold tied values (intermittent demand, counts), where the tabulated p-value assumes"
                            + " continuous values and comes out too small (with 70% zeros: p <= 0.001 in 0.8% of"
                            + " stable windows). Only candidates are relabelled (table p-value within the drift"
                            + " bound, dependence factor 1); relabelling stops after 20 splits as extreme as the"
                            + " observed, and p is never below 1 / (this + 1). 0: the table's p-value even with ties.")
                .define(
                        FDR_METHOD,
                        Type.STRING,
                        "bh",
                        ConfigDef.ValidString.in("bh", "by", "none"),
                        Importance.MEDIUM,
                        "Multiple-testing control across the series of one model:horizon at each evaluation"
                                + " (DATA_DRIFT and per-series PERFORMANCE_DEGRADATION / COVERAGE_DRIFT): bh"
                                + " (Benjamini-Hochberg), by (Benjamini-Yekutieli, valid under any dependence, more"
                                + " conservative) or none (each series tested alone at monitor.ks.alpha /"
                                + " monitor.degradation.alpha / monitor.coverage.alpha).")
                .define(
                        FDR_Q,
                        Type.DOUBLE,
                        0.05,
                        ConfigDef.Range.between(0.0, 1.0),
                        Importance.HIGH,
                        "False discovery rate of the per-series flags of one model:horizon at one evaluation: a series"
                            + " is flagged when its q-value is <= this. On a fleet with no change at all this is also"
                            + " the chance that an evaluation flags any series.")
                .define(
                        RETRAIN_FRACTION,
                        Type.DOUBLE,
                        0.05,
                        ConfigDef.Range.between(0.0, 1.0),
                        Importance.HIGH,
                        "Per-series triggers (DATA_DRIFT, and with monitor.per-series PERFORMANCE_DEGRADATION and"
                            + " COVERAGE_DRIFT) recommend RETRAIN only when at least this fraction of the series"
                            + " tested at that evaluation is flagged; below it they are emitted with recommendation"
                            + " CONTINUE (alerts, no retrain). A model of one series retrains on its flag; one series"
                            + " of a fleet does not.")
                .define(
                        DRIFT_PERSISTENCE,
                        Type.STRING,
                        "1/1",
                        Importance.MEDIUM,
                        "k/m: a series' DATA_DRIFT is emitted only when it was flagged in at least k of its last m "
                                + "evaluations (1/1: at once).")
                .define(
                        DEGRADATION_ALPHA,
                        Type.DOUBLE,
                        0.01,
                        ConfigDef.Range.between(0.0, 1.0),
                        Importance.HIGH,
                        "PERFORMANCE_DEGRADATION also needs the loss increase to be significant at this level:"
                            + " one-sided test on the per-bucket mean squared errors with a Newey-West (HAC) variance,"
                            + " lag >= the horizon in buckets - 1, so overlapping, autocorrelated h-step errors are"
                            + " not taken for news.")
                .define(
                        COVERAGE_ALPHA,
                        Type.DOUBLE,
                        0.001,
                        ConfigDef.Range.between(0.0, 1.0),
                        Importance.MEDIUM,
                        "COVERAGE_DRIFT when the recent window's prediction-interval coverage differs from "
                                + "monitor.coverage.nominal at this level (exact two-sided binomial test); 0 disables.")
                .define(
                        COVERAGE_NOMINAL,
                        Type.DOUBLE,
                        0.95,
                        ConfigDef.Range.between(0.0, 1.0),
                        Importance.MEDIUM,
                        "Nominal coverage of the predictions' [yhat_lower, yhat_upper] intervals.")
                .define(
                        COVERAGE_MIN_GAP,
                        Type.DOUBLE,
                        0.05,
                        ConfigDef.Range.between(0.0, 1.0),
                        Importance.MEDIUM,
                        "Effect-size floor of COVERAGE_DRIFT: |coverage - nominal| must also be at least this.")
                .define(
                        KS_EXACT_MAX,
                        Type.INT,
                        10_000,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "A drift window keeps raw values (exact KS) up to this many; above, a KLL sketch.")
                .define(
                        KS_SKETCH_K,
                        Type.INT,
                        800,
                        ConfigDef.Range.between(8, 65535),
                        Importance.LOW,
                        "KLL accuracy parameter of sketched drift windows (k=800: ~15 KB per sketch, detects D >= 0.03"
                                + " at n >= 100k).")
                .define(
                        QUIET_COMMIT,
                        Type.STRING,
                        "50ms",
                        Durations.validator(false),
                        Importance.LOW,
                        "When a stream thread has processed no record between two checks this far apart, its tasks"
                            + " commit at once rather than at the next commit.interval.ms (10 s for the monitor, 1 s"
                            + " with monitor.repartition-inputs or the re-routing detour): the triggers of a burst of"
                            + " input, and the partials the window stage waits for, become visible sooner. 0: commit"
                            + " only at the interval.")
                .define(
                        COMMIT_BUCKETS,
                        Type.INT,
                        100,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "Bucket boundaries a matching task closes within one commit.interval.ms after which it commits"
                            + " at once rather than at the interval's end: the window stage reads the partials of a"
                            + " boundary only once committed, so through a backlog read faster than that it then"
                            + " evaluates alongside matching instead of after it. A task that closes fewer per"
                            + " interval (a large fleet) commits at the interval only. 0: only at the interval and"
                            + " monitor.quiet-commit.")
                .define(
                        CACHE_MAX_ENTRIES,
                        Type.INT,
                        10_000,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "Entries of each matching-stage store (a series' match targets, pending deltas, series"
                            + " drift samples with residual windows) kept decoded in memory per task; changes reach"
                            + " RocksDB and the changelog once per commit, the least recently used entry beyond this"
                            + " is written out and dropped. Size it for the series a task owns: one entry per series"
                            + " in the match store, one per series and model:horizon in the drift store; give it"
                            + " headroom (x 1.5), as a store that outgrows its cache is read from RocksDB and written"
                            + " through until it fits in half of it again. A cache holds only entries that exist:"
                            + " about 1.4 KB of match state (9 daily targets) and 2 KB of drift samples (daily"
                            + " buckets) per series of heap, whatever this bound.")
                .define(
                        KS_ALPHA,
                        Type.DOUBLE,
                        0.05,
                        ConfigDef.Range.between(0.0, 1.0),
                        Importance.HIGH,
                        "DATA_DRIFT when the KS p-value is below this (and severity >= MEDIUM).")
                .define(
                        KS_SEVERITY,
                        Type.STRING,
                        "0.1,0.2,0.3",
                        Importance.MEDIUM,
                        "KS statistic D at which severity becomes MEDIUM,HIGH,CRITICAL (ascending).")
                .define(
                        MAX_CONFIG_AGE,
                        Type.STRING,
                        "14d",
                        Durations.validator(true),
                        Importance.HIGH,
                        "TIME_BASED when the promoted config (model-configs) is older than this in stream time, or"
                                + " missing.")
                .define(
                        TRIGGERS_ACTIVE_FROM,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "Windows ending before this time (ISO date 2024-06-01, ISO instant, or epoch millis; empty ="
                            + " always active) emit their triggers with suppressed=true, so replaying or backfilling"
                            + " history rebuilds the windows without sending the retrain service after the past."
                            + " Suppressed triggers do not start a cooldown.")
                .define(
                        COOLDOWN,
                        Type.STRING,
                        "7d",
                        Durations.validator(false),
                        Importance.HIGH,
                        "A RETRAIN trigger within this (stream time) of the previous unsuppressed one of its"
                                + " model:horizon is emitted with suppressed=true.")
                .define(
                        MAPE_CEILING,
                        Type.DOUBLE,
                        0.30,
                        Importance.MEDIUM,
                        "ERROR_THRESHOLD when the recent window's MAPE (fraction) exceeds this; <= 0 disables.")
                .define(
                        ANOMALY_Z,
                        Type.DOUBLE,
                        3.5,
                        ConfigDef.Range.atLeast(0.0),
                        Importance.MEDIUM,
                        "A residual with |robust z| above this against its model:horizon:series rolling window goes to"
                                + " anomalies.")
                .define(
                        ANOMALY_WINDOW,
                        Type.INT,
                        60,
                        ConfigDef.Range.atLeast(2),
                        Importance.LOW,
                        "Residuals kept per model:horizon:series for the rolling median/MAD.")
                .define(
                        ANOMALY_MIN_HISTORY,
                        Type.INT,
                        10,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "Residuals needed in the rolling window before anomalies are reported.")
                .define(
                        RULES,
                        Type.STRING,
                        "basket_size:0.25:either,top_bundle_support:0.40:drop,"
                                + "recency:0.30:either,frequency:0.25:either",
                        Importance.MEDIUM,
                        "Threshold rules on metric-observations, metric:threshold:direction (increase|drop|either),"
                                + " comma separated: METRIC_RULE (RETRAIN) when the recent mean moved against the"
                                + " reference mean by more than the threshold.")
                .define(
                        STALENESS_THRESHOLD,
                        Type.DOUBLE,
                        0.01,
                        ConfigDef.Range.atLeast(0.0),
                        Importance.MEDIUM,
                        "STALENESS (DECAY) when the variance of the bandit arms' posterior means alpha/(alpha+beta),"
                            + " from the latest arm_alpha/arm_beta observations per arm (dimension = arm id), is below"
                            + " this.")
                .define(
                        ROLLBACK_WATCH_WINDOW,
                        Type.STRING,
                        "7d",
                        Durations.validator(true),
                        Importance.HIGH,
                        "Post-deploy watch: once stream time passes the first bucket of a new config version (in the"
                            + " predictions) plus this, the new version's errors in [start, start + this) are compared"
                            + " with the previous version's in [start - this, start). Rounded up to whole buckets; 2 x"
                            + " this + one bucket must fit in the recent + baseline window.")
                .define(
                        ROLLBACK_THRESHOLD,
                        Type.DOUBLE,
                        0.20,
                        ConfigDef.Range.atLeast(0.0),
                        Importance.HIGH,
                        "POST_DEPLOY_REGRESSION (ROLLBACK, not subject to the cooldown, once per version) when the new"
                                + " version's RMSE >= the previous version's RMSE x (1 + this).")
                .define(
                        ROLLBACK_MIN_SAMPLES,
                        Type.INT,
                        10,
                        ConfigDef.Range.atLeast(1),
                        Importance.MEDIUM,
                        "Pairs needed of each version in its watch window before the post-deploy comparison is made.");
    }

    /**
     * True when the topology re-routes misplaced inputs: {@code monitor.reroute-misplaced} and the detour is built
     * ({@code monitor.reroute.detour}), and the inputs are not repartitioned altogether.
     */
    public boolean rerouteMisplaced() {
        return getBoolean(REROUTE_MISPLACED) && getBoolean(REROUTE_DETOUR) && !repartitionInputs();
    }

    /**
     * True when misplaced inputs are to be re-routed but the detour is not built yet: the first misplaced record asks
     * for it ({@link MisplacedInputException}).
     */
    public boolean awaitsMisplaced() {
        return getBoolean(REROUTE_MISPLACED) && !getBoolean(REROUTE_DETOUR) && !repartitionInputs();
    }

    public boolean repartitionInputs() {
        return getBoolean(REPARTITION_INPUTS);
    }

    public int inputPartitions() {
        int n = getInt(INPUT_PARTITIONS);
        return n > 0 ? n : getInt(TOPICS_PARTITIONS);
    }

    public Duration matchGrace() {
        return Durations.parse(getString(MATCH_GRACE));
    }

    public Duration bucketSize() {
        return Durations.parse(getString(BUCKET_SIZE));
    }

    /** Epoch millis before which windows' triggers are emitted suppressed; Long.MIN_VALUE when unset. */
    public long triggersActiveFromMs() {
        String v = getString(TRIGGERS_ACTIVE_FROM).trim();
        if (v.isEmpty()) {
            return Long.MIN_VALUE;
        }
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(v);
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(v).toEpochMilli();
        } catch (RuntimeException e) {
            throw new ConfigException(TRIGGERS_ACTIVE_FROM, v,
                "expected an ISO date (2024-06-01), an ISO instant (2024-06-01T00:00:00Z) or epoch millis");
        }
    }

    public Duration bucketGrace() {
        return Durations.parse(getString(BUCKET_GRACE));
    }

    public Duration recentWindow() {
        return Durations.parse(getString(RECENT_WINDOW));
    }

    public Duration baselineWindow() {
        return Durations.parse(getString(BASELINE_WINDOW));
    }

    /** The post-deploy watch window, rounded up to whole buckets. */
    public Duration rollbackWatchWindow() {
        long bucket = bucketSize().toMillis();
        long w = Durations.parse(getString(ROLLBACK_WATCH_WINDOW)).toMillis();
        return Duration.ofMillis(Math.max(1, (w + bucket - 1) / bucket) * bucket);
    }

    public double rollbackThreshold() {
        return getDouble(ROLLBACK_THRESHOLD);
    }

    public int rollbackMinSamples() {
        return getInt(ROLLBACK_MIN_SAMPLES);
    }

    public boolean perSeries() {
        return getBoolean(PER_SERIES);
    }

    public String ksQuantity() {
        String q = getString(KS_QUANTITY).toLowerCase(Locale.ROOT);
        return q.equals("auto") ? "residual" : q;
    }

    /** The most relabellings of a tied Anderson-Darling drift candidate; 0 for the tabulated p-value. */
    public int driftPermutations() {
        return getInt(DRIFT_PERMUTATIONS);
    }

    /** True when DATA_DRIFT is decided by Anderson-Darling, false for Kolmogorov-Smirnov. */
    public boolean driftTestAd() {
        return getString(DRIFT_TEST).equals("ad");
    }

    public String fdrMethod() {
        return getString(FDR_METHOD);
    }

    /** {k, m} of monitor.drift.persistence. */
    public int[] driftPersistence() {
        return persistence(getString(DRIFT_PERSISTENCE));
    }

    static int[] persistence(String text) {
        String[] f = text.trim().split("/");
        try {
            if (f.length == 2) {
                int k = Integer.parseInt(f[0].trim());
                int m = Integer.parseInt(f[1].trim());
                if (k >= 1 && k <= m && m <= 32) {
                    return new int[] {k, m};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(DRIFT_PERSISTENCE, text, "must be k/m with 1 <= k <= m <= 32");
    }

    public double coverageNominal() {
        return getDouble(COVERAGE_NOMINAL);
    }

    public int ksExactMax() {
        return getInt(KS_EXACT_MAX);
    }

    public int ksSketchK() {
        return getInt(KS_SKETCH_K);
    }

    public Duration quietCommit() {
        return Durations.parse(getString(QUIET_COMMIT));
    }

    public int commitBuckets() {
        return getInt(COMMIT_BUCKETS);
    }

    public int cacheMaxEntries() {
        return getInt(CACHE_MAX_ENTRIES);
    }

    public int anomalyWindow() {
        return getInt(ANOMALY_WINDOW);
    }

    public int anomalyMinHistory() {
        return getInt(ANOMALY_MIN_HISTORY);
    }

    /** Parses a "medium,high,critical" severity triple, naming the setting on error. */
    public static double[] severity(String name, String value) {
        String[] parts = value.split(",");
        if (parts.length != 3) {
            throw new ConfigException(name, value, "must be three ascending numbers medium,high,critical");
        }
        double[] t = new double[3];
        try {
            for (int i = 0; i < 3; i++) {
                t[i] = Double.parseDouble(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(name, value, "must be three ascending numbers medium,high,critical");
        }
        if (!(t[0] <= t[1] && t[1] <= t[2])) {
            throw new ConfigException(name, value, "must be ascending: medium <= high <= critical");
        }
        return t;
    }

    public static ConfigDef configDef() {
        return DEF;
    }
}
