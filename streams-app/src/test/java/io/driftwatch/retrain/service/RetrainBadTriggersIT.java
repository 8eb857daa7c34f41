package io.driftwatch.retrain.service;

import static io.driftwatch.retrain.service.RetrainFixtures.actuals;
import static io.driftwatch.retrain.service.RetrainFixtures.config;
import static io.driftwatch.retrain.service.RetrainFixtures.produce;
import static io.driftwatch.retrain.service.RetrainFixtures.trigger;
import static io.driftwatch.retrain.service.RetrainFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.app.RunningApp;
import io.driftwatch.kafka.BadRecords;
import io.driftwatch.kafka.BadRecords.Bad;
import io.driftwatch.kafka.BadRecords.Kind;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.telemetry.Telemetry;
import io.driftwatch.topics.Topics;

/**
 * The retrain service on the real broker with every kind of bad trigger between two good ones: each
 * bad one lands in dead-letters once (in the transaction of its offset) with its reason and source
 * headers, the service keeps running, and the good triggers are each reported exactly once.
 */
@ExtendWith(LocalKafkaExtension.class)
class RetrainBadTriggersIT {

    @Test
    @Timeout(180)
    void badTriggersAreDeadLetteredOnceAndTheGoodOnesAroundThemHandledOnce(LocalKafkaBroker broker) throws Exception {
        Telemetry.prometheus();
        KafkaTestKit kit = new KafkaTestKit(broker);
        String prefix = KafkaTestKit.uniquePrefix("retrain-bad");
        Map<String, Object> settings = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
            "topics.prefix", prefix, "topics.partitions", "1", "application.id.prefix", prefix + "app",
            RetrainConfig.INSTANCE_ID, "it", RetrainConfig.STRATEGY, "grid", RetrainConfig.DRY_RUN, "true"));
        Topics topics = Topics.from(new RetrainConfig(settings));
        kit.createTopics(topics.all());
        produce(kit, topics.actuals, actuals("s1", 150, 1));
        produce(kit, topics.modelConfigs, List.of(Map.entry("m:7d",
            config("m", 1, "seasonal_naive", Map.of("season_length", "7")))));
        Map<Kind, Bad> bad = BadRecords.of(new BadRecords.Spec<>(DriftTrigger.newBuilder(TriggerCheckTest.good())
            .setDetectedAt(Instant.now()).build(), "m:7d", "trigger_id", "recent_rmse", "detected_at",
            "trigger_id", "recommendation"));
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        records.add(Map.entry("m:7d", BadRecords.avro(trigger("good-1", "m", Recommendation.RETRAIN, 1, false))));
        bad.values().forEach(b -> records.add(new AbstractMap.SimpleEntry<>(b.key(), b.value())));
        records.add(Map.entry("m:7d", BadRecords.avro(trigger("good-2", "m", Recommendation.RETRAIN, 1, false))));
        kit.produce(topics.driftTriggers.name(), new StringSerializer(), new ByteArraySerializer(), records);
        double before = BadRecords.deadLetters("retrain", "deserialization");

        String bs = broker.bootstrapServers();
        try (RunningApp app = Apps.get("retrain").create(settings).start().awaitRunning(Duration.ofSeconds(60))) {
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                .until(() -> values(bs, topics.retrainReports).size() >= 2 && deadLetters(bs, topics).size()
                    >= bad.size());
            assertThat(app.failure()).isNull();
        }
        assertThat(values(bs, topics.retrainReports)).extracting(r -> r.getTriggerIds().get(0))
            .containsExactly("good-1", "good-2");
        assertThat(values(bs, topics.retrainReports)).extracting(RetrainReport::getOutcome).containsOnly("DRY_RUN");
        List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(bs, topics);
        assertThat(dead).hasSize(bad.size());
        List<String> messages = dead.stream().map(r -> header(r, "__streams.errors.message")).toList();
        for (Kind k : bad.keySet()) {
            String expected = k.decodes() ? TriggerCheckTest.REASONS.get(k) + ": " : "Cannot deserialize DriftTrigger";
            assertThat(messages).as(k.name()).anyMatch(m -> m.startsWith(expected));
        }
        assertThat(dead).allSatisfy(r -> assertThat(header(r, "__streams.errors.topic"))
            .isEqualTo(topics.driftTriggers.name()));
        assertThat(dead).extracting(r -> header(r, "__streams.errors.offset"))
            .containsExactlyInAnyOrderElementsOf(offsets(1, bad.size()));
        long undecodable = bad.keySet().stream().filter(k -> !k.decodes()).count();
        assertThat(BadRecords.deadLetters("retrain", "deserialization") - before).isEqualTo((double) undecodable);
    }

    private static List<String> offsets(int from, int count) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(String.valueOf(i));
        }
        return out;
    }

    /** The committed dead letters (read_committed, from the beginning). */
    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String bootstrap, Topics topics) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topics.deadLetters.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
