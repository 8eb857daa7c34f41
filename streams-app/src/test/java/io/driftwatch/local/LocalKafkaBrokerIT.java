package io.driftwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.topics.Topics;

class LocalKafkaBrokerIT {

    @Test
    @Timeout(60)
    void startsQuicklyServesRecordsAndRemovesItsDataDirOnClose() {
        long start = System.nanoTime();
        Path dataDir;
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            Duration startup = Duration.ofNanos(System.nanoTime() - start);
            assertThat(startup).isLessThan(Duration.ofSeconds(10));
            dataDir = broker.dataDir();
            assertThat(dataDir).exists();

            KafkaTestKit kit = new KafkaTestKit(broker);
            Topics topics = Topics.from(new CommonConfig(Map.of("topics.prefix", "t.", "topics.partitions", "2")));
            kit.createTopics(List.of(topics.rateEvents));
            kit.produce(topics.rateEvents.name(), new StringSerializer(), new StringSerializer(),
                List.of(Map.entry("k1", "v1"), Map.entry("k2", "v2")));
            List<ConsumerRecord<String, String>> read = kit.consume(topics.rateEvents.name(), new StringDeserializer(),
                new StringDeserializer(), 2, Duration.ofSeconds(20));
            assertThat(read).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("v1", "v2");
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }
}
