package io.driftwatch.ui;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import io.driftwatch.config.CommonConfig;

/**
 * Settings of the web console ({@code driftwatch ui}): where it listens, where its API key comes from,
 * how much it keeps in memory. The key itself is never a setting value: settings are printed and logged.
 */
public final class UiConfig extends CommonConfig {

    public static final String PORT = "ui.port";
    public static final String BIND_ADDRESS = "ui.bind-address";
    public static final String API_KEY_ENV = "ui.api-key.env";
    public static final String API_KEY_FILE = "ui.api-key.file";
    public static final String AUTH_MAX_FAILURES = "ui.auth.max-failures";
    public static final String SERIES_POINTS = "ui.series.points";
    public static final String SERIES_MAX = "ui.series.max";
    public static final String EVALUATIONS_MAX = "ui.evaluations.max";
    public static final String EVENTS_MAX = "ui.events.max";

    private static final ConfigDef DEF = define(defineCommon(new ConfigDef()));

    public UiConfig(Map<?, ?> props) {
        super(DEF, props);
    }

    static ConfigDef define(ConfigDef def) {
        return def.define(PORT, Type.INT, 8080, Range.between(0, 65535), Importance.MEDIUM,
                "Port of the web console (`driftwatch ui`); 0 picks a free port (printed at start).")
            .define(BIND_ADDRESS, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                "Address the web console binds to. On a loopback address it serves without a key; on any other"
                    + " it requires the API key of " + API_KEY_ENV + " or " + API_KEY_FILE + " and will not start"
                    + " without one.")
            .define(API_KEY_ENV, Type.STRING, "DRIFTWATCH_UI_API_KEY", Importance.MEDIUM,
                "Name of the environment variable holding the console's API key (at least 16 characters).")
            .define(API_KEY_FILE, Type.STRING, "", Importance.MEDIUM,
                "File holding the console's API key (its first line); wins over the environment variable.")
            .define(AUTH_MAX_FAILURES, Type.INT, 10, Range.atLeast(1), Importance.LOW,
                "Failed API key attempts per remote address per minute before the console answers 429.")
            .define(SERIES_POINTS, Type.INT, 400, Range.between(2, 100_000), Importance.LOW,
                "Recent points (prediction + actual) the console keeps per model:horizon:series for the series"
                    + " page and the per-series error ranking.")
            .define(SERIES_MAX, Type.INT, 200_000, Range.atLeast(1), Importance.LOW,
                "Most model:horizon:series the console keeps points of; further series are counted, not kept.")
            .define(EVALUATIONS_MAX, Type.INT, 5_000, Range.atLeast(1), Importance.LOW,
                "Most recent evaluations the console keeps per model:horizon (one a bucket: 5,000 daily"
                    + " evaluations are 13 years).")
            .define(EVENTS_MAX, Type.INT, 1_000, Range.atLeast(1), Importance.LOW,
                "Most recent triggers, anomalies and version events the console keeps per model:horizon"
                    + " (anomalies and drift results per series: a tenth of it, at least 10).");
    }

    public static ConfigDef configDef() {
        return DEF;
    }

    /**
     * The Kafka client properties without any {@code ui.*} entry: the default key variable
     * DRIFTWATCH_UI_API_KEY reads as a setting {@code ui.api.key}, which must never reach a client config.
     */
    @Override
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> props = super.kafkaClientProperties();
        props.keySet().removeIf(k -> k.startsWith("ui."));
        return props;
    }

    public int port() {
        return getInt(PORT);
    }

    public String bindAddress() {
        return getString(BIND_ADDRESS);
    }

    public int seriesPoints() {
        return getInt(SERIES_POINTS);
    }

    public int seriesMax() {
        return getInt(SERIES_MAX);
    }

    public int evaluationsMax() {
        return getInt(EVALUATIONS_MAX);
    }

    public int eventsMax() {
        return getInt(EVENTS_MAX);
    }

    public int authMaxFailures() {
        return getInt(AUTH_MAX_FAILURES);
    }
}
