package io.driftwatch.connect.webhook;

import io.driftwatch.connect.AlertSinkConfig;
import io.driftwatch.connect.AlertSinkConnector;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Sink connector POSTing alerts as a JSON template to any webhook (Discord, Teams, Telegram bots).
 * Settings: {@link WebhookSinkConfig}.
 */
public class WebhookSinkConnector extends AlertSinkConnector {

    @Override
    protected AlertSinkConfig parseConfig(Map<String, String> props) {
        return new WebhookSinkConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WebhookSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return WebhookSinkConfig.CONFIG_DEF;
    }
}
