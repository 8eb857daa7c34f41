package io.driftwatch.forecast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.app.RunningApp;
import io.driftwatch.app.StreamsApp;
import io.driftwatch.avro.Actual;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Prediction;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.topics.Topics;

/**
 * The forecaster on the real in-process broker, started as {@code run forecaster} starts it: a new
 * promoted config version reaches the running app through the global store and tags the
 * predictions that follow, with no restart.
 */
@ExtendWith(LocalKafkaExtension.class)
class ForecasterIT {

    private static final String SERIES = "USDCLP";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    @Timeout(180)
    void aNewPromotedVersionTagsTheNextPredictionsWithoutRestart(LocalKafkaBroker broker) throws Exception {
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        settings.put("topics.prefix", KafkaTestKit.uniquePrefix("forecaster"));
        settings.put("topics.partitions", "2");
        settings.put("application.id.prefix", "it-" + UUID.randomUUID());
        settings.put("state.dir", TempDirs.create("forecaster-it").toString());
        settings.put(ForecasterConfig.MODELS, "fx=USD.*");
        settings.put(ForecasterConfig.HORIZONS, "7d,15d");
        settings.put(ForecasterConfig.MIN_HISTORY, "3");
        Topics topics = Topics.from(new ForecasterConfig(settings));
        kit.createTopics(List.of(topics.actuals, topics.predictions, topics.modelConfigs, topics.deadLetters));
        publish(kit, topics, config(1, "naive"));

        try (RunningApp app = Apps.get("forecaster").create(settings);
             PredictionReader reader = new PredictionReader(kit, topics)) {
            app.start().awaitRunning(WAIT);
            produceDays(kit, topics, 0, 5);
            await().atMost(WAIT).untilAsserted(() -> assertThat(reader.poll()).hasSize(3 * 2));
            assertThat(reader.all())
                    .filteredOn(p -> p.getHorizon().equals("7d"))
                    .extracting(Prediction::getConfigVersion)
                    .containsOnly(1);
            assertThat(reader.all())
                    .filteredOn(p -> p.getHorizon().equals("15d"))
                    .extracting(Prediction::getConfigVersion)
                    .containsOnly(0);

            publish(kit, topics, config(2, "seasonal_naive"));
            int firstV2 = produceUntilVersion(kit, topics, reader, 5, 2);
            produceDays(kit, topics, firstV2 + 1, firstV2 + 3);
            await().atMost(WAIT).untilAsserted(() -> assertThat(reader.poll7d(firstV2 + 2)).isNotNull());
            assertThat(reader.all())
                    .filteredOn(
                            p -> p.getHorizon().equals("7d") && !p.getIssuedAt().isBefore(day(firstV2)))
                    .hasSize(3)
                    .extracting(Prediction::getConfigVersion)
                    .containsOnly(2);
            assertThat(app.failure()).isNull();
            assertThat(((StreamsApp) app).streams().state().isRunningOrRebalancing()).isTrue();
        }
    }

    /**
     * Produces one day at a time from {@code from}, waiting for each day's 7d prediction, until one
     * carries {@code version} (the global store is updated by its own thread, so the switch happens
     * at the first actual processed after that thread read the new config); returns that day.
     */
    private static int produceUntilVersion(
            KafkaTestKit kit, Topics topics, PredictionReader reader, int from, int version) {
        for (int d = from; d < from + 30; d++) {
            produceDays(kit, topics, d, d + 1);
            int day = d;
            Prediction p = await().atMost(WAIT).until(() -> reader.poll7d(day), Objects::nonNull);
            if (p.getConfigVersion() == version) {
                return d;
            }
            assertThat(p.getConfigVersion()).isEqualTo(version - 1);
        }
        throw new AssertionError("no prediction with config_version " + version + " after 30 actuals");
    }

    static Instant day(int d) {
        return ForecasterTopologyTest.DAY0.plusMillis(d * ForecasterTopologyTest.DAY);
    }

    private static void produceDays(KafkaTestKit kit, Topics topics, int from, int to) {
        List<Map.Entry<String, Actual>> records = new ArrayList<>();
        for (int d = from; d < to; d++) {
            records.add(Map.entry(SERIES, ForecasterTopologyTest.actual(SERIES, d, ForecasterTopologyTest.value(d))));
        }
        kit.produce(topics.actuals.name(), new StringSerializer(), topics.actuals.valueSerde().serializer(), records);
    }

    private static ModelConfig config(int version, String algorithm) {
        return ForecasterTopologyTest.config("fx:7d", version, algorithm, Map.of());
    }

    private static void publish(KafkaTestKit kit, Topics topics, ModelConfig config) {
        kit.produce(topics.modelConfigs.name(), new StringSerializer(), topics.modelConfigs.valueSerde().serializer(),
            List.of(Map.entry(config.getModelId() + ":" + config.getHorizon(), config)));
    }

    /** One read_committed consumer that accumulates every prediction across polls. */
    private static final class PredictionReader implements AutoCloseable {
        private final KafkaConsumer<String, Prediction> consumer;
        private final List<Prediction> seen = new ArrayList<>();

        PredictionReader(KafkaTestKit kit, Topics topics) {
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(
                    props,
                    new StringDeserializer(),
                    topics.predictions.valueSerde().deserializer());
            consumer.subscribe(List.of(topics.predictions.name()));
        }

        List<Prediction> poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
            return List.copyOf(seen);
        }

        /** Polls, then returns the 7d prediction issued on {@code day}, or null if not there yet. */
        Prediction poll7d(int day) {
            return poll().stream().filter(p -> p.getHorizon().equals("7d") && p.getIssuedAt().equals(day(day)))
                .findFirst().orElse(null);
        }

        List<Prediction> all() {
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
