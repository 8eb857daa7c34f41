package io.driftwatch.retrain.service;

import static io.driftwatch.retrain.service.RetrainFixtures.actuals;
import static io.driftwatch.retrain.service.RetrainFixtures.produce;
import static io.driftwatch.retrain.service.RetrainFixtures.trigger;
import static io.driftwatch.retrain.service.RetrainFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.topics.Topics;

/**
 * Kills the retrain service (a child JVM running {@code driftwatch run retrain}) between the sends
 * of a promotion's transaction with the {@code retrain.test.halt-after} hook, restarts it without
 * the hook, and checks that read_committed readers see each trigger's promotion and report exactly
 * once, with versions monotonic and without gaps.
 */
@ExtendWith(LocalKafkaExtension.class)
class RetrainCrashIT {

    @TempDir
    Path logs;

    private Process start(LocalKafkaBroker broker, String prefix, String haltAfter, String name) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                TempDirs.childTmpdirOption(),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.driftwatch",
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.driftwatch.cli.Main",
                "run",
                "retrain",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--set",
                "topics.prefix=" + prefix,
                "--set",
                "topics.partitions=2",
                "--set",
                "application.id.prefix=" + prefix + "app",
                "--set",
                RetrainConfig.INSTANCE_ID + "=crash",
                "--set",
                RetrainConfig.STRATEGY + "=grid",
                "--set",
                RetrainConfig.PARALLELISM + "=2",
                // the halted member stays in the group until its session times out: keep that short
                "--set",
                "session.timeout.ms=6000",
                "--set",
                "heartbeat.interval.ms=1000"));
        if (haltAfter != null) {
            cmd.addAll(List.of("--set", RetrainConfig.TEST_HALT_AFTER + "=" + haltAfter));
        }
        Path log = logs.resolve(name + ".log");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    @Timeout(300)
    void aCrashAtAnyStepLeavesAllOrNothingAndARestartPromotesExactlyOnce(LocalKafkaBroker broker) throws Exception {
        KafkaTestKit kit = new KafkaTestKit(broker);
        String prefix = KafkaTestKit.uniquePrefix("retrain-crash");
        Topics topics = Topics.from(new RetrainConfig(Map.of("topics.prefix", prefix, "topics.partitions", "2")));
        kit.createTopics(topics.all());
        produce(kit, topics.actuals, actuals("s1", 120, 3));
        produce(
                kit,
                topics.driftTriggers,
                List.of(Map.entry("m:7d", trigger("c1", "m", Recommendation.RETRAIN, null, false))));
        String bs = broker.bootstrapServers();

        for (String step : List.of("send-configs", "send-versions", "send-report", "send-offsets")) {
            Process p = start(broker, prefix, step, step);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("halted after " + step).isTrue();
            assertThat(p.exitValue()).as(Files.readString(logs.resolve(step + ".log"))).isEqualTo(1);
            assertThat(Files.readString(logs.resolve(step + ".log"))).contains("retrain.test.halt-after=" + step);
            assertThat(values(bs, topics.modelConfigs)).as("after a crash at " + step).isEmpty();
            assertThat(values(bs, topics.modelConfigVersions)).isEmpty();
            assertThat(values(bs, topics.retrainReports)).isEmpty();
        }

        Process p = start(broker, prefix, null, "clean");
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> values(bs, topics.retrainReports).size() >= 1);
            produce(
                    kit,
                    topics.driftTriggers,
                    List.of(
                            Map.entry("m:7d", trigger("c1", "m", Recommendation.RETRAIN, null, false)),
                            Map.entry("m:7d", trigger("c2", "m", Recommendation.ROLLBACK, null, false)),
                            Map.entry("m:7d", trigger("c3", "m", Recommendation.ROLLBACK, null, false))));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> values(bs, topics.retrainReports).size() >= 3);
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        List<RetrainReport> reports = values(bs, topics.retrainReports);
        assertThat(reports).extracting(r -> r.getTriggerIds().get(0) + "=" + r.getOutcome())
            .containsExactly("c1=PROMOTED", "c2=FAILED", "c3=FAILED");
        List<ModelConfig> versions = values(bs, topics.modelConfigVersions);
        assertThat(versions).extracting(ModelConfig::getVersion).containsExactly(1);
        assertThat(values(bs, topics.modelConfigs)).extracting(ModelConfig::getVersion).containsExactly(1);
    }
}
