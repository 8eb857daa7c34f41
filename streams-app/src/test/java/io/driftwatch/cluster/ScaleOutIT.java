package io.driftwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scale-out with exactly-once: apps run as several instances in one consumer group (child JVMs running
 * {@code driftwatch run <app>}, each with its own state.dir), one of them SIGKILLed while a step is being processed
 * and started again three steps later, and the pipeline's outputs (actuals, predictions, anomalies, triggers,
 * configs, reports) are exactly those of one in-process instance of each app ({@link Reference}): nothing lost,
 * nothing twice. Each case scales two apps to 3 instances; with the kills each runs at 3, then 2, then 3 instances
 * (the second app's kill falls after the regime change, when triggers and retrains happen); the other apps run in
 * this JVM.
 */
@ExtendWith(LocalKafkaExtension.class)
@Tag("cluster") // in `mvn verify`; -Dits.excludedGroups=cluster leaves it out of a quick build
class ScaleOutIT {

    @TempDir
    Path work;

    /** The undisturbed run all cases compare with, made once per test JVM and timed apart from them. */
    @BeforeAll
    @Timeout(900)
    static void undisturbedRun(LocalKafkaBroker broker) throws Exception {
        Reference.outputs(broker);
    }

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of("ingest", 3, "monitor", 3), Arguments.of("forecaster", 3, "retrain", 3));
    }

    @ParameterizedTest(name = "{0} x{1} and {2} x{3}, one instance of each killed mid-run")
    @MethodSource("cases")
    @Timeout(600)
    void severalInstancesWithOneKilledMidRunGiveTheOutputsOfOne(
            String first, int firstCount, String second, int secondCount, LocalKafkaBroker broker) throws Exception {
        Outputs expected = Reference.outputs(broker);
        Pipeline p = new Pipeline(
                broker.bootstrapServers(),
                KafkaTestKit.uniquePrefix("scale-" + first),
                Pipeline.Plan.forTests(),
                Map.of());
        p.prepare();
        try (Fleet f = new Fleet(p, work, Map.of(first, firstCount, second, secondCount), Map.of()).startInProcess()) {
            ChildJvm a = f.instance(first, firstCount - 1);
            ChildJvm b = f.instance(second, secondCount - 1);
            p.feed(
                    step -> {
                        f.checkAlive();
                        switch (step) {
                            case 6 -> a.kill();
                            case 9 -> a.start();
                            case 19 -> b.kill();
                            case 22 -> b.start();
                            default -> {}
                        }
                    },
                    Duration.ofMinutes(3));
            f.checkAlive();
            assertThat(f.children().values().stream().flatMap(l -> l.stream()).allMatch(ChildJvm::isAlive))
                    .as("every instance still runs")
                    .isTrue();
        }
        Outputs actual = p.outputs();
        assertThat(actual.differencesFrom(expected))
                .as("outputs vs one instance of each app")
                .isEmpty();
        assertThat(actual).isEqualTo(expected);
    }
}
