package io.driftwatch.retrain.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.forecast.model.ModelSpec;
import io.driftwatch.retrain.configs.ConfigHistory;
import io.driftwatch.topics.ModelKey;
import io.driftwatch.topics.Topics;

/**
 * An operator's config ({@code driftwatch configs publish}): the given algorithm and params as the next
 * version of each model:horizon (v1 for a new one), promoted at once: on {@code model-configs} and
 * {@code model-config-versions}, one transaction per horizon (transactional.id
 * {@code <prefix>-retrain-cli}, as a manual rollback). The params are checked the way the forecaster
 * builds them, so a config it could not use is refused before anything is sent.
 */
public final class ManualPublish {

    private ManualPublish() {
    }

    /** Publishes one version per horizon and returns them, in the order of {@code horizons}. */
    public static List<ModelConfig> publish(
            RetrainConfig config,
            ConfigHistory history,
            String model,
            List<String> horizons,
            String algorithm,
            Map<String, String> params,
            long now) {
        if (model.isBlank() || model.contains(":")) {
            throw new IllegalArgumentException("--model must be non-empty and without ':', was '" + model + "'");
        }
        ModelSpec.parse(algorithm, params);
        List<ModelConfig> out = new ArrayList<>();
        for (String horizon : horizons) {
            String key = ModelKey.of(model, horizon);
            Integer previous = history.current(key).map(ModelConfig::getVersion).orElse(null);
            out.add(ModelConfig.newBuilder().setModelId(model).setHorizon(horizon).setVersion(history.nextVersion(key))
                .setAlgorithm(algorithm).setParams(new TreeMap<>(params)).setCreatedAt(Instant.ofEpochMilli(now))
                .setReason(List.of("manual-publish:" + key + "@" + now)).setPreviousVersion(previous).build());
        }
        try (TransactionalPublisher p = new TransactionalPublisher(config.kafkaClientProperties(),
            config.applicationId("retrain") + "-cli", Topics.from(config), "")) {
            for (ModelConfig c : out) {
                p.publish(new AttemptResult(c, null, List.of()), null, null);
            }
        }
        return out;
    }
}
