package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * {@code demo --alerts}: a bad value is a usage error before anything starts, and the message never shows the secret.
 */
class DemoCommandTest {

    private record Run(int exitCode, String err) {
    }

    private static Run run(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), err.toString());
    }

    @Test
    void aBadAlertsValueFailsParsingWithoutEchoingIt() {
        Run r = run(
                "demo",
                "--alerts",
                "slack=https://hooks.slack.com/services/T0/B0/s3cr3t",
                "--alerts",
                "slack=ftp://x/s3cr3t");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("Invalid value for option '--alerts' (CHANNEL=TARGET): slack: Invalid value [hidden] for"
                        + " configuration slack.webhook.url: must be an absolute http:// or https:// URL")
                .doesNotContain("s3cr3t");
    }

    @Test
    void goodValuesParseIntoTheCommandsOptions() {
        CommandLine cmd = Main.commandLine();
        CommandLine.ParseResult parsed = cmd.parseArgs(
                "demo",
                "--alerts",
                "slack=https://hooks.slack.com/services/T0/B0/s3cr3t",
                "--alerts",
                "email=smtp://127.0.0.1:1025?to=a@example.com&from=dw@example.com&smtp.security=NONE",
                "--alerts-min-severity",
                "MEDIUM");
        DemoCommand demo = (DemoCommand) parsed.subcommand().commandSpec().userObject();
        assertThat(demo.alerts).extracting(Object::toString)
            .containsExactly("Slack (webhook URL hidden)", "email to a@example.com via 127.0.0.1:1025 (NONE)");
        assertThat(demo.alertsMinSeverity).hasToString("MEDIUM");

        DemoCommand defaults = (DemoCommand)
                Main.commandLine().parseArgs("demo").subcommand().commandSpec().userObject();
        assertThat(defaults.alerts).isEmpty();
        assertThat(defaults.alertsMinSeverity).hasToString("HIGH");
    }
}
