package io.driftwatch.forecast.app;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.forecast.model.ModelSpec;

/**
 * Turns the promoted {@code ModelConfig} of a model:horizon (or its absence) into the
 * {@link ResolvedConfig} to forecast with.
 *
 * <p>No promoted config: the default, version 0. A promoted config whose algorithm or params do not
 * parse ({@link ModelSpec#parse}) must not stop the app: it resolves to the default (version 0,
 * because the default's parameters are what produced the prediction) with a problem text to log
 * and count. Parsed results are cached per key until the promoted record changes, so each bad
 * version is reported as {@linkplain Resolution#firstTime() new} once. The cache holds one entry
 * per model:horizon key seen, the same bound as the {@code model-configs} topic's compacted size.
 */
final class ConfigResolver {

    /**
     * @param config    what to forecast with
     * @param problem   why the promoted config was not used, or null
     * @param firstTime true the first time this promoted record is resolved (log problems once)
     */
    record Resolution(ResolvedConfig config, String problem, boolean firstTime) {
    }

    private record Cached(ModelConfig source, ResolvedConfig config, String problem) {
    }

    private final ResolvedConfig fallback;
    private final Map<String, Cached> cache = new HashMap<>();

    ConfigResolver(ModelSpec defaultSpec) {
        this.fallback = new ResolvedConfig(0, Objects.requireNonNull(defaultSpec, "defaultSpec"));
    }

    ResolvedConfig defaultConfig() {
        return fallback;
    }

    /**
     * @param key      {@code model_id:horizon}
     * @param promoted the promoted config on {@code model-configs}, or null if none
     */
    Resolution resolve(String key, ModelConfig promoted) {
        if (promoted == null) {
            cache.remove(key);
            return new Resolution(fallback, null, false);
        }
        Cached cached = cache.get(key);
        if (cached != null && cached.source().equals(promoted)) {
            return new Resolution(cached.config(), cached.problem(), false);
        }
        Cached fresh = parse(key, promoted);
        cache.put(key, fresh);
        return new Resolution(fresh.config(), fresh.problem(), true);
    }

    private Cached parse(String key, ModelConfig promoted) {
        try {
            ModelSpec spec = ModelSpec.parse(promoted.getAlgorithm(), promoted.getParams());
            return new Cached(promoted, new ResolvedConfig(promoted.getVersion(), spec), null);
        } catch (IllegalArgumentException e) { // InvalidModelSpecException and cross-field checks
            String problem = "promoted config " + key + " version " + promoted.getVersion() + " ("
                + promoted.getAlgorithm() + " " + promoted.getParams() + ") is invalid: " + e.getMessage()
                + "; forecasting with the default config (version 0)";
            return new Cached(promoted, fallback, problem);
        }
    }
}
