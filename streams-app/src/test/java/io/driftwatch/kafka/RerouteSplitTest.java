package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The split's marks and the commits it asks for while its marks hold and when they turn clean. */
class RerouteSplitTest {

    private static final long HOUR = 3_600_000L;

    @Test
    void whileItsMarksHoldAPartitionAsksForACommitEverySecondAndOnceForItsFirstCleanMark() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        RerouteSplit split = started(context);
        String here = seriesOn(context.taskId().partition(), 2);
        List<Integer> commitsAt = commitHours(context, split, h -> here);
        // holding marks (probation): at most one commit request per second of wall clock (100 ms per record here)
        assertThat(commitsAt).containsExactly(0, 10, 20, Reroute.PROBATION_STEPS);
        List<Reroute.Envelope> marks = context.forwarded().stream()
                .map(f -> f.record().value())
                .filter(Reroute.Envelope.class::isInstance)
                .map(Reroute.Envelope.class::cast)
                .toList();
        assertThat(marks.get(Reroute.PROBATION_STEPS - 1).holds()).isTrue();
        assertThat(marks.get(Reroute.PROBATION_STEPS).holds()).isFalse();
    }

    @Test
    void aPartitionThatMisplacesBeforeItsProbationEndsKeepsAskingEverySecondAndNeverForACleanMark() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        RerouteSplit split = started(context);
        int self = context.taskId().partition();
        String there = seriesOn(1 - self, 2);
        String here = seriesOn(self, 2);
        List<Integer> commitsAt = commitHours(context, split, h -> h == 0 ? there : here);
        assertThat(context.forwarded()).anyMatch(f -> f.record().value() instanceof Reroute.Envelope e
                && e.value() != null);
        assertThat(commitsAt).containsExactly(0, 10, 20, 30);
    }

    /** Hours 0-39, one record each and 100 ms of wall clock apart; the hours whose record asked for a commit. */
    private static List<Integer> commitHours(
            MockProcessorContext<String, Object> context, RerouteSplit split, IntFunction<String> seriesAt) {
        List<Integer> commitsAt = new ArrayList<>();
        for (int h = 0; h < 40; h++) {
            context.setCurrentSystemTimeMs(h * 100L);
            context.setRecordMetadata("in", context.taskId().partition(), h);
            String series = seriesAt.apply(h);
            split.process(new Record<>(series, series, h * HOUR));
            if (context.committed()) {
                commitsAt.add(h);
                context.resetCommit();
            }
        }
        return commitsAt;
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
