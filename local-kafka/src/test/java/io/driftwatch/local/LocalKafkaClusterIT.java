package io.driftwatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LocalKafkaClusterIT {

    private static final String TOPIC = "cluster-it";

    @Test
    @Timeout(120)
    void threeNodesReplicateThreeWaysAndKeepServingWithOneNodeDown() throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.start(3)) {
            Map<String, Object> client = Map.of("bootstrap.servers", cluster.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(2), Optional.empty())))
                        .all()
                        .get();
                // The node that answers may learn of the new topic a moment after the controller created it.
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .ignoreExceptionsMatching(e -> e.getCause() instanceof UnknownTopicOrPartitionException)
                        .untilAsserted(() -> {
                            TopicDescription d = admin.describeTopics(List.of(TOPIC))
                                    .allTopicNames()
                                    .get()
                                    .get(TOPIC);
                            assertThat(d.partitions())
                                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                            assertThat(admin.describeConfigs(List.of(resource))
                                            .all()
                                            .get()
                                            .get(resource)
                                            .get("min.insync.replicas")
                                            .value())
                                    .isEqualTo("2");
                        });

                send(client, "before");
                cluster.stop(2);
                send(client, "one-node-down"); // acks=all with 2 of 3 in sync: min.insync.replicas=2 holds
                cluster.restart(2);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() ->
                                admin
                                        .describeTopics(List.of(TOPIC))
                                        .allTopicNames()
                                        .get()
                                        .get(TOPIC)
                                        .partitions()
                                        .stream()
                                        .allMatch(p -> p.isr().size() == 3));
                cluster.stop(1);
                send(client, "after-restart");
            }
            assertThat(read(client, 3)).containsExactlyInAnyOrder("before", "one-node-down", "after-restart");
        }
    }

    private static void send(Map<String, Object> client, String value) throws Exception {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, value, value)).get();
        }
    }

    private static List<String> read(Map<String, Object> client, int expected) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "cluster-it");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }
}
