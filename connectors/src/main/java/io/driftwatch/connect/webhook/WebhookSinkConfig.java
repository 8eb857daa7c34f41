package io.driftwatch.connect.webhook;

import io.driftwatch.connect.AlertSinkConfig;
import io.driftwatch.connect.Validators;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Settings of {@link WebhookSinkConnector}: the shared alert settings plus URL, template, headers. */
public final class WebhookSinkConfig extends AlertSinkConfig {
    public static final String URL = "webhook.url";
    public static final String TEMPLATE = "webhook.template";
    public static final String HEADERS = "webhook.headers";
    public static final String DEFAULT_TEMPLATE =
            "{\"text\": \"${text}\", \"severity\": \"${severity}\", \"kind\": \"${kind}\", "
                    + "\"model_horizon\": \"${model_horizon}\", \"idempotency_key\": \"${idempotency_key}\"}";

    private static final ConfigDef.Validator TEMPLATE_VALIDATOR = (name, value) -> {
        String problem = JsonTemplate.problem((String) value);
        if (problem != null) {
            throw new ConfigException(name, value, problem);
        }
    };

    private static final ConfigDef.Validator HEADERS_VALIDATOR = (name, value) -> {
        if (value != null) {
            try {
                parseHeaders(((Password) value).value());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }
    };

    public static final ConfigDef CONFIG_DEF = baseDef()
            .define(URL, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Validators.httpUrl(), Importance.HIGH,
                    "Where to POST (Discord/Teams webhook URL, Telegram sendMessage URL with the bot token). "
                            + "A secret: never logged.", "Webhook", 1, ConfigDef.Width.LONG, "URL")
            .define(TEMPLATE, Type.STRING, DEFAULT_TEMPLATE, TEMPLATE_VALIDATOR, Importance.HIGH,
                    "JSON body with ${name} placeholders: any record field (${model_id}, ${severity}, ...) or "
                            + "${title}, ${text}, ${body}, ${next_step}, ${severity_emoji}, ${kind}, "
                            + "${model_horizon}, ${idempotency_key}, ${folded_count}. Values are JSON-escaped; put "
                            + "placeholders inside JSON strings.", "Webhook", 2, ConfigDef.Width.LONG, "Template")
            .define(HEADERS, Type.PASSWORD, "", HEADERS_VALIDATOR, Importance.LOW,
                    "Extra request headers as 'Name: value' entries separated by ';' (e.g. Authorization). "
                            + "A secret: never logged.", "Webhook", 3, ConfigDef.Width.LONG, "Headers");

    public WebhookSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public URI url() {
        return URI.create(getPassword(URL).value().trim());
    }

    public JsonTemplate template() {
        return new JsonTemplate(getString(TEMPLATE));
    }

    public Map<String, String> headers() {
        return parseHeaders(getPassword(HEADERS).value());
    }

    static Map<String, String> parseHeaders(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : spec.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0 || entry.substring(0, colon).isBlank()) {
                throw new IllegalArgumentException("each header must be 'Name: value'");
            }
            String name = entry.substring(0, colon).trim();
            String value = entry.substring(colon + 1).trim();
            try {
                HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
            } catch (IllegalArgumentException e) {
                // the JDK's message may quote the value, which can be a secret: do not pass it on
                throw new IllegalArgumentException(
                        "header '" + name + "' is restricted or has an invalid name or value");
            }
            out.put(name, value);
        }
        return out;
    }
}
