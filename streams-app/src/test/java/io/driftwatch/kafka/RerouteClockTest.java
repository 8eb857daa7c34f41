package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The clock of partition 0 of two, partition 1 re-routing to it: how a partition that had nothing left to read
 * holds the clock again when this partition's input resumes, and for how long.
 */
class RerouteClockTest {

    private static final long DAY = 86_400_000L;
    private static final String APP = "app";
    private static final String INPUT = "input";
    private static final String REROUTE = Reroute.topic(APP, "r");

    private final long wall0 = 1_000_000L;

    @Test
    void whenTheInputResumesAQuietPartitionHoldsAtItsLastMarkUntilItMarksAgain() {
        MockProcessorContext<Object, Object> context = context(2000);
        RerouteClock clock = clock(context);
        ownRecord(context, clock, 5 * DAY);
        mark(context, clock, 1, 5 * DAY, false); // clean: partition 1 re-routes nothing
        mark(context, clock, 1, Long.MAX_VALUE, true); // then nothing left to read
        ownMark(context, clock, 5 * DAY, false);

        ownMark(context, clock, 5 * DAY, true); // this partition's input resumes (a backlog)
        ownRecord(context, clock, 17 * DAY);
        assertThat(clock.now()).as("held at partition 1's last mark").isEqualTo(5 * DAY);

        mark(context, clock, 1, 8 * DAY, true); // partition 1 resumed too, and re-routes
        assertThat(clock.now()).isEqualTo(8 * DAY);
        mark(context, clock, 1, 20 * DAY, false);
        assertThat(clock.now()).as("clean marks hold nothing back").isEqualTo(17 * DAY);
    }

    @Test
    void aQuietPartitionThatStaysQuietHoldsForMaxTaskIdleMsOfWallClockTime() {
        MockProcessorContext<Object, Object> context = context(2000);
        RerouteClock clock = clock(context);
        resumeAfterAPause(context, clock);
        context.setCurrentSystemTimeMs(wall0 + 1999);
        assertThat(clock.now()).isEqualTo(5 * DAY);
        context.setCurrentSystemTimeMs(wall0 + 2000);
        assertThat(clock.now()).isEqualTo(17 * DAY);
        assertThat(clock.holdsQuietPartitions()).isTrue();
    }

    @Test
    void withoutMaxTaskIdleMsAQuietPartitionHoldsNothingBack() {
        MockProcessorContext<Object, Object> context = context(0);
        RerouteClock clock = clock(context);
        resumeAfterAPause(context, clock);
        assertThat(clock.now()).isEqualTo(17 * DAY);
        assertThat(clock.holdsQuietPartitions()).isFalse();
    }

    @Test
    void afterARestartAPartitionLastSeenQuietHoldsAtNoTimeUntilItMarksOrTheWaitRunsOut() {
        MockProcessorContext<Object, Object> context = context(2000);
        KeyValueStore<Integer, Long> store = store(context);
        store.put(1, Long.MAX_VALUE);
        RerouteClock clock = RerouteClock.rerouted(context, "progress", "r", 2);
        ownRecord(context, clock, 17 * DAY);
        assertThat(clock.now()).isEqualTo(-1);
        mark(context, clock, 1, 9 * DAY, true);
        assertThat(clock.now()).isEqualTo(9 * DAY);

        RerouteClock again = RerouteClock.rerouted(context, "progress", "r", 2);
        mark(context, again, 1, Long.MAX_VALUE, true);
        RerouteClock restarted = RerouteClock.rerouted(context, "progress", "r", 2);
        ownRecord(context, restarted, 17 * DAY);
        assertThat(restarted.now()).isEqualTo(-1);
        context.setCurrentSystemTimeMs(wall0 + 2000);
        assertThat(restarted.now()).isEqualTo(17 * DAY);
    }

    /**
     * Both partitions at day 5, partition 1 clean and then with nothing left to read; partition 0's input resumes with
     * a backlog up to day 17.
     */
    private static void resumeAfterAPause(MockProcessorContext<Object, Object> context, RerouteClock clock) {
        ownRecord(context, clock, 5 * DAY);
        mark(context, clock, 1, 5 * DAY, false);
        mark(context, clock, 1, Long.MAX_VALUE, true);
        ownMark(context, clock, 5 * DAY, true);
        ownRecord(context, clock, 17 * DAY);
    }

    private MockProcessorContext<Object, Object> context(long maxTaskIdleMs) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(maxTaskIdleMs));
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props);
        context.setCurrentSystemTimeMs(wall0);
        return context;
    }

    private static RerouteClock clock(MockProcessorContext<Object, Object> context) {
        store(context);
        return RerouteClock.rerouted(context, "progress", "r", 2);
    }

    private static KeyValueStore<Integer, Long> store(MockProcessorContext<Object, Object> context) {
        KeyValueStore<Integer, Long> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("progress"),
            Serdes.Integer(), Serdes.Long()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    /** A record read directly from partition 0's input. */
    private static void ownRecord(MockProcessorContext<Object, Object> context, RerouteClock clock, long time) {
        context.setRecordMetadata(INPUT, 0, 0);
        clock.onRecord(time);
    }

    /** Partition 0's own mark, forwarded directly by its split ({@code resumed}: after nothing left to read). */
    private static void ownMark(MockProcessorContext<Object, Object> context, RerouteClock clock, long time,
                                boolean resumed) {
        context.setRecordMetadata(INPUT, 0, 0);
        clock.onProgress(new Reroute.Progress(0, time, resumed));
    }

    /** Another partition's mark, through the reroute topic. */
    private static void mark(MockProcessorContext<Object, Object> context, RerouteClock clock, int source, long time,
                             boolean holds) {
        context.setRecordMetadata(REROUTE, 0, 0);
        clock.onProgress(new Reroute.Progress(source, time, holds));
    }
}
