package io.driftwatch.monitor;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.telemetry.MetricNames;

/**
 * Counts predictions that expired without an actual (Micrometer counter
 * {@code driftwatch.monitor.predictions.expired}, tags app=monitor, model and horizon) and logs it at most once
 * a minute per model, with the count since the last line. Also counts late and duplicate inputs.
 */
final class ExpiryReporter {

    static final String EXPIRED = MetricNames.PREDICTIONS_EXPIRED;
    static final String LATE = MetricNames.INPUTS_LATE;
    static final String DUPLICATE = MetricNames.PREDICTIONS_DUPLICATE;
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryReporter.class);
    private static final long LOG_INTERVAL_MS = 60_000;

    private final Map<String, long[]> perModel = new HashMap<>(); // model -> {last log wall ms, unlogged count}

    void expired(String model, String horizon, long wallClockMs) {
        MonitorMeters.predictionExpired(model, horizon);
        long[] state = perModel.computeIfAbsent(model, m -> new long[] {Long.MIN_VALUE, 0});
        state[1]++;
        if (state[0] == Long.MIN_VALUE || wallClockMs - state[0] >= LOG_INTERVAL_MS) {
            LOG.warn("{} prediction(s) of model {} expired without an actual (last: horizon {}); see metric {}",
                state[1], model, horizon, EXPIRED);
            state[0] = wallClockMs;
            state[1] = 0;
        }
    }

    private record NameKind(String name, String kind) {
    }

    private static final Map<NameKind, Counter> COUNTS = new ConcurrentHashMap<>();

    static void count(String name, String kind) {
        COUNTS.computeIfAbsent(
                        new NameKind(name, kind),
                        k -> Metrics.globalRegistry.counter(
                                k.name(), MetricNames.TAG_APP, "monitor", MetricNames.TAG_KIND, k.kind()))
                .increment();
    }
}
