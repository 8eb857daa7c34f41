package io.driftwatch.kafka;

import java.util.Map;

import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.telemetry.Telemetry;

/**
 * Counts dead-lettered records as {@code driftwatch.deadletters{app, reason}}. Shared by the
 * counting exception handlers, which Kafka Streams configures with the Streams properties: the app
 * name comes from {@link #APP_CONFIG}.
 *
 * <p>Reasons stay bounded: {@code deserialization}, the stable code of a {@link BadRecordException}
 * (e.g. {@code wrong-partition}), or the simple class name of any other exception.
 */
final class DeadLetterCounter {

    /** Streams property naming the app for the {@code app} tag. */
    static final String APP_CONFIG = "driftwatch.app";
    static final String DESERIALIZATION = "deserialization";

    private String app = "unknown";

    void configure(Map<String, ?> configs) {
        Object name = configs.get(APP_CONFIG);
        if (name != null) {
            app = name.toString();
        }
    }

    void count(String reason) {
        Telemetry.registry()
                .counter(MetricNames.DEAD_LETTERS, MetricNames.TAG_APP, app, MetricNames.TAG_REASON, reason)
                .increment();
    }

    /** The reason code for an exception: the first BadRecordException in its cause chain, else its class. */
    static String reasonOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadRecordException bad) {
                return bad.reason();
            }
        }
        return e == null ? "unknown" : e.getClass().getSimpleName();
    }
}
