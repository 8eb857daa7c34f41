package io.driftwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.driftwatch.avro.TriggerType;

/**
 * The whole loop end to end on a real (embedded) broker, as the demo runs it: after the regime
 * change the monitor detects the degradation, the retrain service promotes a new version, the
 * forecaster uses it, and the forecast error after the promotion is lower than before it.
 */
class DemoIT {

    @Test
    @Timeout(300)
    void driftIsDetectedAndABetterVersionIsPromotedUsedAndErrorsRecover() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Demo.Result r = new Demo(new Demo.Options(400, 300, 42, Duration.ofMinutes(4), false),
            new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String out = printed.toString(StandardCharsets.UTF_8);

        assertThat(r.finished()).as(out).isTrue();
        assertThat(r.firstFxTriggerAfterChange()).as(out).isNotNull();
        assertThat(r.firstFxTriggerAfterChange().getType()).isIn(TriggerType.PERFORMANCE_DEGRADATION, TriggerType.DATA_DRIFT);
        assertThat(r.promotedAt()).as("fx:7d switched to a promoted version after the change\n" + out).isNotNull();
        assertThat(r.fxVersionAtEnd()).isGreaterThan(1);
        assertThat(r.rmseAfterPromotion()).as(out).isLessThan(r.rmseAfterChangeBeforePromotion());
        assertThat(out).contains("TRIGGER", "RETRAIN fx:7d PROMOTED", "FORECASTER fx:7d for USDCLP switched v1 -> v", "Summary");
        assertThat(r.tempDirs()).as("the demo's state and broker dirs").hasSize(2)
            .allSatisfy(dir -> assertThat(dir).as("the demo leaves no temp dir behind").doesNotExist());
    }
}
