package io.driftwatch.ingest;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.config.Durations;

/** Settings of the ingest app: sales and rate events to per-bucket actuals. */
public final class IngestConfig extends CommonConfig {

    public static final String BUCKET_SIZE = "ingest.bucket.size";
    public static final String TIME_ZONE = "ingest.time.zone";
    public static final String GRACE = "ingest.grace";
    public static final String FUTURE_TOLERANCE = "ingest.future.tolerance";
    public static final String MAX_GAP_FILL = "ingest.max-gap-fill";

    private static final ConfigDef DEF = defineIngest(CommonConfig.defineCommon(new ConfigDef()));

    public IngestConfig(Map<?, ?> props) {
        super(DEF, props);
        timeZone();
        if (bucketSize().toMillis() > Duration.ofDays(1).toMillis()
                && bucketSize().toMillis() % Duration.ofDays(1).toMillis() != 0) {
            throw new ConfigException(
                    BUCKET_SIZE, getString(BUCKET_SIZE), "must divide a day or be a whole number of days");
        }
    }

    static ConfigDef defineIngest(ConfigDef def) {
        return def.define(
                        BUCKET_SIZE,
                        Type.STRING,
                        "1d",
                        Durations.validator(true),
                        Importance.HIGH,
                        "Length of one actual's bucket. Whole days follow the calendar of ingest.time.zone; shorter "
                                + "buckets must divide a day.")
                .define(
                        TIME_ZONE,
                        Type.STRING,
                        "UTC",
                        Importance.MEDIUM,
                        "Time zone whose calendar days are the buckets (e.g. America/Santiago). event_time of an"
                                + " actual is the bucket start in this zone.")
                .define(
                        GRACE,
                        Type.STRING,
                        "6h",
                        Durations.validator(false),
                        Importance.MEDIUM,
                        "How long after a bucket ends its late events are still counted. A bucket's actual is emitted"
                                + " once stream time passes its end plus this grace; later events for it go to"
                                + " dead-letters.")
                .define(
                        FUTURE_TOLERANCE,
                        Type.STRING,
                        "1d",
                        Durations.validator(false),
                        Importance.LOW,
                        "Events whose event_time is further than this ahead of both stream time and the wall clock are"
                                + " rejected to dead-letters.")
                .define(
                        MAX_GAP_FILL,
                        Type.INT,
                        366,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "At most this many empty buckets are filled with 0 between two sales buckets of one series "
                                + "(bounds the work when a series comes back after a long silence).");
    }

    public Duration bucketSize() {
        return Durations.parse(getString(BUCKET_SIZE));
    }

    public ZoneId timeZone() {
        try {
            return ZoneId.of(getString(TIME_ZONE));
        } catch (DateTimeException e) {
            throw new ConfigException(TIME_ZONE, getString(TIME_ZONE), "unknown time zone: " + e.getMessage());
        }
    }

    public Duration grace() {
        return Durations.parse(getString(GRACE));
    }

    public Duration futureTolerance() {
        return Durations.parse(getString(FUTURE_TOLERANCE));
    }

    public int maxGapFill() {
        return getInt(MAX_GAP_FILL);
    }

    public static ConfigDef configDef() {
        return DEF;
    }
}
