package io.driftwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.app.RunningApp;
import io.driftwatch.avro.Actual;
import io.driftwatch.avro.RateEvent;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.kafka.Partitioning;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.serde.RecordCodec;
import io.driftwatch.serde.WireFormat;
import io.driftwatch.topics.Topics;

/** Ingest on the real broker: JSON and Avro inputs, exactly-once output, bad records to dead-letters. */
@ExtendWith(LocalKafkaExtension.class)
class IngestIT {

    private static final Instant DAY0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final int PARTITIONS = 4;

    @Test
    @Timeout(120)
    void dailyActualsFromJsonAndAvroWhileBadRecordsGoToDeadLetters(LocalKafkaBroker broker) throws Exception {
        KafkaTestKit kit = new KafkaTestKit(broker);
        Path state = TempDirs.create("ingest-it-");
        Map<String, Object> settings = new HashMap<>(Map.of(
                CommonConfig.BOOTSTRAP_SERVERS,
                broker.bootstrapServers(),
                CommonConfig.TOPICS_PREFIX,
                KafkaTestKit.uniquePrefix("ingest"),
                CommonConfig.TOPICS_PARTITIONS,
                String.valueOf(PARTITIONS),
                CommonConfig.STATE_DIR,
                state.toString(),
                CommonConfig.APPLICATION_ID_PREFIX,
                "ingest-it-" + System.nanoTime()));
        Topics topics = Topics.from(new CommonConfig(settings));
        kit.createTopics(topics.all());

        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            String json =
                    "{\"sale_id\":\"s" + d + "\",\"tenant_id\":\"acme\",\"series_id\":\"acme:sales\",\"event_time\":\""
                            + DAY0.plus(Duration.ofDays(d)).plusSeconds(3600 * 10) + "\",\"amount\":" + (10 + d) + "}";
            records.add(keyed(topics.salesEvents.name(), "acme:sales", json.getBytes(StandardCharsets.UTF_8)));
            if (d == 2) {
                records.add(keyed(
                        topics.salesEvents.name(),
                        "acme:sales",
                        "{\"sale_id\": oops".getBytes(StandardCharsets.UTF_8)));
                records.add(keyed(
                        topics.salesEvents.name(), "acme:sales", json.getBytes(StandardCharsets.UTF_8))); // redelivered
            }
            RateEvent rate = RateEvent.newBuilder()
                    .setSeriesId("USDCLP")
                    .setEventTime(DAY0.plus(Duration.ofDays(d)).plusSeconds(3600 * 15))
                    .setValue(d == 3 ? Double.NaN : 900 + d)
                    .build();
            records.add(keyed(
                    topics.rateEvents.name(),
                    "USDCLP",
                    RecordCodec.of(RateEvent.class).encode(rate, WireFormat.AVRO)));
        }
        int wrong = (Partitioning.partitionOf("USDCLP", PARTITIONS) + 1) % PARTITIONS;
        RateEvent misplaced = RateEvent.newBuilder()
                .setSeriesId("USDCLP")
                .setEventTime(DAY0.plusSeconds(3600 * 20))
                .setValue(1)
                .build();
        records.add(new ProducerRecord<>(topics.rateEvents.name(), wrong, "USDCLP".getBytes(StandardCharsets.UTF_8),
            RecordCodec.of(RateEvent.class).encode(misplaced, WireFormat.JSON)));
        send(broker, records);

        try (RunningApp ingest = Apps.get("ingest").create(settings).start()) {
            ingest.awaitRunning(Duration.ofSeconds(60));
            List<ConsumerRecord<String, Actual>> actuals = kit.consume(topics.actuals.name(), new StringDeserializer(),
                topics.actuals.valueSerde().deserializer(), 7, Duration.ofSeconds(60));
            Map<String, TreeMap<Instant, Double>> bySeries = new TreeMap<>();
            actuals.forEach(r -> bySeries.computeIfAbsent(r.key(), k -> new TreeMap<>())
                    .put(r.value().getEventTime(), r.value().getValue()));
            // the last day of each series stays open: nothing later has moved stream time past it
            assertThat(bySeries.get("acme:sales"))
                    .containsExactly(
                            Map.entry(DAY0, 10.0),
                            Map.entry(DAY0.plus(Duration.ofDays(1)), 11.0),
                            Map.entry(DAY0.plus(Duration.ofDays(2)), 12.0),
                            Map.entry(DAY0.plus(Duration.ofDays(3)), 13.0));
            assertThat(bySeries.get("USDCLP"))
                    .containsExactly(
                            // the misplaced tick of 20:00 was re-routed to USDCLP's partition: the day's close
                            Map.entry(DAY0, 1.0),
                            Map.entry(DAY0.plus(Duration.ofDays(1)), 901.0),
                            Map.entry(
                                    DAY0.plus(Duration.ofDays(2)),
                                    902.0)); // day 3 was NaN: dead-lettered, no tick left that day
            assertThat(actuals).hasSize(7);

            List<ConsumerRecord<byte[], byte[]>> dead = kit.consume(
                    topics.deadLetters.name(),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(),
                    2,
                    Duration.ofSeconds(30));
            Map<String, ConsumerRecord<byte[], byte[]>> byTopic = new TreeMap<>();
            dead.forEach(r ->
                    byTopic.put(header(r, "__streams.errors.topic") + "/" + header(r, "__streams.errors.offset"), r));
            assertThat(dead).hasSize(2);
            assertThat(dead).allSatisfy(r -> assertThat(header(r, "__streams.errors.partition")).isNotBlank());
            assertThat(dead.stream()
                            .map(r -> header(r, "__streams.errors.message"))
                            .sorted()
                            .toList())
                    .satisfiesExactly(
                            m -> assertThat(m).contains("Cannot deserialize"),
                            m -> assertThat(m).startsWith("non-finite-value"));
            assertThat(dead.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)))
                .contains("{\"sale_id\": oops");
        } finally {
            kit.deleteRecursively(state);
        }
    }

    private static ProducerRecord<byte[], byte[]> keyed(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static void send(LocalKafkaBroker broker, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers(), "enable.idempotence", true),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<Future<?>> sends = new ArrayList<>();
            records.forEach(r -> sends.add(producer.send(r)));
            for (var f : sends) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
