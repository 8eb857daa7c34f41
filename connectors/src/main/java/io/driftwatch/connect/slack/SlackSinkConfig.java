package io.driftwatch.connect.slack;

import io.driftwatch.avro.Severity;
import io.driftwatch.connect.AlertSinkConfig;
import io.driftwatch.connect.Validators;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of {@link SlackSinkConnector}: the shared alert settings plus the incoming webhook. */
public final class SlackSinkConfig extends AlertSinkConfig {
    public static final String WEBHOOK_URL = "slack.webhook.url";
    public static final String MENTION = "slack.mention";
    public static final String MENTION_MIN_SEVERITY = "slack.mention.min.severity";

    public static final ConfigDef CONFIG_DEF = baseDef()
            .define(WEBHOOK_URL, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Validators.httpUrl(), Importance.HIGH,
                    "Slack incoming webhook URL (https://hooks.slack.com/services/...). A secret: never logged.",
                    "Slack", 1, ConfigDef.Width.LONG, "Webhook URL")
            .define(MENTION, Type.STRING, "", Importance.LOW,
                    "Text put before the message for severe alerts, e.g. <!here>, <!channel> or <@U123>. "
                            + "Empty: no mention.", "Slack", 2, ConfigDef.Width.SHORT, "Mention")
            .define(MENTION_MIN_SEVERITY, Type.STRING, "CRITICAL", Validators.severity(), Importance.LOW,
                    "Alerts at or above this severity get the mention.", "Slack", 3, ConfigDef.Width.SHORT,
                    "Mention from severity");

    public SlackSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public URI webhookUrl() {
        return URI.create(getPassword(WEBHOOK_URL).value().trim());
    }

    public String mention() {
        return getString(MENTION);
    }

    public Severity mentionMinSeverity() {
        return Severity.valueOf(getString(MENTION_MIN_SEVERITY).trim().toUpperCase(Locale.ROOT));
    }
}
