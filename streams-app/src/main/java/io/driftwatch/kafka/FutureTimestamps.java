package io.driftwatch.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the apps' internal topics are created with {@code message.timestamp.after.max.ms} at its maximum
 * ({@link StreamsProperties}' default): the apps stamp their changelog and repartition records with event time, which
 * an input may carry up to a day ahead of the clock, and a Kafka 4 broker refuses a timestamp more than an hour ahead
 * by default. Brokers before Kafka 3.6 do not know the topic setting and would refuse to create a topic that names
 * it (they accept any future timestamp anyway), so at start-up the apps ask the brokers' supported
 * {@code metadata.version} (the ApiVersions answer: no ACL needed) and leave the setting out for older ones. An
 * explicit {@code topic.message.timestamp.after.max.ms} wins; an empty one leaves it out.
 */
public final class FutureTimestamps {

    private static final Logger LOG = LoggerFactory.getLogger(FutureTimestamps.class);

    /** The Kafka Streams setting for the internal topics. */
    public static final String SETTING = StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);

    /** The {@code metadata.version} feature level of Kafka 3.6 ({@code IBP_3_6_IV0}), which added the setting. */
    static final short KAFKA_3_6_LEVEL = 12;

    private FutureTimestamps() {
    }

    /** Whether a broker with these supported features knows {@code message.timestamp.after.max.ms}. */
    static boolean known(Map<String, SupportedVersionRange> supportedFeatures) {
        SupportedVersionRange metadata = supportedFeatures.get("metadata.version");
        return metadata != null && metadata.maxVersion() >= KAFKA_3_6_LEVEL;
    }

    /**
     * {@code settings}, with {@link #SETTING} empty (left out) when the brokers predate Kafka 3.6 or do not say; as
     * given when it is set or the brokers know it.
     */
    public static Map<String, Object> forBrokers(Admin admin, Map<String, Object> settings) {
        if (settings.containsKey(SETTING)) {
            return settings;
        }
        boolean known;
        try {
            known = known(admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS).supportedFeatures());
            if (!known) {
                LOG.info("the brokers predate Kafka 3.6: internal topics are created without {}",
                    TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while asking the brokers' features", e);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("could not ask the brokers' features ({}): internal topics are created without {}; set {} to"
                    + " 9223372036854775807 where the brokers are Kafka 3.6 or later", e.getMessage(),
                TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, SETTING);
            known = false;
        }
        if (known) {
            return settings;
        }
        Map<String, Object> out = new HashMap<>(settings);
        out.put(SETTING, "");
        return out;
    }
}
