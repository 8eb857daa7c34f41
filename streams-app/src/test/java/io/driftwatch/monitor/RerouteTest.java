package io.driftwatch.monitor;

import static io.driftwatch.monitor.MonitorDriver.actual;
import static io.driftwatch.monitor.MonitorDriver.day;
import static io.driftwatch.monitor.MonitorDriver.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Matching behind the reroute topic, two input partitions, driven as partition 1 would: its re-routed records and
 * progress marks are piped into the reroute topic. (TopologyTestDriver runs one task, so what partition 0 reads
 * directly is piped to the input topics.)
 */
class RerouteTest {

    private MonitorDriver m;

    @AfterEach
    void tearDown() {
        m.close();
    }

    @Test
    void matchingWaitsForTheOtherPartitionSoAReroutedActualIsNotLate() {
        m = new MonitorDriver(Map.of(MonitorConfig.INPUT_PARTITIONS, 2));
        m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        m.pipe(actual("other", day(17), 1)); // this partition's stream time: target + match grace
        m.rerouted(1, actual("s1", day(10), 100)); // arrives after the detour: not late, partition 1 was behind
        assertThat(m.pairCount("m:1d")).isEqualTo(1);

        m.progress(1, day(12).toEpochMilli());
        m.pipe(prediction("p2", "m", "s1", day(9), day(10), 97, 95, 101)); // the clock is at day 12: still in time
        assertThat(m.pairCount("m:1d")).isEqualTo(2);

        m.progress(1, Long.MAX_VALUE); // partition 1 drained: the clock is this partition's stream time, day 17
        m.pipe(prediction("p3", "m", "s1", day(9), day(10), 96, 95, 101));
        assertThat(m.pairCount("m:1d")).as("now late, as on murmur2-placed input").isEqualTo(2);
    }

    @Test
    void withoutReroutingTheSameActualIsLate() {
        m = new MonitorDriver(Map.of(MonitorConfig.REROUTE_MISPLACED, false));
        m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        m.pipe(actual("other", day(17), 1));
        m.pipe(actual("s1", day(10), 100));
        assertThat(m.pairCount("m:1d")).isZero();
    }
}
