package io.driftwatch.telemetry;

import java.util.List;

import org.slf4j.MDC;

/**
 * Names of the SLF4J MDC fields the JSON log layout writes as top-level fields
 * ({@code log4j2-cli.xml}, {@code DRIFTWATCH_LOG_FORMAT=json}). Put them around work on one
 * model:horizon so every line logged meanwhile names it:
 *
 * <pre>{@code
 * try (MDC.MDCCloseable m = MDC.putCloseable(LogFields.MODEL, model);
 *      MDC.MDCCloseable h = MDC.putCloseable(LogFields.HORIZON, horizon)) {
 *     LOG.info("retrain started");
 * }
 * }</pre>
 *
 * <p>{@link #APP} is set by the app runtime ({@code StreamsApp}) while it creates its Kafka Streams
 * client; {@code log4j2.component.properties} makes the MDC inheritable, so the client's threads
 * carry it. Never put a secret or a whole record in the MDC.
 */
public final class LogFields {

    /** Environment variables read by the logging configuration (log4j2-cli.xml), not settings. */
    public static final List<String> ENVIRONMENT = List.of(
        "DRIFTWATCH_LOG_FORMAT", "DRIFTWATCH_LOG_LEVEL", "DRIFTWATCH_KAFKA_LOG_LEVEL");


    public static final String APP = "app";
    public static final String MODEL = "model";
    public static final String HORIZON = "horizon";
    public static final String TRIGGER_ID = "trigger_id";

    private LogFields() {
    }

    /** Sets model and horizon for the current thread until the result is closed. */
    public static AutoCloseable modelHorizon(String model, String horizon) {
        MDC.put(MODEL, model);
        MDC.put(HORIZON, horizon);
        return () -> {
            MDC.remove(MODEL);
            MDC.remove(HORIZON);
        };
    }
}
