package io.driftwatch.retrain.configs;

/**
 * The record keys of the config and report topics: {@code model:horizon} on model-configs,
 * retrain-reports, ops-alerts and drift-triggers; {@code model:horizon:version} on
 * model-config-versions.
 */
public final class ModelKeys {

    private ModelKeys() {
    }

    public static String key(String modelId, String horizon) {
        return modelId + ":" + horizon;
    }

    public static String versionKey(String modelId, String horizon, int version) {
        return key(modelId, horizon) + ":" + version;
    }
}
