package io.driftwatch.retrain.service;

import java.util.List;
import java.util.Map;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.OpsAlertType;
import io.driftwatch.retrain.configs.ConfigHistory;
import io.driftwatch.retrain.configs.Rollbacks;
import io.driftwatch.topics.ModelKey;
import io.driftwatch.topics.Topics;

/**
 * An operator's rollback ({@code driftwatch configs rollback}): republishes a previous version's
 * params as the next version, with rolled_back_from = the promoted version, and a ROLLBACK_EXECUTED
 * ops alert, in one transaction (transactional.id {@code <prefix>-retrain-cli}).
 */
public final class ManualRollback {

    private ManualRollback() {
    }

    /** Publishes the rollback and returns the new version. */
    public static ModelConfig publish(RetrainConfig config, ConfigHistory history, String model, String horizon,
                                      Integer toVersion, long now) {
        String key = ModelKey.of(model, horizon);
        ModelConfig current =
                history.current(key).orElseThrow(() -> new IllegalArgumentException("no promoted config for " + key));
        ModelConfig target = history.rollbackTarget(key, toVersion, current.getVersion());
        int version = history.nextVersion(key);
        String note = "manual-rollback:" + key + ":v" + current.getVersion() + "->v" + target.getVersion() + "@" + now;
        ModelConfig next = Rollbacks.build(target, current, current.getVersion(), version, List.of(note), now, null);
        var alert = OpsAlerts.create(
                OpsAlertType.ROLLBACK_EXECUTED,
                model,
                horizon,
                note,
                "Operator rolled back " + key + " from v" + current.getVersion() + " to the params of v"
                        + target.getVersion() + " as v" + version,
                Map.of(
                        "rolled_back_from",
                        String.valueOf(current.getVersion()),
                        "restored_version",
                        String.valueOf(target.getVersion()),
                        "new_version",
                        String.valueOf(version)),
                now);
        try (TransactionalPublisher p = new TransactionalPublisher(config.kafkaClientProperties(),
            config.applicationId("retrain") + "-cli", Topics.from(config), "")) {
            p.publish(new AttemptResult(next, null, List.of(alert)), null, null);
        }
        return next;
    }
}
