package io.driftwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.Severity;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.connect.AlertSummary;

/**
 * The whole loop end to end on a real (embedded) broker, as the demo runs it: after the regime
 * change the monitor detects the degradation, the retrain service promotes a new version, the
 * forecaster uses it, and the forecast error after the promotion is lower than before it; the console
 * alert connector prints the trigger in the alerts' layout.
 */
class DemoIT {

    @Test
    @Timeout(300)
    void driftIsDetectedAndABetterVersionIsPromotedUsedAndErrorsRecover() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Demo.Result r = new Demo(new Demo.Options(400, 300, 42, Duration.ofMinutes(4), false, List.of(), Severity.LOW),
            new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String out = printed.toString(StandardCharsets.UTF_8);

        assertThat(r.finished()).as(out).isTrue();
        assertThat(r.firstFxTriggerAfterChange()).as(out).isNotNull();
        assertThat(r.firstFxTriggerAfterChange().getType())
                .isIn(TriggerType.PERFORMANCE_DEGRADATION, TriggerType.DATA_DRIFT, TriggerType.COVERAGE_DRIFT);
        assertThat(r.promotedAt()).as("fx:7d switched to a promoted version after the change\n" + out).isNotNull();
        assertThat(r.fxVersionAtEnd()).isGreaterThan(1);
        assertThat(r.rmseAfterPromotion()).as(out).isLessThan(r.rmseAfterChangeBeforePromotion());
        assertThat(out).contains("RETRAIN fx:7d PROMOTED", "FORECASTER fx:7d for USDCLP switched v1 -> v", "Summary");
        DriftTrigger first = r.firstFxTriggerAfterChange();
        assertThat(out)
                .as("the console alert connector printed the trigger in the alerts' layout")
                .contains(
                        "\n" + AlertSummary.emoji(first.getSeverity()) + " " + first.getSeverity() + " \u00b7 "
                                + AlertSummary.humanize(first.getType().name()) + " on fx:7d\nModel: fx:7d (config v",
                        "\nref: " + first.getTriggerId() + "\n");
        assertThat(out.indexOf("ref: " + first.getTriggerId())).as("alerts are delivered before the summary")
            .isLessThan(out.indexOf("Summary"));
        assertThat(r.tempDirs()).as("the demo's state and broker dirs").hasSize(2)
            .allSatisfy(dir -> assertThat(dir).as("the demo leaves no temp dir behind").doesNotExist());
    }
}
