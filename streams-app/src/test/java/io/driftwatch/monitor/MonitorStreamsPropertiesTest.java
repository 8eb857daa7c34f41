package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class MonitorStreamsPropertiesTest {

    private static final String TRANSACTION_TIMEOUT = "producer.transaction.timeout.ms";

    private static Properties of(Map<String, Object> settings) {
        Properties p = MonitorTopology.streamsProperties(new MonitorConfig(settings));
        new StreamsConfig(p); // Kafka Streams accepts them: a transaction timeout below the interval is refused
        return p;
    }

    @Test
    void aLongCommitIntervalAndATransactionTimeoutThatOutlastsItByDefault() {
        Properties p = of(Map.of(MonitorConfig.REROUTE_DETOUR, "false")); // as 'run monitor' resolves it: no detour yet
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
            .isEqualTo(MonitorTopology.DEFAULT_COMMIT_INTERVAL_MS);
        assertThat(p.get(TRANSACTION_TIMEOUT)).isEqualTo(30_000);
    }

    @Test
    void withAStageBeforeMatchingTheIntervalStaysAtOneSecond() {
        for (Map<String, Object> staged : List.<Map<String, Object>>of(
                Map.of(MonitorConfig.REPARTITION_INPUTS, "true"),
                Map.of(MonitorConfig.REROUTE_MISPLACED, "true", MonitorConfig.REROUTE_DETOUR, "true"))) {
            Properties p = of(staged);
            assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).as("%s", staged)
                .isEqualTo(MonitorTopology.STAGED_COMMIT_INTERVAL_MS);
            assertThat(p.get(TRANSACTION_TIMEOUT)).isEqualTo(30_000);
        }
        assertThat(of(Map.of(MonitorConfig.REROUTE_DETOUR, "false")).get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
            .as("the detour not built yet").isEqualTo(MonitorTopology.DEFAULT_COMMIT_INTERVAL_MS);
    }

    @Test
    void aLongerIntervalSetByTheUserGetsThreeIntervalsOfTransactionTimeout() {
        Properties p = of(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "60000"));
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("60000");
        assertThat(p.get(TRANSACTION_TIMEOUT)).isEqualTo(180_000);

        assertThat(of(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100")).get(TRANSACTION_TIMEOUT))
            .as("never below the minimum").isEqualTo(30_000);
    }

    @Test
    void aTransactionTimeoutSetByTheUserWinsUnderEitherName() {
        assertThat(of(Map.of(TRANSACTION_TIMEOUT, "45000")).get(TRANSACTION_TIMEOUT)).isEqualTo("45000");
        Properties plain = of(Map.of("transaction.timeout.ms", "45000"));
        assertThat(plain.get("transaction.timeout.ms")).isEqualTo("45000");
        assertThat(plain).doesNotContainKey(TRANSACTION_TIMEOUT);
    }
}
