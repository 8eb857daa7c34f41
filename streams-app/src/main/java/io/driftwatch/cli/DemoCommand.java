package io.driftwatch.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.driftwatch.avro.Severity;
import io.driftwatch.config.Durations;
import io.driftwatch.demo.AlertTarget;
import io.driftwatch.demo.Demo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Runs the whole system on an embedded Kafka broker with a generated scenario and prints what happens.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--days", defaultValue = "980", description = "Days of generated data. Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(
            names = "--change-day",
            defaultValue = "900",
            description = "Day of the regime change. Default: ${DEFAULT-VALUE}.")
    int changeDay;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Random seed of the scenario. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--timeout",
            defaultValue = "2m",
            description = "Give up after this long. Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--keep-running", description = "Leave the broker and apps running at the end (Ctrl-C to stop).")
    boolean keepRunning;

    @Option(
            names = "--alerts",
            paramLabel = "CHANNEL=TARGET",
            converter = AlertTargetConverter.class,
            description = {
                "Also send the alerts (always printed on the console) here, through the real sink connector"
                        + " (repeatable):",
                "  slack=https://hooks.slack.com/services/...",
                "  webhook=URL",
                "  email=smtp[s]://[user[:password]@]host[:port]?to=ADDRESS[,ADDRESS]&from=ADDRESS[&SETTING=VALUE]",
                "smtp is STARTTLS (port 587), smtps TLS (465); SETTING is any email connector setting, e.g."
                    + " smtp.security=NONE for a local relay. Without a password in the URI, DRIFTWATCH_SMTP_PASSWORD"
                    + " is used."
            })
    List<AlertTarget> alerts = new ArrayList<>();

    @Option(
            names = "--alerts-min-severity",
            paramLabel = "LEVEL",
            defaultValue = "HIGH",
            description = "Alerts below it are neither printed nor sent: ${COMPLETION-CANDIDATES}. Default:"
                    + " ${DEFAULT-VALUE}.")
    Severity alertsMinSeverity;

    @Override
    public Integer call() throws InterruptedException {
        if (changeDay <= 0 || changeDay >= days) {
            throw new IllegalArgumentException("--change-day must be between 1 and --days - 1");
        }
        Duration limit = Durations.parse(timeout);
        Demo.Result result = new Demo(
                        new Demo.Options(days, changeDay, seed, limit, keepRunning, alerts, alertsMinSeverity),
                        System.out)
                .run();
        return result.finished() ? 0 : 1;
    }

    /**
     * Parses one --alerts value; a bad one is a usage error (exit 2) before anything starts, and never echoes a secret.
     */
    static final class AlertTargetConverter implements CommandLine.ITypeConverter<AlertTarget> {
        @Override
        public AlertTarget convert(String value) {
            try {
                return AlertTarget.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
