package io.driftwatch.retrain.configs;

import java.time.Instant;
import java.util.List;

import io.driftwatch.avro.ModelConfig;

/** Builds the new version a rollback publishes: the target's params under the next version number. */
public final class Rollbacks {

    private Rollbacks() {
    }

    /**
     * @param target the version whose algorithm and params are restored
     * @param current the promoted config being replaced (rolled_back_from = bad version)
     * @param badVersion the version rolled back from
     * @param nextVersion the version to publish
     * @param reason trigger ids or an operator note
     */
    public static ModelConfig build(ModelConfig target, ModelConfig current, int badVersion, int nextVersion,
                                    List<String> reason, long now, String reportId) {
        return ModelConfig.newBuilder(target)
            .setVersion(nextVersion)
            .setCreatedAt(Instant.ofEpochMilli(now))
            .setReason(reason)
            .setPreviousVersion(current.getVersion())
            .setRolledBackFrom(badVersion)
            .setReportId(reportId)
            .build();
    }
}
