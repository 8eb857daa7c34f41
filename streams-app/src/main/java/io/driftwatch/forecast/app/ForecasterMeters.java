package io.driftwatch.forecast.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.telemetry.Telemetry;
import io.driftwatch.topics.ModelKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;

/**
 * The forecaster's Micrometer meters (names and tags in {@link MetricNames}, tag
 * {@code app=forecaster}), in {@link Telemetry#registry()}, next to the Kafka Streams sensors of
 * {@link ForecasterSensors}: predictions emitted per model/horizon and, as a gauge, the config
 * version the last prediction of each model:horizon was made with (0 = the default config).
 *
 * <p>Process-wide: every stream thread and task of the process shares one counter and one gauge per
 * model:horizon (the promoted config is global, so the tasks agree on it). Thread-safe. Size: one
 * entry per model:horizon the process has predicted for.
 */
final class ForecasterMeters {

    static final String APP = "forecaster";

    private static final Map<String, Counter> PREDICTIONS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> VERSIONS = new ConcurrentHashMap<>();

    private ForecasterMeters() {
    }

    /** One prediction for model:horizon was forwarded, made with this config version. */
    static void predicted(String model, String horizon, int configVersion) {
        String key = ModelKey.of(model, horizon);
        PREDICTIONS.computeIfAbsent(key, k -> Telemetry.registry().counter(MetricNames.PREDICTIONS_EMITTED,
            MetricNames.TAG_APP, APP, MetricNames.TAG_MODEL, model, MetricNames.TAG_HORIZON, horizon)).increment();
        VERSIONS.computeIfAbsent(key, k -> {
            AtomicInteger v = new AtomicInteger(configVersion);
            Gauge.builder(MetricNames.CONFIG_VERSION, v, AtomicInteger::get)
                .tags(MetricNames.TAG_APP, APP, MetricNames.TAG_MODEL, model, MetricNames.TAG_HORIZON, horizon)
                .register(Telemetry.registry());
            return v;
        }).set(configVersion);
    }
}
