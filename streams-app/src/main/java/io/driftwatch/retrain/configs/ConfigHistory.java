package io.driftwatch.retrain.configs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.topics.ModelKey;

/**
 * What is promoted per model:horizon (from model-configs) and every version ever published (from
 * model-config-versions), as read so far.
 *
 * <p>Invariants: versions are kept per model:horizon in version order; {@link #nextVersion} is one
 * more than the highest version seen on either topic, so versions stay monotonic without gaps as
 * long as one writer owns a model:horizon at a time. Size: one entry per published version
 * (compacted topics, a handful of versions per model:horizon per month). Not thread-safe.
 */
public final class ConfigHistory {

    private final Map<String, ModelConfig> promoted = new TreeMap<>();
    private final Map<String, NavigableMap<Integer, ModelConfig>> versions = new TreeMap<>();

    /** A record of model-configs: the promoted config of its model:horizon (null value = deleted). */
    public void onPromoted(String key, ModelConfig config) {
        if (config == null) {
            promoted.remove(key);
            return;
        }
        promoted.put(key, config);
        versions.computeIfAbsent(key, k -> new TreeMap<>()).putIfAbsent(config.getVersion(), config);
    }

    /** A record of model-config-versions: one immutable snapshot. */
    public void onVersion(ModelConfig config) {
        if (config != null) {
            versions.computeIfAbsent(ModelKey.of(config.getModelId(), config.getHorizon()), k -> new TreeMap<>())
                .put(config.getVersion(), config);
        }
    }

    /** The promoted config of a model:horizon. */
    public Optional<ModelConfig> current(String key) {
        return Optional.ofNullable(promoted.get(key));
    }

    /** A version's snapshot. */
    public Optional<ModelConfig> version(String key, int version) {
        NavigableMap<Integer, ModelConfig> v = versions.get(key);
        return Optional.ofNullable(v == null ? null : v.get(version));
    }

    /** Every version of a model:horizon, oldest first. */
    public List<ModelConfig> versions(String key) {
        NavigableMap<Integer, ModelConfig> v = versions.get(key);
        return v == null ? List.of() : new ArrayList<>(v.values());
    }

    /** The version the next published config must carry: highest seen + 1, or 1. */
    public int nextVersion(String key) {
        int max = 0;
        NavigableMap<Integer, ModelConfig> v = versions.get(key);
        if (v != null && !v.isEmpty()) {
            max = v.lastKey();
        }
        ModelConfig p = promoted.get(key);
        if (p != null) {
            max = Math.max(max, p.getVersion());
        }
        return max + 1;
    }

    /** Promoted configs by model:horizon. */
    public Map<String, ModelConfig> promoted() {
        return Collections.unmodifiableMap(promoted);
    }

    /** Every model:horizon with at least one version. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(versions.keySet());
        promoted.keySet().stream().filter(k -> !versions.containsKey(k)).forEach(keys::add);
        Collections.sort(keys);
        return keys;
    }

    /**
     * The config a rollback republishes.
     *
     * @param key model:horizon
     * @param toVersion the version to restore, or null for the one before {@code badVersion}
     * @param badVersion the version rolled back from (null = the promoted one)
     * @throws IllegalArgumentException if there is nothing to roll back to
     */
    public ModelConfig rollbackTarget(String key, Integer toVersion, Integer badVersion) {
        ModelConfig current =
                current(key).orElseThrow(() -> new IllegalArgumentException("no promoted config for " + key));
        int bad = badVersion != null ? badVersion : current.getVersion();
        int target = toVersion != null ? toVersion : bad - 1;
        if (target < 1) {
            throw new IllegalArgumentException("no version before " + bad + " to roll back to for " + key);
        }
        if (target == current.getVersion()) {
            throw new IllegalArgumentException("version " + target + " of " + key + " is already promoted");
        }
        return version(key, target).orElseThrow(() -> new IllegalArgumentException("version " + target + " of " + key
            + " is unknown; versions: " + versions(key).stream().map(ModelConfig::getVersion).toList()));
    }
}
