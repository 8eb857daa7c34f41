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
 *
 * <p>After a clear the overrides are read again, and the thresholds parsed again only if they changed: a
 * resolution is a pure function of the configuration and the two override records, and parsing every setting
 * (durations, severity triples, rules) once per round and partition cost more than the round's bookkeeping. The
 * resolutions kept across a clear are those used since the clear before it: one per model and tenant in use.
 */
final class ThresholdLookup {

    private final MonitorConfig config;
    private final KeyValueStore<String, MonitorSettings> settings;
    /**
     * By model, then tenant ("" for none): the last resolution with the override records it was made from, and the
     * round (between two clears) in which it was last checked against them.
     */
    private final Map<String, Map<String, Resolved>> resolved = new HashMap<>();
    private long round;
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
        Map<String, Resolved> byTenant = resolved.computeIfAbsent(model, m -> new HashMap<>(4));
        String tenantKey = tenant == null ? "" : tenant;
        Resolved r = byTenant.get(tenantKey);
        if (r != null && r.round == round) {
            return r.thresholds;
        }
        MonitorSettings tenantSettings = tenant == null ? null : settings.get("tenant:" + tenant);
        MonitorSettings modelSettings = settings.get("model:" + model);
        if (r == null || !Objects.equals(r.tenantSettings, tenantSettings)
                || !Objects.equals(r.modelSettings, modelSettings)) {
            r = new Resolved(tenantSettings, modelSettings, Thresholds.resolve(config,
                tenantSettings == null ? null : tenantSettings.getSettings(),
                modelSettings == null ? null : modelSettings.getSettings()));
            byTenant.put(tenantKey, r);
        }
        r.round = round;
        return r.thresholds;
    }

    /** Ends a round: the next lookups read the overrides again; resolutions not used in this round are dropped. */
    void clear() {
        resolved.values().forEach(byTenant -> byTenant.values().removeIf(r -> r.round != round));
        resolved.values().removeIf(Map::isEmpty);
        round++;
        last = null;
    }

    private static final class Resolved {
        final MonitorSettings tenantSettings;
        final MonitorSettings modelSettings;
        final Thresholds thresholds;
        long round;

        Resolved(MonitorSettings tenantSettings, MonitorSettings modelSettings, Thresholds thresholds) {
            this.tenantSettings = tenantSettings;
            this.modelSettings = modelSettings;
            this.thresholds = thresholds;
        }
    }
}
