package io.driftwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.driftwatch.connect.email.EmailSinkConnector;
import io.driftwatch.connect.slack.SlackSinkConnector;
import io.driftwatch.connect.webhook.WebhookSinkConnector;

/** {@code --alerts} values: what each becomes, and the exact message of each mistake, never with a secret in it. */
class AlertTargetTest {

    private static final Map<String, String> NO_ENV = Map.of();

    private static AlertTarget parse(String spec) {
        return AlertTarget.parse(spec, NO_ENV::get);
    }

    @Test
    void slackAndWebhookTakeTheirUrlAsThePasswordSetting() {
        AlertTarget slack = parse("slack=https://hooks.slack.com/services/T0/B0/s3cr3t");
        assertThat(slack.channel()).isEqualTo("slack");
        assertThat(slack.connectorClass()).isEqualTo(SlackSinkConnector.class.getName());
        assertThat(slack.settings())
                .containsExactly(Map.entry("slack.webhook.url", "https://hooks.slack.com/services/T0/B0/s3cr3t"));
        assertThat(slack.description()).isEqualTo("Slack (webhook URL hidden)").isEqualTo(slack.toString());

        AlertTarget webhook = parse(" WEBHOOK = https://example.com/hook?token=s3cr3t ");
        assertThat(webhook.connectorClass()).isEqualTo(WebhookSinkConnector.class.getName());
        assertThat(webhook.settings())
                .containsExactly(Map.entry("webhook.url", "https://example.com/hook?token=s3cr3t"));
        assertThat(webhook.description()).doesNotContain("s3cr3t");
    }

    @Test
    void emailUriBecomesTheEmailConnectorsSettings() {
        AlertTarget email = parse("email=smtps://alerts%40example.com:p%40ss@smtp.example.com"
            + "?to=ml@example.com,oncall+dw@example.com&from=dw@example.com&email.subject.prefix=%5Bdemo%5D");
        assertThat(email.connectorClass()).isEqualTo(EmailSinkConnector.class.getName());
        assertThat(email.settings())
                .containsOnly(
                        Map.entry("smtp.host", "smtp.example.com"),
                        Map.entry("smtp.port", "465"),
                        Map.entry("smtp.security", "SMTPS"),
                        Map.entry("smtp.username", "alerts@example.com"),
                        Map.entry("smtp.password", "p@ss"),
                        Map.entry("email.to", "ml@example.com,oncall+dw@example.com"),
                        Map.entry("email.from", "dw@example.com"),
                        Map.entry("email.subject.prefix", "[demo]"));
        assertThat(email.description())
            .isEqualTo("email to ml@example.com,oncall+dw@example.com via smtp.example.com:465 (SMTPS)");
    }

    @Test
    void emailPasswordComesFromTheEnvironmentWhenTheUriHasNone() {
        AlertTarget email = AlertTarget.parse("email=smtp://dw@relay.example.com?to=a@example.com&from=dw@example.com",
            Map.of("DRIFTWATCH_SMTP_PASSWORD", "from-env")::get);
        assertThat(email.settings()).contains(Map.entry("smtp.port", "587"), Map.entry("smtp.security", "STARTTLS"),
            Map.entry("smtp.username", "dw"), Map.entry("smtp.password", "from-env"));
        assertThat(email.description()).doesNotContain("from-env");

        AlertTarget relay =
                parse("email=smtp://127.0.0.1:1025?to=a@example.com&from=dw@example.com&smtp.security=NONE");
        assertThat(relay.settings()).contains(Map.entry("smtp.port", "1025"), Map.entry("smtp.security", "NONE"))
            .doesNotContainKeys("smtp.username", "smtp.password");
    }

    @Test
    void theReadmesExamplesParse() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("--alerts '?((?:slack|webhook|email)=[^'\\s]+)'?").matcher(readme);
        List<String> examples = new ArrayList<>();
        while (m.find()) {
            examples.add(m.group(1));
        }
        assertThat(examples)
                .as("every kind of target has an example")
                .anyMatch(e -> e.startsWith("slack="))
                .anyMatch(e -> e.startsWith("webhook="))
                .anyMatch(e -> e.startsWith("email="));
        for (String example : examples) {
            assertThatCode(() -> AlertTarget.parse(example, Map.of("DRIFTWATCH_SMTP_PASSWORD", "pw")::get)).as(example)
                .doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "slack=ftp://hooks.example/s3cr3t | slack: Invalid value [hidden] for configuration slack.webhook.url:"
                        + " must be an absolute http:// or https:// URL",
                "slack= | slack: Invalid value [hidden] for configuration slack.webhook.url: must be an absolute"
                        + " http:// or https:// URL",
                "webhook=s3cr3t | webhook: Invalid value [hidden] for configuration webhook.url: must be an absolute"
                        + " http:// or https:// URL",
                "https://hooks.slack.com/services/T0/B0/s3cr3t?x=s3cr3t | not CHANNEL=TARGET; expected "
                        + AlertTarget.FORMS,
                "teams=https://example.com/s3cr3t | unknown alert channel 'teams'; expected " + AlertTarget.FORMS,
                "console | unknown alert channel 'console'; expected " + AlertTarget.FORMS,
                "email=http://relay.example.com | email: expected smtp://HOST (STARTTLS) or smtps://HOST (TLS): "
                        + AlertTarget.FORMS,
                "email=smtp://u:s3cr3t^@relay | email: not a URI (percent-encode special characters); expected "
                        + AlertTarget.FORMS,
                "email=smtp://relay.example.com?to=a@example.com | email: Missing required configuration"
                        + " \"email.from\" which has no default value.",
                "email=smtp://relay.example.com?from=dw@example.com | email: No recipients for severity LOW: set"
                        + " email.to or email.to.low.",
                "email=smtp://relay.example.com?to=not-an-address&from=dw@example.com | email: Invalid value"
                        + " not-an-address for configuration email.to: not a valid email address",
                "email=smtp://u@relay.example.com?to=a@example.com&from=dw@example.com | email: smtp.username is set"
                        + " but smtp.password is not.",
                "email=smtp://u:s3cr3t@relay.example.com?to=a@example.com&from=dw@example.com&bogus=1 | email: unknown"
                        + " parameter 'bogus'; use to, from, or a setting of the email connector (connectors/README.md)"
                        + " such as smtp.security or email.subject.prefix",
                "email=smtp://u:s3cr3t@relay.example.com?to=a@example.com&from=dw@example.com&smtp.host=other | email:"
                        + " unknown parameter 'smtp.host'; use to, from, or a setting of the email connector"
                        + " (connectors/README.md) such as smtp.security or email.subject.prefix",
            })
    void badValuesAreRejectedWithAClearMessageAndNoSecret(String spec, String message) {
        assertThatThrownBy(() -> parse(spec)).isInstanceOf(IllegalArgumentException.class).hasMessage(message)
            .message().doesNotContain("s3cr3t");
    }
}
