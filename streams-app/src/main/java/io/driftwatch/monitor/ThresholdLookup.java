package io.driftwatch.monitor;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.streams.state.KeyValueStore;

import io.driftwatch.avro.MonitorSettings;

/**
 * The thresholds of one model (and its tenant), resolved from the configuration and the live
 * {@code monitor-settings} overrides (global store), cached until {@link #clear()}: each stage
 * clears it once per evaluation round, so an override applies to the next evaluation.
 */
final class ThresholdLookup {

    private final MonitorConfig config;
    private final KeyValueStore<String, MonitorSettings> settings;
    private final Map<String, Thresholds> cache = new HashMap<>();
    // the last answer: consecutive pairs are mostly of the same model and tenant (no key built, no hash)
    private String lastModel;
    private String lastTenant;
    private Thresholds last;

    ThresholdLookup(MonitorConfig config, KeyValueStore<String, MonitorSettings> settings) {
        this.config = config;
        this.settings = settings;
    }

    Thresholds of(String model, String tenant) {
        if (last != null && model.equals(lastModel) && Objects.equals(tenant, lastTenant)) {
            return last;
        }
        lastModel = model;
        lastTenant = tenant;
        last = resolve(model, tenant);
        return last;
    }

    private Thresholds resolve(String model, String tenant) {
        return cache.computeIfAbsent(model + '\u0000' + (tenant == null ? "" : tenant), k -> {
            MonitorSettings tenantSettings = tenant == null ? null : settings.get("tenant:" + tenant);
            MonitorSettings modelSettings = settings.get("model:" + model);
            return Thresholds.resolve(config, tenantSettings == null ? null : tenantSettings.getSettings(),
                modelSettings == null ? null : modelSettings.getSettings());
        });
    }

    void clear() {
        cache.clear();
        last = null;
    }
}
