package io.driftwatch.monitor;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.telemetry.Telemetry;
import io.driftwatch.stats.KolmogorovSmirnov;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;

/**
 * The monitor's Micrometer counters (names and tags in {@link MetricNames}, tag {@code app=monitor}),
 * in {@link Telemetry#registry()}: pairs matched, predictions expired and windows evaluated per model/horizon, triggers
 * emitted per model/horizon/type/severity/suppressed, and KS evaluations per method
 * ({@code exact}, {@code asymptotic}, {@code sketch}: {@link KolmogorovSmirnov.Method} in lower case);
 * gauges of the predictions waiting for their actual and of the recent / baseline RMSE per model/horizon.
 *
 * <p>Each counter is registered once and cached (the global registry is a composite, so a cached
 * counter also feeds registries added later). Process-wide and thread-safe. Size: a few entries per
 * model:horizon the process has seen.
 */
final class MonitorMeters {

    static final String APP = "monitor";

    private static final Map<ModelHorizon, Counter> PAIRS = new ConcurrentHashMap<>();
    private static final Map<ModelHorizon, Counter> EXPIRED = new ConcurrentHashMap<>();
    private static final Map<ModelHorizon, Counter> WINDOWS = new ConcurrentHashMap<>();
    private static final Map<TriggerKey, Counter> TRIGGERS = new ConcurrentHashMap<>();
    private static final Map<KolmogorovSmirnov.Method, Counter> KS;
    private static final Map<ModelHorizon, AtomicLong> PENDING = new ConcurrentHashMap<>();
    private static final Map<ModelHorizon, AtomicLong> RMSE_RECENT = new ConcurrentHashMap<>();
    private static final Map<ModelHorizon, AtomicLong> RMSE_BASELINE = new ConcurrentHashMap<>();

    static {
        Map<KolmogorovSmirnov.Method, Counter> ks = new EnumMap<>(KolmogorovSmirnov.Method.class);
        for (KolmogorovSmirnov.Method m : KolmogorovSmirnov.Method.values()) {
            ks.put(m, Telemetry.registry().counter(MetricNames.KS_EVALUATIONS, MetricNames.TAG_APP, APP,
                MetricNames.TAG_METHOD, methodTag(m)));
        }
        KS = ks;
    }

    /** A model:horizon as meter tags. */
    record ModelHorizon(String model, String horizon) {
    }

    private record TriggerKey(String model, String horizon, String type, String severity, boolean suppressed) {
    }

    private MonitorMeters() {
    }

    static String methodTag(KolmogorovSmirnov.Method m) {
        return m.name().toLowerCase(Locale.ROOT);
    }

    /** The counter of predictions matched with their actual, per model:horizon (the matching task keeps it at hand). */
    static Counter pairsMatched(String model, String horizon) {
        return counter(PAIRS, MetricNames.PAIRS_MATCHED, model, horizon);
    }

    /** One prediction expired without an actual. */
    static void predictionExpired(String model, String horizon) {
        counter(EXPIRED, MetricNames.PREDICTIONS_EXPIRED, model, horizon).increment();
    }

    /** One model:horizon was evaluated at one window end. */
    static void windowEvaluated(String model, String horizon) {
        counter(WINDOWS, MetricNames.WINDOWS_EVALUATED, model, horizon).increment();
    }

    /** The counter {@code name} of one model:horizon, registered at its first use and cached in {@code counters}. */
    private static Counter counter(Map<ModelHorizon, Counter> counters, String name, String model, String horizon) {
        return counters.computeIfAbsent(new ModelHorizon(model, horizon), k -> Telemetry.registry().counter(name,
            MetricNames.TAG_APP, APP, MetricNames.TAG_MODEL, k.model(), MetricNames.TAG_HORIZON, k.horizon()));
    }

    /** One trigger was forwarded (suppressed or not). */
    static void triggerEmitted(DriftTrigger t) {
        TriggerKey key = new TriggerKey(
                t.getModelId().toString(),
                t.getHorizon().toString(),
                t.getType().name(),
                t.getSeverity().name(),
                t.getSuppressed());
        TRIGGERS.computeIfAbsent(key, k -> Telemetry.registry().counter(MetricNames.TRIGGERS,
            MetricNames.TAG_APP, APP, MetricNames.TAG_MODEL, k.model(), MetricNames.TAG_HORIZON, k.horizon(),
            MetricNames.TAG_TYPE, k.type(), MetricNames.TAG_SEVERITY, k.severity(),
            MetricNames.TAG_SUPPRESSED, String.valueOf(k.suppressed()))).increment();
    }

    /**
     * The value of the pending gauge of {@code mh} (predictions waiting for their actual in this process), registered
     * at its first use. Each matching task adds what it holds when it starts, from its store, and subtracts it when it
     * closes, so the gauge stays exact across restarts and rebalances; the task keeps the value at hand.
     */
    static AtomicLong pending(ModelHorizon mh) {
        return PENDING.computeIfAbsent(mh, k -> {
            AtomicLong v = new AtomicLong();
            Telemetry.registry().gauge(MetricNames.PREDICTIONS_PENDING, Tags.of(MetricNames.TAG_APP, APP,
                MetricNames.TAG_MODEL, k.model(), MetricNames.TAG_HORIZON, k.horizon()), v, AtomicLong::get);
            return v;
        });
    }

    /** The RMSE of the recent and baseline windows of the latest evaluation (NaN when a window is empty). */
    static void windowRmse(String model, String horizon, double recent, double baseline) {
        ModelHorizon mh = new ModelHorizon(model, horizon);
        rmseHolder(RMSE_RECENT, MetricNames.RMSE_RECENT, mh).set(Double.doubleToLongBits(recent));
        rmseHolder(RMSE_BASELINE, MetricNames.RMSE_BASELINE, mh).set(Double.doubleToLongBits(baseline));
    }

    private static AtomicLong rmseHolder(Map<ModelHorizon, AtomicLong> holders, String name, ModelHorizon mh) {
        return holders.computeIfAbsent(mh, k -> {
            AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            Telemetry.registry().gauge(name, Tags.of(MetricNames.TAG_APP, APP, MetricNames.TAG_MODEL, k.model(),
                MetricNames.TAG_HORIZON, k.horizon()), bits, b -> Double.longBitsToDouble(b.get()));
            return bits;
        });
    }

    /** One KS test was computed, by this method. */
    static void ksEvaluated(KolmogorovSmirnov.Method method) {
        KS.get(method).increment();
    }
}
