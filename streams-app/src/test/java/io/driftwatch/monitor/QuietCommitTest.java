package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class QuietCommitTest {

    private static void check(MockProcessorContext<?, ?> context) {
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
    }

    @Test
    void asksForOneCommitOnceTheThreadHasBeenQuietForACheckPeriodAfterTheTaskProcessedRecords() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        MockProcessorContext<Object, Object> other = new MockProcessorContext<>(); // another task of the same thread
        QuietCommit task = QuietCommit.schedule(context, Duration.ofMillis(100));
        QuietCommit otherTask = QuietCommit.schedule(other, Duration.ofMillis(100));
        assertThat(context.scheduledPunctuators()).singleElement().satisfies(p -> {
            assertThat(p.getInterval()).isEqualTo(Duration.ofMillis(100));
            assertThat(p.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        });

        task.processed();
        check(context);
        assertThat(context.committed()).as("records came since the last check: busy").isFalse();
        otherTask.processed();
        check(context);
        assertThat(context.committed()).as("the thread processed another task's record: still busy").isFalse();
        check(context);
        assertThat(context.committed()).as("a whole check period without records").isTrue();

        context.resetCommit();
        check(context);
        check(context);
        assertThat(context.committed()).as("nothing processed since it asked").isFalse();
        check(other);
        assertThat(other.committed()).as("its first check: no earlier one to compare with").isFalse();
        check(other);
        assertThat(other.committed()).as("the other task processed a record before the quiet period").isTrue();
    }

    @Test
    void aQuietThreadWhoseConsumerKnowsOfRecordsOnTheBrokerIsWaitingForAFetchNotCaughtUp() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        boolean[] waiting = {true};
        QuietCommit task = QuietCommit.schedule(context, Duration.ofMillis(50), () -> waiting[0]);

        task.processed();
        check(context);
        check(context);
        check(context);
        assertThat(context.committed()).as("quiet, but records wait on the broker").isFalse();
        waiting[0] = false;
        check(context);
        assertThat(context.committed()).as("quiet and caught up").isTrue();
    }

    @Test
    void zeroSchedulesNothing() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        QuietCommit.schedule(context, Duration.ZERO).processed();
        assertThat(context.scheduledPunctuators()).isEmpty();
    }
}
