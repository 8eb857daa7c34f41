package io.driftwatch.forecast.app;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.ingest.IngestConfig;
import io.driftwatch.config.ModelAssignment;
import io.driftwatch.forecast.model.ModelSpec;

/**
 * Settings of the forecaster app: which model serves which series, the horizons, the history
 * bound, and the config used before a model:horizon has a promoted one. Everything is checked at
 * start-up; a bad value fails with the setting's name.
 */
public final class ForecasterConfig extends CommonConfig {

    public static final String MODELS = ModelAssignment.SETTING;
    public static final String HORIZONS = "forecaster.horizons";
    public static final String HISTORY_MAX_POINTS = "forecaster.history.max-points";
    public static final String MIN_HISTORY = "forecaster.min-history";
    public static final String DEFAULT_ALGORITHM = "forecaster.default-algorithm";
    public static final String DEFAULT_PARAMS = "forecaster.default-params";
    public static final String SEED = "forecaster.seed";
    /** Shared with ingest on purpose: the calendar of the actuals' daily buckets. */
    public static final String TIME_ZONE = IngestConfig.TIME_ZONE;

    private static final ConfigDef DEF = defineForecaster(CommonConfig.defineCommon(new ConfigDef()));

    public ForecasterConfig(Map<?, ?> props) {
        super(DEF, props);
        models();
        horizons();
        defaultSpec();
        timeZone();
        if (minHistory() > historyMaxPoints()) {
            throw new ConfigException(
                    MIN_HISTORY, minHistory(), "must be <= " + HISTORY_MAX_POINTS + " (" + historyMaxPoints() + ")");
        }
    }

    static ConfigDef defineForecaster(ConfigDef def) {
        return def
            .define(MODELS, Type.STRING, ModelAssignment.DEFAULT, Importance.HIGH, ModelAssignment.DOC
                + " Series no entry matches are not forecast.")
            .define(HORIZONS, Type.LIST, "7d,15d,30d,90d", Importance.HIGH,
                "Horizons predicted on each new actual, as written in predictions and config keys (model_id:horizon). "
                    + "Each must be a whole number of the actual's buckets (bucket_ms).")
            .define(HISTORY_MAX_POINTS, Type.INT, 1100, ConfigDef.Range.atLeast(2), Importance.MEDIUM,
                "Points kept per series (newest first); bounds the history store at 16 bytes a point per series.")
            .define(MIN_HISTORY, Type.INT, 15, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                "Points a series needs before it is forecast. A config that needs more (Holt-Winters: two seasons) "
                    + "predicts with naive until the history is long enough.")
            .define(DEFAULT_ALGORITHM, Type.STRING, "seasonal_naive", Importance.MEDIUM,
                "Algorithm used for a model:horizon without a promoted config on model-configs, or whose promoted "
                    + "config is invalid (predictions then carry config_version 0).")
            .define(DEFAULT_PARAMS, Type.LIST, "season_length=7", Importance.MEDIUM,
                "Params of the default algorithm, key=value entries (see ModelConfig.params).")
            .define(SEED, Type.LONG, 42L, Importance.LOW,
                "Seed of the prediction intervals' bootstrap. Each forecast's seed derives from it, the series and "
                    + "issued_at, so a replay gives the same predictions.")
            .define(TIME_ZONE, Type.STRING, "UTC", Importance.MEDIUM,
                "Same setting as ingest's: the time zone whose calendar days are the daily buckets. target_time of a "
                    + "prediction from daily buckets is the bucket start that many calendar days later there.");
    }

    public ModelAssignment models() {
        return ModelAssignment.parse(getString(MODELS));
    }

    public List<Horizon> horizons() {
        try {
            return Horizon.parseAll(getList(HORIZONS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(HORIZONS, getList(HORIZONS), e.getMessage());
        }
    }

    public int historyMaxPoints() {
        return getInt(HISTORY_MAX_POINTS);
    }

    public int minHistory() {
        return getInt(MIN_HISTORY);
    }

    public long seed() {
        return getLong(SEED);
    }

    /** The params of {@link #DEFAULT_PARAMS} as a map. */
    public Map<String, String> defaultParams() {
        Map<String, String> params = new LinkedHashMap<>();
        for (String entry : getList(DEFAULT_PARAMS)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(DEFAULT_PARAMS, getList(DEFAULT_PARAMS), "'" + entry + "' is not key=value");
            }
            params.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return params;
    }

    /** The default config's spec, validated like a promoted one. */
    public ModelSpec defaultSpec() {
        Map<String, String> params = defaultParams();
        try {
            return ModelSpec.parse(getString(DEFAULT_ALGORITHM), params);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(DEFAULT_ALGORITHM + " / " + DEFAULT_PARAMS,
                getString(DEFAULT_ALGORITHM) + " " + params, e.getMessage());
        }
    }

    public ZoneId timeZone() {
        try {
            return ZoneId.of(getString(TIME_ZONE));
        } catch (DateTimeException e) {
            throw new ConfigException(TIME_ZONE, getString(TIME_ZONE), "unknown time zone: " + e.getMessage());
        }
    }

    public static ConfigDef configDef() {
        return DEF;
    }
}
