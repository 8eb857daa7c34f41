package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.junit.jupiter.api.Test;

/** Which brokers get internal topics that name {@code message.timestamp.after.max.ms} (FutureEventTimeIT: 4.3). */
class FutureTimestampsTest {

    private static Map<String, SupportedVersionRange> metadataVersionUpTo(int level) {
        return Map.of("metadata.version", new SupportedVersionRange((short) 7, (short) level));
    }

    @Test
    void brokersFromKafka36OnKnowTheTopicSetting() {
        assertThat(FutureTimestamps.known(metadataVersionUpTo(11))).as("3.5-IV2").isFalse();
        assertThat(FutureTimestamps.known(metadataVersionUpTo(12))).as("3.6-IV0").isTrue();
        assertThat(FutureTimestamps.known(metadataVersionUpTo(27))).as("4.x").isTrue();
        assertThat(FutureTimestamps.known(Map.of())).as("no metadata.version (before KRaft's features)").isFalse();
        assertThat(FutureTimestamps.known(Map.of("kraft.version", new SupportedVersionRange((short) 0, (short) 1))))
            .isFalse();
    }
}
