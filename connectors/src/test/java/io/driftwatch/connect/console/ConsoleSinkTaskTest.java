package io.driftwatch.connect.console;

import static io.driftwatch.connect.TestAlerts.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.connect.FakeTime;
import io.driftwatch.connect.Notification;
import io.driftwatch.connect.TestAlerts;
import io.driftwatch.connect.TestContext;
import io.driftwatch.connect.email.EmailFormatter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsoleSinkTaskTest {
    private static final TopicPartition TRIGGERS = new TopicPartition("drift-triggers", 0);

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final FakeTime time = new FakeTime();
    private ConsoleStreams.Registration registration;
    private ConsoleSinkTask task;

    @BeforeEach
    void setUp() {
        registration = ConsoleStreams.register("console-test", new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        if (task != null) {
            task.stop();
        }
        registration.close();
    }

    private void start(Map<String, String> overrides) {
        Map<String, String> props =
                new HashMap<>(Map.of("console.stream", "console-test", "rate.limit.window.ms", "0"));
        props.putAll(overrides);
        task = new ConsoleSinkTask(time, time, new Random(7));
        task.initialize(new TestContext(true));
        task.start(props);
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** The email's text part for the same alert: the console shows exactly that, after a blank line. */
    private static String emailText(Map<String, Object> value) {
        return new EmailFormatter("").format(Notification.single(TestAlerts.alert(value, 0), List.of())).text();
    }

    @Test
    void printsEveryAlertKindInTheLayoutOfTheEmailText() {
        start(Map.of());
        task.put(List.of(record(TRIGGERS.topic(), 0, 0, TestAlerts.trigger("t-1", "HIGH")),
                record("anomalies", 0, 0, TestAlerts.anomaly("a-1", "MEDIUM")),
                record("ops-alerts", 0, 0, TestAlerts.opsAlert("o-1", "CRITICAL"))));

        assertThat(printed()).isEqualTo("\n" + emailText(TestAlerts.trigger("t-1", "HIGH")) + "\n"
                + "\n" + emailText(TestAlerts.anomaly("a-1", "MEDIUM")) + "\n"
                + "\n" + emailText(TestAlerts.opsAlert("o-1", "CRITICAL")) + "\n");
        assertThat(printed()).contains("\uD83D\uDFE0 HIGH \u00b7 Performance degradation on usdclp-ets:7d\n",
                "Next: Retrain: ", "ref: t-1\n", "ref: a-1\n", "ref: o-1\n");
    }

    @Test
    void suppressedTriggersArePrintedLabelledUnlessSkipped() {
        Map<String, Object> suppressed = TestAlerts.trigger("t-s", "CRITICAL");
        suppressed.put("suppressed", true);

        start(Map.of());
        task.put(List.of(record(TRIGGERS.topic(), 0, 0, suppressed)));
        assertThat(printed()).contains("(suppressed by cooldown)", "ref: t-s");
        task.stop();
        printed.reset();

        start(Map.of("skip.suppressed", "true"));
        task.put(List.of(record(TRIGGERS.topic(), 0, 0, suppressed),
                record(TRIGGERS.topic(), 0, 1, TestAlerts.trigger("t-2", "LOW"))));
        assertThat(printed()).doesNotContain("t-s").contains("ref: t-2");
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(TRIGGERS, new OffsetAndMetadata(2));
        assertThat(task.preCommit(offsets)).as("a skipped trigger is settled, not held").isEqualTo(offsets);
    }

    @Test
    void anUnknownStreamFailsTheTaskNamingTheSetting() {
        task = new ConsoleSinkTask(time, time, new Random(7));
        task.initialize(new TestContext(true));
        assertThatThrownBy(() -> task.start(Map.of("console.stream", "nowhere")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value nowhere for configuration console.stream: no console stream named"
                        + " 'nowhere': expected stdout, stderr, or a name registered with"
                        + " ConsoleStreams.register by the application running this worker");
    }

    @Test
    void standardStreamsAreTheJvmsOwnAndCannotBeRegisteredOver() {
        assertThat(ConsoleStreams.resolve("stdout")).isSameAs(System.out);
        assertThat(ConsoleStreams.resolve(" STDERR ")).isSameAs(System.err);
        PrintStream other = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ConsoleStreams.register("stdout", other)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsoleStreams.register("console-test", other))
                .hasMessage("a console stream named 'console-test' is already registered");
        registration.close();
        assertThatThrownBy(() -> ConsoleStreams.resolve("console-test")).isInstanceOf(IllegalArgumentException.class);
    }
}
