package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class PartialsCommitTest {

    @Test
    void asksForACommitEachTimeTheRecordsSentSinceItsLastRequestReachTheThreshold() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        PartialsCommit commit = new PartialsCommit(context, 100);

        commit.sent(60);
        assertThat(context.committed()).as("60 of 100").isFalse();
        commit.sent(0);
        assertThat(context.committed()).isFalse();
        commit.sent(40);
        assertThat(context.committed()).as("100 of 100").isTrue();

        context.resetCommit();
        commit.sent(99);
        assertThat(context.committed()).as("the count starts over after a request").isFalse();
        commit.sent(250);
        assertThat(context.committed()).as("one boundary's records beyond the threshold").isTrue();
        context.resetCommit();
        commit.sent(1);
        assertThat(context.committed()).as("no carry-over from a large boundary").isFalse();
    }

    @Test
    void zeroNeverAsksAndANegativeThresholdIsRefused() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        PartialsCommit commit = new PartialsCommit(context, 0);
        commit.sent(1_000_000);
        assertThat(context.committed()).isFalse();
        assertThatThrownBy(() -> new PartialsCommit(context, -1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("-1");
    }
}
