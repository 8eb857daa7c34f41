package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.OpsAlertType;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.topics.Topics;
import picocli.CommandLine;

@ExtendWith(LocalKafkaExtension.class)
class RetrainConfigsCliIT {

    private static ModelConfig config(int version, String alpha) {
        return ModelConfig.newBuilder()
                .setModelId("m")
                .setHorizon("7d")
                .setVersion(version)
                .setAlgorithm("ses")
                .setParams(new HashMap<>(Map.of("alpha", alpha)))
                .setCreatedAt(Instant.now())
                .setReason(List.of("t" + version))
                .setPreviousVersion(version > 1 ? version - 1 : null)
                .build();
    }

    private static String run(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        assertThat(cmd.execute(args)).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    @Timeout(120)
    void rollbackRepublishesThePreviousParamsAsANewVersionAndHistoryShowsIt(LocalKafkaBroker broker) {
        KafkaTestKit kit = new KafkaTestKit(broker);
        String prefix = KafkaTestKit.uniquePrefix("configs-cli");
        Topics topics = Topics.from(new CommonConfig(Map.of("topics.prefix", prefix, "topics.partitions", "2")));
        kit.createTopics(topics.all());
        StringSerializer keys = new StringSerializer();
        kit.produce(topics.modelConfigVersions.name(), keys, topics.modelConfigVersions.valueSerde().serializer(),
            List.of(Map.entry("m:7d:1", config(1, "0.1")), Map.entry("m:7d:2", config(2, "0.6"))));
        kit.produce(topics.modelConfigs.name(), keys, topics.modelConfigs.valueSerde().serializer(),
            List.of(Map.entry("m:7d", config(1, "0.1")), Map.entry("m:7d", config(2, "0.6"))));
        String[] common = {"--bootstrap-servers", broker.bootstrapServers(), "--set", "topics.prefix=" + prefix,
            "--set", "topics.partitions=2", "--set", "application.id.prefix=" + prefix + "app"};

        String rolled = run(concat(new String[] {"configs", "rollback", "--model", "m", "--horizon", "7d"}, common));
        assertThat(rolled).contains("m:7d", "v3", "alpha=0.1", "rolled_back_from=v2");

        String history = run(concat(new String[] {"configs", "history", "--model", "m", "--horizon", "7d"}, common));
        assertThat(history.lines()).hasSize(3);
        assertThat(history.lines().toList().get(2))
                .startsWith("* ")
                .contains("v3", "rolled_back_from=v2", "previous=v2");
        assertThat(run(concat(new String[] {"configs", "list"}, common))).contains("v3", "alpha=0.1");

        String toV2 = run(concat(
                new String[] {"configs", "rollback", "--model", "m", "--horizon", "7d", "--to-version", "2"}, common));
        assertThat(toV2).contains("v4", "alpha=0.6", "rolled_back_from=v3");
        assertThat(kit.consume(topics.opsAlerts.name(), new StringDeserializer(),
            topics.opsAlerts.valueSerde().deserializer(), 2, Duration.ofSeconds(20)))
            .extracting(r -> r.value().getType()).containsOnly(OpsAlertType.ROLLBACK_EXECUTED).hasSize(2);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
