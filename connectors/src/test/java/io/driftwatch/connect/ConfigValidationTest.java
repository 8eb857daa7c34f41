package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connect.email.EmailSinkConnector;
import io.driftwatch.connect.slack.SlackSinkConnector;
import io.driftwatch.connect.webhook.WebhookSinkConnector;
import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connector.validate() reports exact per-field errors, and never echoes a secret. */
class ConfigValidationTest {

    private static Map<String, List<String>> errors(SinkConnector connector, Map<String, String> props) {
        return connector.validate(props).configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    private static Map<String, String> slack(String url) {
        Map<String, String> p = new HashMap<>();
        p.put("slack.webhook.url", url);
        return p;
    }

    @Test
    void slackReportsAMissingOrBadUrlWithoutEchoingIt() {
        assertThat(errors(new SlackSinkConnector(), Map.of())).containsExactly(Map.entry("slack.webhook.url",
                List.of("Missing required configuration \"slack.webhook.url\" which has no default value.")));

        Map<String, List<String>> bad = errors(new SlackSinkConnector(), slack("ftp://hooks.example/s3cr3t"));
        assertThat(bad)
                .containsExactly(Map.entry(
                        "slack.webhook.url",
                        List.of("Invalid value [hidden] for configuration slack.webhook.url: must be an"
                                + " absolute http:// or https:// URL")));
        assertThat(bad.toString()).doesNotContain("s3cr3t");
        assertThat(errors(new SlackSinkConnector(), slack("https://hooks.slack.com/services/T/B/X"))).isEmpty();
    }

    @Test
    void unknownSeveritiesAndTopicKindsAreReportedPerField() {
        Map<String, String> p = slack("https://hooks.slack.com/services/T/B/X");
        p.put("min.severity", "SEVERE");
        p.put("topic.kinds", "drift-triggers:TRIGGER,anomalies:ANOMALIES");
        p.put("rate.limit.window.ms", "-1");
        assertThat(errors(new SlackSinkConnector(), p))
                .containsOnly(
                        Map.entry(
                                "min.severity",
                                List.of("Invalid value SEVERE for configuration min.severity: unknown severity;"
                                        + " expected one of LOW, MEDIUM, HIGH, CRITICAL")),
                        Map.entry(
                                "topic.kinds",
                                List.of("Invalid value anomalies:ANOMALIES for configuration topic.kinds:"
                                        + " expected topic:KIND with KIND one of TRIGGER, ANOMALY, OPS_ALERT")),
                        Map.entry(
                                "rate.limit.window.ms",
                                List.of("Invalid value -1 for configuration rate.limit.window.ms:"
                                        + " Value must be at least 0")));
    }

    private static Map<String, String> email() {
        Map<String, String> p = new HashMap<>();
        p.put("smtp.host", "smtp.example.com");
        p.put("email.from", "driftwatch@example.com");
        p.put("email.to", "team@example.com");
        return p;
    }

    @Test
    void emailReportsMissingHostBadSecurityAndBadAddresses() {
        Map<String, String> p = email();
        p.remove("smtp.host");
        p.put("smtp.security", "TLS");
        p.put("email.to.critical", "oncall@example.com,not an address");
        p.put("digest.severities", "LOW,URGENT");
        assertThat(errors(new EmailSinkConnector(), p))
                .containsOnly(
                        Map.entry(
                                "smtp.host",
                                List.of("Missing required configuration \"smtp.host\" which has no default value.")),
                        Map.entry(
                                "smtp.security",
                                List.of("Invalid value TLS for configuration smtp.security: expected one"
                                        + " of STARTTLS, SMTPS, NONE")),
                        Map.entry(
                                "email.to.critical",
                                List.of("Invalid value not an address for configuration"
                                        + " email.to.critical: not a valid email address")),
                        Map.entry(
                                "digest.severities",
                                List.of("Invalid value URGENT for configuration digest.severities:"
                                        + " unknown severity; expected one of LOW, MEDIUM, HIGH, CRITICAL")));
    }

    @Test
    void emailCrossChecksRecipientsAndCredentialsOnceFieldsAreValid() {
        Map<String, String> p = email();
        p.remove("email.to");
        p.put("email.to.critical", "oncall@example.com");
        p.put("smtp.username", "driftwatch");
        assertThat(errors(new EmailSinkConnector(), p)).containsOnly(
                Map.entry("email.to", List.of("No recipients for severity LOW: set email.to or email.to.low.")),
                Map.entry("smtp.password", List.of("smtp.username is set but smtp.password is not.")));

        p.put("min.severity", "CRITICAL");
        p.put("smtp.password", "pw");
        assertThat(errors(new EmailSinkConnector(), p)).isEmpty();
        assertThatThrownBy(() -> new EmailSinkConnector().start(Map.of("smtp.host", "h", "email.from", "a@b.c")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("No recipients for severity LOW: set email.to or email.to.low.");
    }

    @Test
    void webhookReportsATemplateThatIsNotJsonAndBadHeaders() {
        Map<String, String> p = new HashMap<>();
        p.put("webhook.url", "https://discord.com/api/webhooks/1/s3cr3t");
        p.put("webhook.template", "{\"content\": \"${text}\"");
        p.put("webhook.headers", "Authorization Bearer s3cr3t");
        Map<String, List<String>> errors = errors(new WebhookSinkConnector(), p);
        assertThat(errors.keySet()).containsExactlyInAnyOrder("webhook.template", "webhook.headers");
        assertThat(errors.get("webhook.template").get(0)).startsWith("Invalid value {\"content\": \"${text}\" for"
                + " configuration webhook.template: not valid JSON once placeholders are filled: ");
        assertThat(errors.get("webhook.headers")).containsExactly(
                "Invalid value [hidden] for configuration webhook.headers: each header must be 'Name: value'");
        assertThat(errors.toString()).doesNotContain("s3cr3t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "email", "webhook-discord", "webhook-teams", "webhook-telegram"})
    void theReadyToPostConfigsAreValid(String name) throws Exception {
        JsonNode file = new ObjectMapper().readTree(new File("config/" + name + ".json"));
        Map<String, String> props = new HashMap<>();
        file.get("config").properties().forEach(e -> props.put(e.getKey(), e.getValue().asText()));
        SinkConnector connector = (SinkConnector) Class.forName(props.get("connector.class"))
                .getDeclaredConstructor().newInstance();
        assertThat(errors(connector, props)).isEmpty();
        assertThat(file.get("name").asText()).startsWith("driftwatch-");
    }
}
