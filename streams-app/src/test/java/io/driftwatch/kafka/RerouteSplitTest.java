package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The split's marks and the commit it asks for when its marks turn clean. */
class RerouteSplitTest {

    private static final long HOUR = 3_600_000L;

    @Test
    void theFirstCleanMarkAsksForACommitOnceSoTheDestinationsStopHoldingSoon() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        RerouteSplit split = started(context);
        String here = seriesOn(context.taskId().partition(), 2);
        int commits = 0;
        int firstCommitAt = -1;
        for (int h = 0; h < 40; h++) {
            context.setRecordMetadata("in", context.taskId().partition(), h);
            split.process(new Record<>(here, here, h * HOUR));
            if (context.committed()) {
                commits++;
                firstCommitAt = firstCommitAt < 0 ? h : firstCommitAt;
                context.resetCommit();
            }
        }
        assertThat(commits).isEqualTo(1);
        assertThat(firstCommitAt).isEqualTo(Reroute.PROBATION_STEPS);
        List<Reroute.Envelope> marks = context.forwarded().stream()
                .map(f -> f.record().value())
                .filter(Reroute.Envelope.class::isInstance)
                .map(Reroute.Envelope.class::cast)
                .toList();
        assertThat(marks.get(Reroute.PROBATION_STEPS - 1).holds()).isTrue();
        assertThat(marks.get(Reroute.PROBATION_STEPS).holds()).isFalse();
    }

    @Test
    void aPartitionThatMisplacesBeforeItsProbationEndsNeverAsksForACommit() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        RerouteSplit split = started(context);
        int self = context.taskId().partition();
        String there = seriesOn(1 - self, 2);
        String here = seriesOn(self, 2);
        context.setRecordMetadata("in", self, 0);
        split.process(new Record<>(there, there, 0L));
        assertThat(context.forwarded()).anyMatch(f -> f.record().value() instanceof Reroute.Envelope e
                && e.value() != null);
        for (int h = 1; h < 40; h++) {
            context.setRecordMetadata("in", self, h);
            split.process(new Record<>(here, here, h * HOUR));
            assertThat(context.committed()).isFalse();
        }
    }

    /** A split of two partitions with hour steps, initialised on {@code context}; no partition is ever idle. */
    private static RerouteSplit started(MockProcessorContext<String, Object> context) {
        Reroute.Spec spec = new Reroute.Spec("test", "test-reroute", 2, v -> (String) v,
                List.of(new Reroute.Type<>(String.class, Serdes.String())), HOUR, partition -> false, "progress");
        RerouteSplit split = new RerouteSplit(spec);
        split.init(context);
        return split;
    }

    private static String seriesOn(int partition, int partitions) {
        for (int i = 0; ; i++) {
            String s = "s" + i;
            if (Partitioning.partitionOf(s, partitions) == partition) {
                return s;
            }
        }
    }
}
