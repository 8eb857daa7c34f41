package io.driftwatch.retrain.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.config.Durations;
import io.driftwatch.config.ModelAssignment;
import io.driftwatch.retrain.search.SearchSettings;
import io.driftwatch.retrain.validation.ValidationThresholds;

/** Settings of the retrain service (and of the {@code configs} and {@code backtest} commands). */
public final class RetrainConfig extends CommonConfig {

    public static final String MODELS = ModelAssignment.SETTING;
    public static final String MAX_SERIES = "retrain.max-series";
    public static final String HISTORY_DAYS = "retrain.history-days";
    public static final String BACKTEST_WINDOW = "retrain.backtest.window";
    public static final String SEASON_LENGTH = "retrain.season-length";
    public static final String SEED = "retrain.seed";
    public static final String STRATEGY = "retrain.search.strategy";
    public static final String TIME_BUDGET = "retrain.time-budget";
    public static final String RANDOM_ITERATIONS = "retrain.search.random-iterations";
    public static final String PARALLELISM = "retrain.parallelism";
    public static final String DRY_RUN = "retrain.dry-run";
    public static final String MIN_RMSE_IMPROVEMENT = "retrain.validation.min-rmse-improvement";
    public static final String MIN_MAPE_IMPROVEMENT = "retrain.validation.min-mape-improvement";
    public static final String MAX_ERROR_STD_RATIO = "retrain.validation.max-error-std-ratio";
    public static final String MAX_INFERENCE_TIME_RATIO = "retrain.validation.max-inference-time-ratio";
    public static final String INFERENCE_TIME_FLOOR_MS = "retrain.validation.inference-time-floor-ms";
    public static final String MIN_COVERAGE = "retrain.validation.min-coverage";
    public static final String BIAS_LIMIT = "retrain.validation.bias-limit";
    public static final String BIAS_LIMITS = "retrain.validation.bias-limit.per-model";
    public static final String DECAY_FACTOR = "retrain.decay.factor";
    public static final String INSTANCE_ID = "retrain.instance.id";
    public static final String FAILURE_ALERT_AFTER = "retrain.alert.failures-in-a-row";
    public static final String STALE_AFTER = "retrain.alert.stale-after";
    public static final String STALE_CHECK_INTERVAL = "retrain.alert.stale-check-interval";
    /** Test hook: halt the JVM at this step of a promotion (see docs/retrain.md). */
    public static final String TEST_HALT_AFTER = "retrain.test.halt-after";

    private static final ConfigDef DEF = defineRetrain(CommonConfig.defineCommon(new ConfigDef()));

    public RetrainConfig(Map<?, ?> props) {
        super(DEF, props);
        models();
        biasLimits();
        SearchSettings.Strategy.parse(getString(STRATEGY));
        validationThresholds();
    }

    static ConfigDef defineRetrain(ConfigDef def) {
        return def.define(MODELS, Type.STRING, ModelAssignment.DEFAULT, Importance.HIGH, ModelAssignment.DOC)
                .define(
                        MAX_SERIES,
                        Type.INT,
                        20,
                        Range.atLeast(1),
                        Importance.MEDIUM,
                        "At most this many series of the model are loaded per attempt: the trigger's series first,"
                                + " then the others in series-id order.")
                .define(
                        HISTORY_DAYS,
                        Type.INT,
                        1095,
                        Range.atLeast(1),
                        Importance.MEDIUM,
                        "Days of actuals read from the actuals topic (by record timestamp) per attempt.")
                .define(
                        BACKTEST_WINDOW,
                        Type.STRING,
                        "30d",
                        Durations.validator(true),
                        Importance.MEDIUM,
                        "Rolling-origin backtest window: the targets of the origins are the buckets in the last window"
                                + " of each series.")
                .define(
                        SEASON_LENGTH,
                        Type.INT,
                        0,
                        Range.atLeast(0),
                        Importance.MEDIUM,
                        "Season length m of the search space; 0 = from the bucket size (hourly 24, daily 7, weekly 52,"
                                + " else 1).")
                .define(SEED, Type.LONG, 42L, Importance.LOW, "Seed of random search and of the backtests' bootstrap.")
                .define(
                        STRATEGY,
                        Type.STRING,
                        "auto",
                        ConfigDef.ValidString.in("auto", "grid", "random"),
                        Importance.MEDIUM,
                        "Search strategy: grid, random, or auto (grid unless its estimated time exceeds"
                                + " retrain.time-budget).")
                .define(
                        TIME_BUDGET,
                        Type.STRING,
                        "60s",
                        Durations.validator(true),
                        Importance.MEDIUM,
                        "Time budget of one search; a slower optimisation also raises an OPTIMISATION_SLOW ops alert.")
                .define(
                        RANDOM_ITERATIONS,
                        Type.INT,
                        12,
                        Range.atLeast(1),
                        Importance.LOW,
                        "Candidates backtested by random search (the seasonal-naive baseline always included).")
                .define(
                        PARALLELISM,
                        Type.INT,
                        0,
                        Range.atLeast(0),
                        Importance.LOW,
                        "Threads backtesting candidates; 0 = available processors.")
                .define(DRY_RUN, Type.BOOLEAN, false, Importance.MEDIUM, "Evaluate and report, never publish a config.")
                .define(
                        MIN_RMSE_IMPROVEMENT,
                        Type.DOUBLE,
                        0.05,
                        Importance.MEDIUM,
                        "Relative RMSE improvement that approves (OR the MAPE one).")
                .define(
                        MIN_MAPE_IMPROVEMENT,
                        Type.DOUBLE,
                        0.03,
                        Importance.MEDIUM,
                        "Relative MAPE improvement that approves (OR the RMSE one).")
                .define(MAX_ERROR_STD_RATIO, Type.DOUBLE, 1.10, Importance.MEDIUM, "Maximum error std new/current.")
                .define(
                        MAX_INFERENCE_TIME_RATIO,
                        Type.DOUBLE,
                        1.50,
                        Importance.MEDIUM,
                        "Maximum inference time new/max(current, floor).")
                .define(
                        INFERENCE_TIME_FLOOR_MS,
                        Type.DOUBLE,
                        100.0,
                        Range.atLeast(0),
                        Importance.LOW,
                        "Inference times below this many ms count as fast enough (the ratio's denominator is at least"
                                + " this).")
                .define(
                        MIN_COVERAGE,
                        Type.DOUBLE,
                        0.90,
                        Range.between(0, 1),
                        Importance.MEDIUM,
                        "Minimum CI95 coverage of the new config.")
                .define(
                        BIAS_LIMIT,
                        Type.DOUBLE,
                        5.0,
                        Importance.MEDIUM,
                        "|mean error| of the new config must be below this (series units).")
                .define(BIAS_LIMITS, Type.STRING, "", Importance.LOW, "Per-model bias limits: model_id=limit,...")
                .define(
                        DECAY_FACTOR,
                        Type.DOUBLE,
                        0.9,
                        Range.between(0.0, 1.0),
                        Importance.LOW,
                        "DECAY multiplies bandit priors (alpha, beta) by this; a prior with alpha+beta < 2 is reset to"
                                + " (1, 1).")
                .define(
                        INSTANCE_ID,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "Stable id of this instance; its transactional.id is <application.id.prefix>-retrain-<id>."
                                + " Empty = host name. Must differ between running instances and stay the same across"
                                + " restarts.")
                .define(
                        FAILURE_ALERT_AFTER,
                        Type.INT,
                        3,
                        Range.atLeast(1),
                        Importance.LOW,
                        "Rejected attempts in a row that raise a VALIDATION_FAILED_REPEATEDLY ops alert.")
                .define(
                        STALE_AFTER,
                        Type.STRING,
                        "30d",
                        Durations.validator(true),
                        Importance.LOW,
                        "A promoted config older than this raises a STALE_MODEL ops alert.")
                .define(
                        STALE_CHECK_INTERVAL,
                        Type.STRING,
                        "1h",
                        Durations.validator(true),
                        Importance.LOW,
                        "How often promoted configs are checked for staleness.")
                .define(
                        TEST_HALT_AFTER,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "TEST HOOK, never set in production: halt the JVM inside a promotion's transaction after this"
                                + " step (begin, send-configs, send-versions, send-report, send-offsets).");
    }

