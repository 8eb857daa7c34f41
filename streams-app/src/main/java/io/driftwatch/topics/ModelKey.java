package io.driftwatch.topics;

/**
 * The one layout of the {@code model:horizon} key: the record key of drift-triggers, model-configs,
 * retrain-reports and the model's ops-alerts, and the key of per-model state and meters;
 * {@code model:horizon:version} keys model-config-versions.
 */
public final class ModelKey {

    /** Between the model id, the horizon and the version. */
    public static final char SEPARATOR = ':';

    private ModelKey() {
    }

    /** {@code model:horizon}. */
    public static String of(String modelId, String horizon) {
        return modelId + SEPARATOR + horizon;
    }

    /** {@code model:horizon:version}, the key of model-config-versions. */
    public static String withVersion(String modelId, String horizon, int version) {
        return of(modelId, horizon) + SEPARATOR + version;
    }
}
