package io.driftwatch.connect.slack;

import io.driftwatch.connect.AlertSinkConfig;
import io.driftwatch.connect.AlertSinkConnector;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Sink connector posting drift triggers, anomalies and ops alerts to a Slack incoming webhook.
 * Settings: {@link SlackSinkConfig}.
 */
public class SlackSinkConnector extends AlertSinkConnector {

    @Override
    protected AlertSinkConfig parseConfig(Map<String, String> props) {
        return new SlackSinkConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SlackSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return SlackSinkConfig.CONFIG_DEF;
    }
}
