package io.driftwatch.demo;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.connect.sink.SinkConnector;

import io.driftwatch.connect.email.EmailSinkConfig;
import io.driftwatch.connect.email.EmailSinkConnector;
import io.driftwatch.connect.slack.SlackSinkConfig;
import io.driftwatch.connect.slack.SlackSinkConnector;
import io.driftwatch.connect.webhook.WebhookSinkConfig;
import io.driftwatch.connect.webhook.WebhookSinkConnector;

/**
 * One alert channel the demo adds to its Connect worker, from {@code --alerts CHANNEL=TARGET}:
 *
 * <pre>
 * slack=https://hooks.slack.com/services/T.../B.../...
 * webhook=https://example.com/hook
 * email=smtp://[user[:password]@]host[:port]?to=a@example.com[,b@example.com]&amp;from=driftwatch@example.com
 *       [&amp;SETTING=VALUE...]       (one line: the email target with optional settings appended)
 * </pre>
 *
 * <p>{@code smtp} means STARTTLS (port 587 unless given), {@code smtps} TLS from the first byte (465).
 * Other query parameters are settings of the email connector, e.g. {@code smtp.security=NONE} for a
 * local relay. A user without a password in the URI takes it from {@code DRIFTWATCH_SMTP_PASSWORD}.
 *
 * <p>Invariants: the settings passed the connector's own {@code validate()}; no message, no
 * {@link #toString()} and no {@link #description()} contains the webhook URL or the SMTP password
 * (validation messages show passwords as {@code [hidden]}).
 */
public final class AlertTarget {

    static final String SMTP_PASSWORD_ENV = "DRIFTWATCH_SMTP_PASSWORD";
    static final String FORMS =
            "slack=URL, webhook=URL or email=smtp[s]://[user[:password]@]host[:port]?to=ADDRESS&from=ADDRESS";
    private static final Set<String> FROM_URI = Set.of(EmailSinkConfig.SMTP_HOST, EmailSinkConfig.SMTP_PORT,
        EmailSinkConfig.SMTP_USERNAME, EmailSinkConfig.SMTP_PASSWORD);

    private final String channel;
    private final Supplier<SinkConnector> connector;
    private final Map<String, String> settings;
    private final String description;

    private AlertTarget(
            String channel, Supplier<SinkConnector> connector, Map<String, String> settings, String description) {
        this.channel = channel;
        this.connector = connector;
        this.settings = Map.copyOf(settings);
        this.description = description;
    }

    /**
     * Parses and validates one {@code --alerts} value.
     *
     * @throws IllegalArgumentException with a message naming the problem (never a secret)
     */
    public static AlertTarget parse(String spec) {
        return parse(spec, System::getenv);
    }

    static AlertTarget parse(String spec, Function<String, String> env) {
        int eq = spec.indexOf('=');
        String channel = (eq < 0 ? spec : spec.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        String target = eq < 0 ? "" : spec.substring(eq + 1).trim();
        AlertTarget parsed = switch (channel) {
            case "slack" ->
                new AlertTarget(
                        "slack",
                        SlackSinkConnector::new,
                        Map.of(SlackSinkConfig.WEBHOOK_URL, target),
                        "Slack (webhook URL hidden)");
            case "webhook" ->
                new AlertTarget(
                        "webhook",
                        WebhookSinkConnector::new,
                        Map.of(WebhookSinkConfig.URL, target),
                        "webhook (URL hidden)");
            case "email" -> email(target, env);
            // the channel is echoed only when it looks like a word: a bare URL would be a secret
            default ->
                throw new IllegalArgumentException((channel.matches("[a-z0-9_-]{1,20}")
                                ? "unknown alert channel '" + channel + "'"
                                : "not CHANNEL=TARGET")
                        + "; expected " + FORMS);
        };
        parsed.validate();
        return parsed;
    }

    private static AlertTarget email(String target, Function<String, String> env) {
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "email: not a URI (percent-encode special characters); expected " + FORMS);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps") || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "email: expected smtp://HOST (STARTTLS) or smtps://HOST (TLS): " + FORMS);
        }
        boolean tls = scheme.equals("smtps");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 587;
        Map<String, String> s = new LinkedHashMap<>();
        s.put(EmailSinkConfig.SMTP_HOST, uri.getHost());
        s.put(EmailSinkConfig.SMTP_PORT, String.valueOf(port));
        s.put(EmailSinkConfig.SMTP_SECURITY, tls ? "SMTPS" : "STARTTLS");
        if (uri.getUserInfo() != null) {
            String userInfo = uri.getUserInfo();
            int colon = userInfo.indexOf(':');
            s.put(EmailSinkConfig.SMTP_USERNAME, colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? env.apply(SMTP_PASSWORD_ENV) : userInfo.substring(colon + 1);
            if (password != null) {
                s.put(EmailSinkConfig.SMTP_PASSWORD, password);
            }
        }
        s.putAll(queryParameters(uri.getRawQuery()));
        String description = "email to " + s.getOrDefault(EmailSinkConfig.TO, "(nobody)") + " via " + uri.getHost()
                + ":" + port + " (" + s.get(EmailSinkConfig.SMTP_SECURITY) + ")";
        return new AlertTarget("email", EmailSinkConnector::new, s, description);
    }

    /** {@code to}, {@code from}, and email connector settings not already given by the URI. */
    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String setting = switch (name) {
                case "to" -> EmailSinkConfig.TO;
                case "from" -> EmailSinkConfig.FROM;
                default -> name;
            };
            if (!EmailSinkConfig.CONFIG_DEF.names().contains(setting) || FROM_URI.contains(setting)) {
                throw new IllegalArgumentException(
                        "email: unknown parameter '" + name + "'; use to, from, or a setting of the email connector"
                                + " (connectors/README.md) such as smtp.security or"
                                + " email.subject.prefix");
            }
            out.put(setting, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    /** Percent-decoding only: '+' stays a plus (addresses such as ops+alerts@example.com). */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private void validate() {
        List<String> errors = connector.get().validate(settings).configValues().stream()
            .flatMap(v -> v.errorMessages().stream()).toList();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(channel + ": " + String.join(" ", errors));
        }
    }

    /** "slack", "email" or "webhook": the connector's name in the demo's worker. */
    public String channel() {
        return channel;
    }

    /** The connector class to run. */
    public String connectorClass() {
        return connector.get().getClass().getName();
    }

    /** The channel's own settings (with its secrets: for the connector config only, never to print). */
    public Map<String, String> settings() {
        return settings;
    }

    /** What the demo prints about this channel: no secret. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
