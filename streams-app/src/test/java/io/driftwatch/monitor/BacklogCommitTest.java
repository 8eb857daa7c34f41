package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class BacklogCommitTest {

    private static MockProcessorContext<Object, Object> context(long intervalMs) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "backlog-commit-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, intervalMs);
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props);
        context.setCurrentSystemTimeMs(1_000_000);
        return context;
    }

    @Test
    void asksForACommitEachTimeTheBoundariesClosedWithinOneIntervalReachTheThreshold() {
        MockProcessorContext<Object, Object> context = context(10_000);
        BacklogCommit commit = new BacklogCommit(context, 30);

        commit.closed(20);
        assertThat(context.committed()).as("20 of 30").isFalse();
        commit.closed(0);
        assertThat(context.committed()).isFalse();
        context.setCurrentSystemTimeMs(1_009_999);
        commit.closed(10);
        assertThat(context.committed()).as("30 of 30 within the interval").isTrue();

        context.resetCommit();
        commit.closed(29);
        assertThat(context.committed()).as("the count starts over after a request").isFalse();
        commit.closed(100);
        assertThat(context.committed()).as("a jump of stream time past many boundaries at once").isTrue();
        context.resetCommit();
        commit.closed(1);
        assertThat(context.committed()).as("no carry-over from a large jump").isFalse();
    }

    @Test
    void leavesATaskSlowerThanThresholdBoundariesPerIntervalToTheInterval() {
        MockProcessorContext<Object, Object> context = context(10_000);
        BacklogCommit commit = new BacklogCommit(context, 30);
        long now = 1_000_000;
        for (int interval = 0; interval < 10; interval++) {
            for (int step = 0; step < 29; step++) {
                commit.closed(1);
            }
            now += 10_000;
            context.setCurrentSystemTimeMs(now);
        }
        assertThat(context.committed()).as("29 boundaries per interval, 290 in all").isFalse();
        commit.closed(1);
        assertThat(context.committed()).as("the count started over with the new interval").isFalse();
        commit.closed(29);
        assertThat(context.committed()).as("30 within one interval").isTrue();
    }

    @Test
    void zeroNeverAsksAndANegativeThresholdIsRefused() {
        MockProcessorContext<Object, Object> context = context(10_000);
        BacklogCommit commit = new BacklogCommit(context, 0);
        commit.closed(1_000_000);
        assertThat(context.committed()).isFalse();
        assertThatThrownBy(() -> new BacklogCommit(context, -1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("-1");
    }
}
