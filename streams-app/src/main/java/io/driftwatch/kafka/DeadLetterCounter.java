package io.driftwatch.kafka;

import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.telemetry.Telemetry;

/**
 * Counts dead-lettered records as {@code driftwatch.deadletters{app, reason}}. Shared by the
 * counting exception handlers, which Kafka Streams configures with the Streams properties: the app
 * name comes from {@link #APP_CONFIG}.
 *
 * <p>Reasons stay bounded: {@code deserialization}, the stable code of a {@link BadRecordException}
 * (e.g. {@code wrong-partition}), or the simple class name of any other exception.
 *
 * <p>Global stores: Kafka Streams cannot send dead letters from the global thread (it reads a
 * global topic both when restoring and when updating, through the same handlers). A bad record
 * there is skipped without a dead letter, logged at WARN with topic, partition, offset and reason,
 * and counted as {@code driftwatch.global.skipped{app, topic, reason}}; the store keeps the key's
 * previous value.
 */
final class DeadLetterCounter {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterCounter.class);

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

    /** True when the handler was called from the global thread (global store update or restore). */
    static boolean isGlobal(ErrorHandlerContext context) {
        return context != null && context.taskId() != null && context.taskId().subtopology() < 0;
    }

    /** Logs and counts a bad record of a global store's topic, which is skipped without a dead letter. */
    void skippedGlobal(ErrorHandlerContext context, String reason, Exception exception) {
        skippedGlobal(context.topic(), context.partition(), context.offset(), reason, exception);
    }

    /** Logs and counts a bad record of a global store's topic, which is skipped without a dead letter. */
    void skippedGlobal(String topic, int partition, long offset, String reason, Exception exception) {
        LOG.warn("{}: skipped a bad record of global topic {}-{}@{} [{}]: {}. It is NOT in dead-letters (Kafka Streams"
                        + " cannot dead-letter from the global thread); the store keeps the key's previous value. Fix:"
                        + " produce a corrected record with the same key.", app, topic, partition, offset, reason,
                exception == null ? "" : exception.getMessage());
        Telemetry.registry()
                .counter(MetricNames.GLOBAL_SKIPPED, MetricNames.TAG_APP, app, MetricNames.TAG_TOPIC,
                        String.valueOf(topic), MetricNames.TAG_REASON, reason)
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
