package io.driftwatch.retrain.service;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.driftwatch.avro.CriterionResult;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.telemetry.Telemetry;
import io.driftwatch.topics.ModelKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The retrain service's own meters (names and tags in {@link MetricNames}, tag {@code app=retrain}),
 * in {@link Telemetry#registry()}.
 *
 * <p>Attempts, approvals, rejections, promotions and automatic rollbacks are counted from an
 * {@link AttemptResult} once its transaction committed ({@link #committed}), so a trigger retried
 * after a failed publication counts once. The search timer is recorded when a search ends, whatever
 * happens to its result. The config-version gauge follows the promoted configs the service knows
 * ({@link #promoted}); a promoted version that appears with {@code rolled_back_from} set and no
 * report id is an operator's rollback ({@link ManualRollback}, which runs in the CLI) and counts as
 * {@code mode=manual} once the service has read its initial state. Gauges are updated from the
 * service thread; the values they read are atomics.
 */
final class RetrainMetrics {

    static final String APP = "retrain";

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new HashMap<>();

    RetrainMetrics() {
        this(Telemetry.registry());
    }

    RetrainMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A search with its backtests took this long. */
    void searched(String model, String horizon, long durationMs) {
        registry.timer(MetricNames.RETRAIN_SEARCH_DURATION, MetricNames.TAG_APP, APP, MetricNames.TAG_MODEL, model,
            MetricNames.TAG_HORIZON, horizon).record(Math.max(0, durationMs), TimeUnit.MILLISECONDS);
    }

    /** An attempt's outputs were committed: count its outcome, failed criteria and what it published. */
    void committed(AttemptResult result) {
        RetrainReport report = result.report();
        if (report != null) {
            String model = report.getModelId();
            String horizon = report.getHorizon();
            registry.counter(MetricNames.RETRAIN_ATTEMPTS, MetricNames.TAG_APP, APP, MetricNames.TAG_MODEL, model,
                MetricNames.TAG_HORIZON, horizon, MetricNames.TAG_OUTCOME, report.getOutcome()).increment();
            boolean validated = report.getCriteria() != null && !report.getCriteria().isEmpty();
            if (validated && report.getApproved()) {
                registry.counter(MetricNames.RETRAIN_APPROVALS, MetricNames.TAG_APP, APP, MetricNames.TAG_MODEL, model,
                    MetricNames.TAG_HORIZON, horizon).increment();
            }
            if (validated) {
                for (CriterionResult c : report.getCriteria()) {
                    if (!c.getPassed()) {
                        registry.counter(
                                        MetricNames.RETRAIN_REJECTIONS,
                                        MetricNames.TAG_APP,
                                        APP,
                                        MetricNames.TAG_MODEL,
                                        model,
                                        MetricNames.TAG_HORIZON,
                                        horizon,
                                        MetricNames.TAG_CRITERION,
                                        c.getName())
                                .increment();
                    }
                }
            }
            if ("ROLLED_BACK".equals(report.getOutcome())) {
                rollback(model, horizon, "automatic");
            }
        }
        ModelConfig config = result.config();
        if (config != null) {
            registry.counter(
                            MetricNames.PROMOTIONS,
                            MetricNames.TAG_APP,
                            APP,
                            MetricNames.TAG_MODEL,
                            config.getModelId(),
                            MetricNames.TAG_HORIZON,
                            config.getHorizon())
                    .increment();
            version(ModelKey.of(config.getModelId(), config.getHorizon()), config).set(config.getVersion());
        }
    }

    /**
     * The promoted configs as read from model-configs (after a catch-up).
     *
     * @param live false for the initial load (nothing counted), true afterwards
     */
    void promoted(Map<String, ModelConfig> promoted, boolean live) {
        for (Map.Entry<String, ModelConfig> e : promoted.entrySet()) {
            ModelConfig c = e.getValue();
            AtomicInteger v = versions.get(e.getKey());
            if (v != null && v.get() == c.getVersion()) {
                continue;
            }
            if (live && c.getRolledBackFrom() != null && c.getReportId() == null) {
                rollback(c.getModelId(), c.getHorizon(), "manual");
            }
            version(e.getKey(), c).set(c.getVersion());
        }
        for (String key : Map.copyOf(versions).keySet()) {
            if (!promoted.containsKey(key)) {
                versions.remove(key);
                Gauge g = gauges.remove(key);
                if (g != null) {
                    registry.remove(g);
                }
            }
        }
    }

    private void rollback(String model, String horizon, String mode) {
        registry.counter(MetricNames.ROLLBACKS, MetricNames.TAG_APP, APP, MetricNames.TAG_MODEL, model,
            MetricNames.TAG_HORIZON, horizon, MetricNames.TAG_MODE, mode).increment();
    }

    private AtomicInteger version(String key, ModelConfig c) {
        return versions.computeIfAbsent(key, k -> {
            AtomicInteger v = new AtomicInteger(c.getVersion());
            gauges.put(
                    k,
                    Gauge.builder(MetricNames.CONFIG_VERSION, v, AtomicInteger::get)
                            .tags(
                                    MetricNames.TAG_APP,
                                    APP,
                                    MetricNames.TAG_MODEL,
                                    c.getModelId(),
                                    MetricNames.TAG_HORIZON,
                                    c.getHorizon())
                            .register(registry));
            return v;
        });
    }
}
