package io.driftwatch.monitor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.streams.state.KeyValueStore;

import io.driftwatch.avro.MonitorSettings;

/**
 * The thresholds of one model (and its tenant), resolved from the configuration and the live
 * {@code monitor-settings} overrides (global store), cached until {@link #clear()}: each stage
 * clears it once per evaluation round, so an override applies to the next evaluation.
 *
 * <p>After a clear the overrides are read again, and the thresholds parsed again only if they changed: a
 * resolution is a pure function of the configuration and the two override records, and parsing every setting
 * (durations, severity triples, rules) once per round and partition cost more than the round's bookkeeping. The
 * resolutions kept across a clear are those used since the clear before it: one per model and tenant in use.
 */
final class ThresholdLookup {

    private final MonitorConfig config;
    private final KeyValueStore<String, MonitorSettings> settings;
    /** By model, then tenant ("" for none). */
    private final Map<String, Map<String, Thresholds>> cache = new HashMap<>();
    /** The last resolution per model and tenant, with the override records it was made from. */
    private final Map<String, Resolved> resolved = new HashMap<>();
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
        // by model, then tenant: no key built per lookup when models alternate (a fleet of many models interleaves)
        Map<String, Thresholds> byTenant = cache.computeIfAbsent(model, m -> new HashMap<>(4));
        String tenantKey = tenant == null ? "" : tenant;
        Thresholds cached = byTenant.get(tenantKey);
        if (cached != null) {
            return cached;
        }
        String k = model + '\u0000' + tenantKey;
        MonitorSettings tenantSettings = tenant == null ? null : settings.get("tenant:" + tenant);
        MonitorSettings modelSettings = settings.get("model:" + model);
        Resolved before = resolved.get(k);
        Thresholds t;
        if (before != null && Objects.equals(before.tenantSettings(), tenantSettings)
                && Objects.equals(before.modelSettings(), modelSettings)) {
            t = before.thresholds();
        } else {
            t = Thresholds.resolve(config, tenantSettings == null ? null : tenantSettings.getSettings(),
                modelSettings == null ? null : modelSettings.getSettings());
        }
        resolved.put(k, new Resolved(tenantSettings, modelSettings, t));
        byTenant.put(tenantKey, t);
        return t;
    }

    void clear() {
        Set<String> used = new HashSet<>();
        cache.forEach((model, byTenant) -> byTenant.keySet().forEach(tenant -> used.add(model + '\u0000' + tenant)));
        resolved.keySet().retainAll(used);
        cache.clear();
        last = null;
    }

    private record Resolved(MonitorSettings tenantSettings, MonitorSettings modelSettings, Thresholds thresholds) {
    }
}
