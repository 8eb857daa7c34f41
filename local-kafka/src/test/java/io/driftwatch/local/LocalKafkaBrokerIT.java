package io.driftwatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LocalKafkaBrokerIT {

    private static final String TOPIC = "local-kafka-it";

    @Test
    @Timeout(60)
    void startsServesRecordsAndRemovesItsDataDirOnClose() throws Exception {
        // how fast it starts is a benchmark figure, not a test assertion (the test timeout bounds it)
        Path dataDir;
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            dataDir = broker.dataDir();
            assertThat(dataDir).exists();

            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            createAndAwaitReady(client, 2);
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(TOPIC, "k1", "v1")).get(); // a failed send fails the test
                producer.send(new ProducerRecord<>(TOPIC, "k2", "v2")).get();
            }
            assertThat(readValues(client, 2, Duration.ofSeconds(20))).containsExactlyInAnyOrder("v1", "v2");
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }

    /** Creates the topic and waits until every partition answers an offset query (KAFKA-15591). */
    private static void createAndAwaitReady(Map<String, Object> client, int partitions) throws Exception {
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get();
            Map<TopicPartition, OffsetSpec> query = IntStream.range(0, partitions).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(TOPIC, p), p -> OffsetSpec.latest()));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.listOffsets(query).all().get().size() == partitions);
        }
    }

    private static List<String> readValues(Map<String, Object> client, int count, Duration timeout) {
        Map<String, Object> props = new HashMap<>(client);
        props.put("group.id", "local-kafka-it-reader");
        props.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
