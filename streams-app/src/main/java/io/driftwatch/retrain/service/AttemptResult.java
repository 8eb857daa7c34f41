package io.driftwatch.retrain.service;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.RetrainReport;

/**
 * Everything one handled trigger publishes, in one transaction with the trigger's offset.
 *
 * @param config the new version to promote, or null (rejected, dry run, failed, skipped)
 * @param report the audit record, or null for a skipped trigger (duplicate, suppressed, CONTINUE)
 * @param alerts ops alerts
 * @param deadLetter the trigger's dead letter when it broke the contract, else null
 */
record AttemptResult(
        ModelConfig config, RetrainReport report, List<OpsAlert> alerts, ProducerRecord<byte[], byte[]> deadLetter) {

    AttemptResult {
        alerts = List.copyOf(alerts);
    }

    AttemptResult(ModelConfig config, RetrainReport report, List<OpsAlert> alerts) {
        this(config, report, alerts, null);
    }

    /** A trigger that broke its contract: only its dead letter is published (with its offset). */
    static AttemptResult deadLetter(ProducerRecord<byte[], byte[]> deadLetter) {
        return new AttemptResult(null, null, List.of(), deadLetter);
    }

    static AttemptResult skipped() {
        return new AttemptResult(null, null, List.of());
    }

    AttemptResult withAlerts(List<OpsAlert> more) {
        List<OpsAlert> all = new ArrayList<>(alerts);
        all.addAll(more);
        return new AttemptResult(config, report, all, deadLetter);
    }
}
