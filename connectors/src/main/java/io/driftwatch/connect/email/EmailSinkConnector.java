package io.driftwatch.connect.email;

import io.driftwatch.connect.AlertSinkConfig;
import io.driftwatch.connect.AlertSinkConnector;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;

/**
 * Sink connector emailing drift triggers, anomalies and ops alerts (HTML + text, recipients per
 * severity, optional digest). Settings: {@link EmailSinkConfig}.
 */
public class EmailSinkConnector extends AlertSinkConnector {

    @Override
    protected AlertSinkConfig parseConfig(Map<String, String> props) {
        return new EmailSinkConfig(props);
    }

    @Override
    protected void crossValidate(Map<String, String> props, Map<String, ConfigValue> values) {
        boolean allClean = values.values().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (!allClean) {
            return; // fix the per-field errors first
        }
        EmailSinkConfig.problemsOf(props).forEach((name, message) -> values.get(name).addErrorMessage(message));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return EmailSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return EmailSinkConfig.CONFIG_DEF;
    }
}
