package io.driftwatch.connect;

import io.driftwatch.avro.Severity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings every alert sink shares: record kinds, severity filter, rate limit, retries, timeouts.
 *
 * <p>Each connector's config extends this and adds its own keys to {@link #baseDef()}.
 */
public class AlertSinkConfig extends AbstractConfig {
    public static final String TOPIC_KINDS = "topic.kinds";
    public static final String MIN_SEVERITY = "min.severity";
    public static final String SKIP_SUPPRESSED = "skip.suppressed";
    public static final String RATE_LIMIT_WINDOW_MS = "rate.limit.window.ms";
    public static final String RETRY_MAX_RETRIES = "retry.max.retries";
    public static final String RETRY_BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String RETRY_AFTER_MAX_MS = "retry.after.max.ms";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";

    private static final String GROUP = "Alerts";

    protected AlertSinkConfig(ConfigDef def, Map<?, ?> props) {
        super(def, props);
    }

    /** The shared settings; subclasses {@code define} their own on the returned def. */
    public static ConfigDef baseDef() {
        int order = 0;
        return new ConfigDef()
                .define(
                        TOPIC_KINDS,
                        Type.LIST,
                        "drift-triggers:TRIGGER,anomalies:ANOMALY,ops-alerts:OPS_ALERT",
                        Validators.topicKinds(),
                        Importance.MEDIUM,
                        "Which contract each topic carries, as topic:KIND (KIND = TRIGGER, ANOMALY, OPS_ALERT). "
                                + "Records from other topics are recognised by their id field (trigger_id, "
                                + "anomaly_id, alert_id).",
                        GROUP,
                        ++order,
                        ConfigDef.Width.LONG,
                        "Topic kinds")
                .define(
                        MIN_SEVERITY,
                        Type.STRING,
                        "LOW",
                        Validators.severity(),
                        Importance.HIGH,
                        "Alerts below this severity are skipped (their offsets are committed). One of "
                                + Validators.SEVERITIES + ".",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Minimum severity")
                .define(
                        SKIP_SUPPRESSED,
                        Type.BOOLEAN,
                        false,
                        Importance.MEDIUM,
                        "Skip drift triggers marked suppressed (raised during a cooldown, or replayed history "
                                + "before monitor.triggers.active-from): no action follows them. Their offsets are "
                                + "committed. false: they are sent, labelled '(suppressed by cooldown)'.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Skip suppressed triggers")
                .define(
                        RATE_LIMIT_WINDOW_MS,
                        Type.LONG,
                        600_000L,
                        ConfigDef.Range.atLeast(0),
                        Importance.MEDIUM,
                        "At most one message per model:horizon per this many ms. Alerts inside the window are "
                                + "folded into a '+ N more' line of the next message for that model (or one summary "
                                + "message once the window ends), never dropped. 0 disables the limit.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Rate limit window (ms)")
                .define(
                        RETRY_MAX_RETRIES,
                        Type.INT,
                        6,
                        ConfigDef.Range.atLeast(0),
                        Importance.MEDIUM,
                        "Retries after a failed attempt (5xx, 429, timeout, connection error) before the task "
                                + "fails; the undelivered record's offset is not committed.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Max retries")
                .define(
                        RETRY_BACKOFF_INITIAL_MS,
                        Type.LONG,
                        500L,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "First retry backoff; doubles per retry, with jitter (half fixed, half random).",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Initial backoff (ms)")
                .define(
                        RETRY_BACKOFF_MAX_MS,
                        Type.LONG,
                        10_000L,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "Upper bound of one computed backoff.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Max backoff (ms)")
                .define(
                        RETRY_AFTER_MAX_MS,
                        Type.LONG,
                        120_000L,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "Upper bound of a wait requested by a server's Retry-After header.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Max Retry-After (ms)")
                .define(
                        REQUEST_TIMEOUT_MS,
                        Type.INT,
                        10_000,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "Connect and response timeout of one delivery attempt (HTTP request or SMTP session).",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Request timeout (ms)");
    }

    /** topic -> kind, from {@value #TOPIC_KINDS}. */
    public Map<String, RecordKind> topicKinds() {
        Map<String, RecordKind> out = new LinkedHashMap<>();
        for (String entry : getList(TOPIC_KINDS)) {
            int colon = entry.lastIndexOf(':');
            out.put(entry.substring(0, colon).trim(), RecordKind.parse(entry.substring(colon + 1)).orElseThrow());
        }
        return out;
    }

    public Severity minSeverity() {
        return Severity.valueOf(getString(MIN_SEVERITY).trim().toUpperCase(Locale.ROOT));
    }

    public boolean skipSuppressed() {
        return getBoolean(SKIP_SUPPRESSED);
    }

    public long rateLimitWindowMs() {
        return getLong(RATE_LIMIT_WINDOW_MS);
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS));
    }

    /** The retry policy these settings describe. */
    public RetryPolicy retryPolicy(Sleeper sleeper, Random random) {
        long initial = getLong(RETRY_BACKOFF_INITIAL_MS);
        long max = Math.max(initial, getLong(RETRY_BACKOFF_MAX_MS));
        return new RetryPolicy(getInt(RETRY_MAX_RETRIES), Duration.ofMillis(initial), Duration.ofMillis(max),
                Duration.ofMillis(getLong(RETRY_AFTER_MAX_MS)), sleeper, random);
    }
}
