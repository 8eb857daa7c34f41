package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import io.driftwatch.config.CommonConfig;

class StreamsPropertiesTest {

    private static final String PRODUCER_COMPRESSION =
            StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG);

    private static Properties of(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(Map.of(CommonConfig.BOOTSTRAP_SERVERS, "localhost:9092"));
        props.putAll(extra);
        return StreamsProperties.of(new CommonConfig(props), "monitor");
    }

    /** What the app's producer is given: Kafka Streams lets a producer.-prefixed setting win over a plain one. */
    private static Object producerCompression(Properties p) {
        return new StreamsConfig(p).getProducerConfigs("client").get(ProducerConfig.COMPRESSION_TYPE_CONFIG);
    }

    @Test
    void producersCompressWithLz4ByDefault() {
        assertThat(producerCompression(of(Map.of()))).isEqualTo("lz4");
    }

    @Test
    void aCompressionTheUserSetWins() {
        assertThat(producerCompression(of(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")))).isEqualTo("zstd");
        assertThat(producerCompression(of(Map.of(PRODUCER_COMPRESSION, "none")))).isEqualTo("none");
    }

    /** What Kafka Streams creates its changelogs and repartition topics with. */
    private static Map<String, Object> internalTopicConfigs(Properties p) {
        return new StreamsConfig(p).originalsWithPrefix(StreamsConfig.TOPIC_PREFIX);
    }

    @Test
    void internalTopicsAcceptAnyFutureTimestampUnlessSetOrLeftOut() {
        assertThat(internalTopicConfigs(of(Map.of()))).containsEntry("message.timestamp.after.max.ms",
            String.valueOf(Long.MAX_VALUE));
        assertThat(internalTopicConfigs(of(Map.of(FutureTimestamps.SETTING, "7200000"))))
            .containsEntry("message.timestamp.after.max.ms", "7200000");
        // empty: brokers before Kafka 3.6, which refuse to create a topic that names the setting
        assertThat(internalTopicConfigs(of(Map.of(FutureTimestamps.SETTING, ""))))
            .doesNotContainKey("message.timestamp.after.max.ms");
    }
}
