package io.driftwatch.retrain.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.OpsAlertType;
import io.driftwatch.avro.Severity;

/**
 * The ops alerts of the retrain service, with their fixed severities: repeated validation failures
 * MEDIUM, promotion failed HIGH, rollback executed HIGH, optimisation slower than its budget
 * MEDIUM, no promotion for too long LOW. Alert ids are deterministic (type, model:horizon and what
 * caused it), so a consumer can dedupe a re-sent alert.
 */
final class OpsAlerts {

    private OpsAlerts() {
    }

    static OpsAlert create(OpsAlertType type, String modelId, String horizon, String cause, String message,
                           Map<String, String> details, long now) {
        return OpsAlert.newBuilder()
            .setAlertId(type.name().toLowerCase(Locale.ROOT) + ":" + modelId + ":" + horizon + ":" + cause)
            .setType(type).setSeverity(severity(type)).setModelId(modelId).setHorizon(horizon).setMessage(message)
            .setCreatedAt(Instant.ofEpochMilli(now)).setDetails(new HashMap<>(details)).build();
    }

    static Severity severity(OpsAlertType type) {
        return switch (type) {
            case PROMOTION_FAILED, ROLLBACK_EXECUTED -> Severity.HIGH;
            case VALIDATION_FAILED_REPEATEDLY, OPTIMISATION_SLOW -> Severity.MEDIUM;
            default -> Severity.LOW;
        };
    }
}
