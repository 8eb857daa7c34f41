package io.driftwatch.kafka;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.topics.Topics;

/**
 * Kafka Streams properties for a driftwatch app: exactly-once by default, and bad records (undecodable
 * or breaking the contract) sent to the dead-letter topic by Kafka's built-in handlers (KIP-1034),
 * with headers naming the error, source topic, partition and offset. Internal topics take
 * {@code topics.replication.factor} and {@code topics.min.insync.replicas} unless Kafka Streams' own
 * {@code replication.factor} / {@code topic.min.insync.replicas} are set; any other Kafka Streams setting
 * ({@code num.standby.replicas}, {@code num.stream.threads}, ...) passes through unchanged. The producers compress
 * with lz4 unless {@code compression.type} (or {@code producer.compression.type}) is set.
 */
public final class StreamsProperties {

    private StreamsProperties() {
    }

    public static Properties of(CommonConfig config, String app) {
        Properties p = config.kafkaClientPropertiesAsProperties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId(app));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(CommonConfig.PROCESSING_GUARANTEE));
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(CommonConfig.STATE_DIR));
        p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        // Kafka's log-and-continue handlers, counting driftwatch.deadletters{app, reason}
        p.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                CountingDeserializationExceptionHandler.class.getName());
        p.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                CountingProcessingExceptionHandler.class.getName());
        p.putAll(CountingProcessingExceptionHandler.appProperty(app));
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.from(config).deadLetters.name());
        p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // internal topics (changelogs, repartition) as durable as the topics 'topics create' makes, unless set apart
        short replication = config.getShort(CommonConfig.TOPICS_REPLICATION_FACTOR);
        if (replication > 0) {
            p.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication);
        }
        // lz4 on the apps' producers (outputs and changelogs) unless a compression is set: the monitor writes about
        // two changelog records per input event at large fleets, and uncompressed they cost the broker half its CPU
        String compression = StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG);
        if (!p.containsKey(ProducerConfig.COMPRESSION_TYPE_CONFIG) && !p.containsKey(compression)) {
            p.put(compression, "lz4");
        }
        // The apps stamp what they write to their internal topics with event time, which the inputs may carry up to
        // a day ahead of the clock (RecordChecks.requireTime); since Kafka 4.0 a broker rejects a CreateTime
        // timestamp more than log.message.timestamp.after.max.ms (1 h by default) ahead of its own clock, and one
        // rejected record fails the transaction and stops the app. Internal topics accept any future timestamp,
        // as every topic did before Kafka 4.0; an empty value leaves the setting out (FutureTimestamps: brokers
        // before 3.6 do not know it).
        p.putIfAbsent(FutureTimestamps.SETTING, String.valueOf(Long.MAX_VALUE));
        if (String.valueOf(p.get(FutureTimestamps.SETTING)).isBlank()) {
            p.remove(FutureTimestamps.SETTING);
        }
        int minIsr = config.getInt(CommonConfig.TOPICS_MIN_INSYNC_REPLICAS);
        if (minIsr > 0) {
            p.putIfAbsent(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), String.valueOf(minIsr));
        }
        return p;
    }
}
