package io.driftwatch.monitor;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts predictions that expired without an actual (Micrometer counter
 * {@code driftwatch.monitor.predictions.expired}, tags model and horizon) and logs it at most once
 * a minute per model, with the count since the last line. Also counts late and duplicate inputs.
 */
final class ExpiryReporter {

    static final String EXPIRED = "driftwatch.monitor.predictions.expired";
    static final String LATE = "driftwatch.monitor.inputs.late";
    static final String DUPLICATE = "driftwatch.monitor.predictions.duplicate";
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryReporter.class);
    private static final long LOG_INTERVAL_MS = 60_000;

    private final Map<String, long[]> perModel = new HashMap<>(); // model -> {last log wall ms, unlogged count}

    void expired(String model, String horizon, long wallClockMs) {
        Metrics.globalRegistry.counter(EXPIRED, "model", model, "horizon", horizon).increment();
        long[] state = perModel.computeIfAbsent(model, m -> new long[] {Long.MIN_VALUE, 0});
        state[1]++;
        if (state[0] == Long.MIN_VALUE || wallClockMs - state[0] >= LOG_INTERVAL_MS) {
            LOG.warn("{} prediction(s) of model {} expired without an actual (last: horizon {}); see metric {}",
                state[1], model, horizon, EXPIRED);
            state[0] = wallClockMs;
            state[1] = 0;
        }
    }

    static void count(String name, String kind) {
        Counter c = Metrics.globalRegistry.counter(name, "kind", kind);
        c.increment();
    }
}
