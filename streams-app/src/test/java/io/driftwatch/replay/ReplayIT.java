package io.driftwatch.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftwatch.app.StreamsApp;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.cli.Main;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.monitor.EosEnd;
import io.driftwatch.monitor.MonitorConfig;
import io.driftwatch.monitor.MonitorTopology;
import io.driftwatch.monitor.RegimeScenario;
import io.driftwatch.topics.Topics;

/**
 * Replay against the live monitor: the live monitor (4 partitions, its own app) runs over a scenario on the real
 * broker, then the same topics are replayed; the replay emits the same triggers, record for record (ids, windows,
 * figures, detected_at, suppressed flags).
 */
@Tag("integration")
@ExtendWith(LocalKafkaExtension.class)
class ReplayIT {

    @Test
    @Timeout(420)
    void replayEmitsExactlyTheTriggersTheLiveMonitorEmitted(LocalKafkaBroker broker) throws Exception {
        RegimeScenario scenario = new RegimeScenario(40, 200, 120, 3);
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(MonitorConfig.TOPICS_PREFIX, KafkaTestKit.uniquePrefix("replay"));
        settings.put(MonitorConfig.TOPICS_PARTITIONS, 4);
        settings.put(MonitorConfig.APPLICATION_ID_PREFIX, "replay-live");
        Topics topics = Topics.from(new MonitorConfig(settings));
        scenario.produceTo(kit, topics);

        Map<String, Object> live = new HashMap<>(settings);
        live.put(MonitorConfig.STATE_DIR, TempDirs.create("replay-live").toString());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
                StreamsApp app = Apps.createStreamsApp("monitor", live)) {
            app.start();
            EosEnd eos = new EosEnd(admin);
            String group = "replay-live-" + MonitorTopology.APP;
            await().atMost(Duration.ofSeconds(200)).pollInterval(Duration.ofMillis(250)).until(() -> eos.settled(
                group, List.of(topics.predictions.name(), topics.actuals.name()),
                eos.monitorInternal(group)));
        }
        Map<String, DriftTrigger> liveTriggers = new TreeMap<>();
        EosEnd.readAll(broker.bootstrapServers(), topics.driftTriggers.name(), new StringDeserializer(),
            topics.driftTriggers.valueSerde().deserializer()).forEach(r -> liveTriggers.put(r.value().getTriggerId(),
            r.value()));

        History history = new HistoryReader(new CommonConfig(settings))
            .read(Instant.parse("2023-01-01T00:00:00Z"), null, Set.of(), n -> { });
        assertThat(history.inputs()).isEqualTo(2 * 40 * 199);
        ReplayRun.Result replayed = ReplayRun.run(history, settings, Map.of(), new AtomicLong());
        Map<String, DriftTrigger> replayTriggers = new TreeMap<>();
        replayed.triggers().forEach(t -> replayTriggers.put(t.getTriggerId(), t));

        assertThat(liveTriggers).as("the live monitor raised triggers").hasSizeGreaterThan(10);
        assertThat(replayed.triggers()).as("one trigger per id").hasSameSizeAs(replayTriggers.keySet());
        assertThat(replayTriggers.keySet()).containsExactlyElementsOf(liveTriggers.keySet());
        liveTriggers.forEach((id, t) -> assertSameTrigger(replayTriggers.get(id), t));

        // the command: same count, and a grid of two combinations
        JsonNode doc = runCli("replay", "--bootstrap-servers", broker.bootstrapServers(), "--from", "2023-01-01",
            "-s", MonitorConfig.TOPICS_PREFIX + "=" + settings.get(MonitorConfig.TOPICS_PREFIX), "--json",
            "--grid", MonitorConfig.FDR_Q + "=0.05,0.0");
        JsonNode first = doc.get("combinations").get(0);
        assertThat(first.get("triggers").asInt() + first.get("suppressed").asInt()).isEqualTo(liveTriggers.size());
        assertThat(first.get("settings").get(MonitorConfig.FDR_Q).asText()).isEqualTo("0.05");
        assertThat(first.get("monitor_settings").get(0).get("settings").get(MonitorConfig.FDR_Q).asText())
            .isEqualTo("0.05");
        JsonNode second = doc.get("combinations").get(1);
        assertThat(second.get("by_type").has("DATA_DRIFT")).as("fdr.q=0 flags no series").isFalse();
    }

    @Test
    @Timeout(120)
    void aFromBeforeTheRetainedDataFailsSayingHowFarBackItGoes(LocalKafkaBroker broker) throws Exception {
        RegimeScenario scenario = new RegimeScenario(2, 60, 40, 1);
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(MonitorConfig.TOPICS_PREFIX, KafkaTestKit.uniquePrefix("replay-ret"));
        settings.put(MonitorConfig.TOPICS_PARTITIONS, 1);
        Topics topics = Topics.from(new MonitorConfig(settings));
        scenario.produceTo(kit, topics);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            // as retention would: the first 20 days of actuals are gone (2 series a day)
            admin.deleteRecords(Map.of(new TopicPartition(topics.actuals.name(), 0), RecordsToDelete.beforeOffset(40)))
                .all().get(30, TimeUnit.SECONDS);
        }
        HistoryReader reader = new HistoryReader(new CommonConfig(settings));
        assertThatThrownBy(() -> reader.read(Instant.parse("2024-01-01T00:00:00Z"), null, Set.of(), n -> { }))
            .isInstanceOf(HistoryReader.RetentionException.class)
            .hasMessageContaining("does not reach back to --from 2024-01-01")
            .hasMessageContaining("the data goes back to " + RegimeScenario.day(21));
        assertThat(reader.read(RegimeScenario.day(21), null, Set.of(), n -> { }).inputs()).isPositive();
    }

    /**
     * Every field equal, the doubles to 1e-12 relative: the live monitor adds each partition's error sums apart and
     * merges them in the window stage, a replay (one partition) adds them in one sum, so the last bits of a figure
     * such as {@code details.mse_ratio} may differ (3.3784297572647355 live, ...373 replayed).
     */
    private static void assertSameTrigger(DriftTrigger replayed, DriftTrigger live) {
        for (Schema.Field f : live.getSchema().getFields()) {
            Object a = replayed.get(f.pos());
            Object b = live.get(f.pos());
            String what = live.getTriggerId() + " " + live.getType() + " " + f.name();
            if (b instanceof Double x) {
                assertThat((Double) a).as(what).isCloseTo(x, Percentage.withPercentage(1e-10));
            } else if (b instanceof Map<?, ?> m) {
                assertThat(((Map<?, ?>) a).keySet()).as(what).isEqualTo(m.keySet());
                m.forEach((k, v) -> assertThat((Double) ((Map<?, ?>) a).get(k)).as(what + "." + k)
                    .isCloseTo((Double) v, Percentage.withPercentage(1e-10)));
            } else {
                assertThat(a).as(what).isEqualTo(b);
            }
        }
    }

    private static JsonNode runCli(String... args) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = Main.execute(args);
        } finally {
            System.setOut(out);
        }
        assertThat(code).as(captured.toString(StandardCharsets.UTF_8)).isZero();
        return new ObjectMapper().readTree(captured.toString(StandardCharsets.UTF_8));
    }
}
