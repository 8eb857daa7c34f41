package io.driftwatch.connect.console;

import io.driftwatch.connect.AlertSinkConfig;
import io.driftwatch.connect.AlertSinkConnector;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Sink connector printing drift triggers, anomalies and ops alerts as plain text, in the layout of
 * the email text part (the same code renders both). For trying the alerts out without an endpoint,
 * and for the demo, which runs it on its embedded worker. Settings: {@link ConsoleSinkConfig}.
 */
public class ConsoleSinkConnector extends AlertSinkConnector {

    @Override
    protected AlertSinkConfig parseConfig(Map<String, String> props) {
        return new ConsoleSinkConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ConsoleSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return ConsoleSinkConfig.CONFIG_DEF;
    }
}
