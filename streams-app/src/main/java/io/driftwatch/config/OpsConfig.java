package io.driftwatch.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Operations settings every app shares: where the metrics/health HTTP endpoint listens. Defined
 * into {@link io.driftwatch.config.CommonConfig}, so they are driftwatch settings (never passed to
 * Kafka clients) and appear in the configuration reference.
 */
public final class OpsConfig {

    public static final String METRICS_PORT = "metrics.port";
    public static final String METRICS_BIND_ADDRESS = "metrics.bind-address";
    /** {@link #METRICS_PORT} value meaning "no HTTP endpoint". */
    public static final int OFF = -1;

    private OpsConfig() {
    }

    public static ConfigDef define(ConfigDef def) {
        return def.define(
                        METRICS_PORT,
                        Type.INT,
                        OFF,
                        ConfigDef.Range.between(OFF, 65535),
                        Importance.MEDIUM,
                        "Port of the HTTP endpoint serving /metrics (Prometheus text format), /health and /ready for"
                                + " the apps of 'run'; -1 turns it off, 0 picks a free port (printed at start). Same as"
                                + " run --metrics-port.")
                .define(
                        METRICS_BIND_ADDRESS,
                        Type.STRING,
                        "127.0.0.1",
                        new ConfigDef.NonEmptyString(),
                        Importance.LOW,
                        "Address the metrics endpoint binds to; 0.0.0.0 in containers so Prometheus can scrape it.");
    }
}