    public ModelAssignment models() {
        return ModelAssignment.parse(getString(MODELS));
    }

    public int maxSeries() {
        return getInt(MAX_SERIES);
    }

    public int historyDays() {
        return getInt(HISTORY_DAYS);
    }

    public Duration backtestWindow() {
        return Durations.parse(getString(BACKTEST_WINDOW));
    }

    public int seasonLength() {
        return getInt(SEASON_LENGTH);
    }

    public boolean dryRun() {
        return getBoolean(DRY_RUN);
    }

    public double decayFactor() {
        return getDouble(DECAY_FACTOR);
    }

    public SearchSettings searchSettings() {
        int p = getInt(PARALLELISM);
        return new SearchSettings(
                SearchSettings.Strategy.parse(getString(STRATEGY)),
                Durations.parse(getString(TIME_BUDGET)),
                getInt(RANDOM_ITERATIONS),
                p > 0 ? p : Runtime.getRuntime().availableProcessors(),
                getLong(SEED));
    }

    /** The thresholds, with the per-model bias limit if one is set. */
    public ValidationThresholds validationThresholds(String modelId) {
        ValidationThresholds t = validationThresholds();
        Double limit = biasLimits().get(modelId);
        return limit == null ? t : t.withBiasLimit(limit);
    }

    private ValidationThresholds validationThresholds() {
        try {
            return new ValidationThresholds(getDouble(MIN_RMSE_IMPROVEMENT), getDouble(MIN_MAPE_IMPROVEMENT),
                getDouble(MAX_ERROR_STD_RATIO), getDouble(MAX_INFERENCE_TIME_RATIO), getDouble(INFERENCE_TIME_FLOOR_MS),
                getDouble(MIN_COVERAGE), getDouble(BIAS_LIMIT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("retrain.validation.*", "", e.getMessage());
        }
    }

    private Map<String, Double> biasLimits() {
        Map<String, Double> out = new HashMap<>();
        String raw = getString(BIAS_LIMITS).trim();
        if (raw.isEmpty()) {
            return out;
        }
        for (String entry : raw.split(",")) {
            String[] kv = entry.split("=", 2);
            try {
                double v = Double.parseDouble(kv[1].trim());
                if (!(v > 0)) {
                    throw new NumberFormatException();
                }
                out.put(kv[0].trim(), v);
            } catch (RuntimeException e) {
                throw new ConfigException(BIAS_LIMITS, raw, "expected model_id=limit,... with limits > 0");
            }
        }
        return out;
    }

    public String instanceId() {
        String id = getString(INSTANCE_ID).trim();
        if (!id.isEmpty()) {
            return id;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "default";
        }
    }

    public Duration staleAfter() {
        return Durations.parse(getString(STALE_AFTER));
    }

    public Duration staleCheckInterval() {
        return Durations.parse(getString(STALE_CHECK_INTERVAL));
    }

    public int failureAlertAfter() {
        return getInt(FAILURE_ALERT_AFTER);
    }

    public String testHaltAfter() {
        return getString(TEST_HALT_AFTER).trim();
    }

    public static ConfigDef configDef() {
        return DEF;
    }
}
