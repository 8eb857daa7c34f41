package io.driftwatch.monitor;

import static io.driftwatch.monitor.MonitorDriver.actual;
import static io.driftwatch.monitor.MonitorDriver.day;
import static io.driftwatch.monitor.MonitorDriver.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyDescription;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.driftwatch.avro.Actual;
import io.driftwatch.kafka.IdleProbe;
import io.driftwatch.kafka.Partitioning;
import io.driftwatch.kafka.Reroute;
import io.driftwatch.topics.StoreNames;

/**
 * Matching behind the reroute topic, two input partitions, driven as partition 1 would: its re-routed records and
 * progress marks are piped into the reroute topic. (TopologyTestDriver runs one task, so what partition 0 reads
 * directly is piped to the input topics.)
 */
class RerouteTest {

    private MonitorDriver m;

    @AfterEach
    void tearDown() {
        if (m != null) {
            m.close();
        }
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
    void aPartitionWhoseMarksAreCleanHoldsNothingBack() {
        m = new MonitorDriver(Map.of(MonitorConfig.INPUT_PARTITIONS, 2));
        m.progress(1, day(12).toEpochMilli(), false); // partition 1 has re-routed nothing and is past its probation
        m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        m.pipe(actual("other", day(17), 1));
        m.rerouted(1, actual("s1", day(10), 100));
        assertThat(m.pairCount("m:1d")).as("judged by this partition's stream time: late").isZero();

        m.progress(1, day(13).toEpochMilli(), true); // it holds again; the clock does not go back
        m.pipe(prediction("p2", "m", "s1", day(9), day(10), 97, 95, 101));
        assertThat(m.pairCount("m:1d")).isZero();
    }

    /**
     * Another partition's marks running ahead of this partition's own records (its leader answers while this one's is
     * being elected again) move the task's stream time (a mark's timestamp is its partition's progress) but not the
     * clock matching goes by: this partition's own actual, read later, still pairs.
     */
    @Test
    void anotherPartitionRunningAheadDoesNotMakeThisPartitionsOwnPairsLate() {
        m = new MonitorDriver(Map.of(MonitorConfig.INPUT_PARTITIONS, 2));
        String here = seriesOn(0);
        m.pipe(prediction("p1", "m", here, day(9), day(10), 98, 95, 101));
        m.progress(1, day(30).toEpochMilli(), false, day(30)); // partition 1 has read 20 days further
        m.pipe(actual(here, day(10), 100));
        assertThat(m.pairCount("m:1d")).isEqualTo(1);
    }

    @Test
    void marksHoldDuringTheProbationAndFromTheFirstMisplacedRecordOn() {
        m = new MonitorDriver(Map.of(MonitorConfig.INPUT_PARTITIONS, 2));
        String here = seriesOn(0);
        String there = seriesOn(1);
        for (int h = 0; h < 30; h++) {
            m.pipe(actual(here, day(10 + h / 24.0), h));
        }
        List<Reroute.Envelope> marks = m.sentToReroute();
        assertThat(marks).hasSize(30).allMatch(e -> e.value() == null && e.source() == 0);
        assertThat(marks.subList(0, Reroute.PROBATION_STEPS)).allMatch(Reroute.Envelope::holds);
        assertThat(marks.subList(Reroute.PROBATION_STEPS, 30)).noneMatch(Reroute.Envelope::holds);

        m.pipe(actual(there, day(10 + 29 / 24.0), 1)); // misplaced, in the same hour: a holding mark goes first
        List<Reroute.Envelope> sent = m.sentToReroute();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).value()).isNull();
        assertThat(sent.get(0).holds()).isTrue();
        assertThat(sent.get(1).value()).isInstanceOf(Actual.class);

        m.pipe(actual(here, day(10 + 30 / 24.0), 1)); // well placed again, but the partition misplaces: it holds
        assertThat(m.sentToReroute()).singleElement().matches(Reroute.Envelope::holds);
    }

    @Test
    void aCleanMarkCrossesTheTopicAsClean() {
        var serde = Reroute.serde(List.of(new Reroute.Type<>(String.class, Serdes.String())));
        for (boolean holds : new boolean[] {true, false}) {
            Reroute.Envelope e = new Reroute.Envelope(3, 1234L, null, holds);
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", e))).isEqualTo(e);
        }
        Reroute.Envelope record = new Reroute.Envelope(1, 5L, "x");
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", record))).isEqualTo(record);
    }

    private static String seriesOn(int partition) {
        for (int i = 0; ; i++) {
            if (Partitioning.partitionOf("s" + i, 2) == partition) {
                return "s" + i;
            }
        }
    }

    /**
     * Without its detour (its topic does not exist yet), the monitor matches well-placed records as usual and stops at
     * the first misplaced one with the request to rebuild; nothing of that record was processed.
     */
    @Test
    void withoutTheDetourTheFirstMisplacedRecordAsksForIt() {
        m = new MonitorDriver(Map.of(MonitorConfig.INPUT_PARTITIONS, 2, MonitorConfig.REROUTE_DETOUR, false));
        String here = seriesOn(0); // TopologyTestDriver reads every record from partition 0
        m.pipe(prediction("p1", "m", here, day(9), day(10), 98, 95, 101));
        m.pipe(actual(here, day(10), 100));
        assertThat(m.pairCount("m:1d")).isEqualTo(1);

        String there = seriesOn(1);
        assertThatThrownBy(() -> m.pipe(actual(there, day(10), 100)))
            .hasRootCauseInstanceOf(MisplacedInputException.class)
            .rootCause().hasMessageContaining(there);
    }

    /**
     * The monitor with and without its detour keeps every store in the same sub-topology: the tasks (and their state)
     * of the one are those of the other, so a restart with the detour resumes where the monitor without it stopped.
     */
    @Test
    void theDetourKeepsTheTasksAndTheirStores() {
        Map<String, Object> props = new HashMap<>(Map.of(MonitorConfig.INPUT_PARTITIONS, 4));
        props.put(MonitorConfig.REROUTE_DETOUR, false);
        Map<String, Integer> without = storesBySubtopology(new MonitorConfig(props));
        props.put(MonitorConfig.REROUTE_DETOUR, true);
        Map<String, Integer> with = storesBySubtopology(new MonitorConfig(props));
        assertThat(with).containsAllEntriesOf(without).containsKey(StoreNames.MONITOR_REROUTE_PROGRESS);
        assertThat(without).containsKey(StoreNames.MONITOR_MATCH_ENTRIES).hasSize(with.size() - 1);
    }

    private static Map<String, Integer> storesBySubtopology(MonitorConfig config) {
        Map<String, Integer> out = new TreeMap<>();
        for (TopologyDescription.Subtopology s : MonitorTopology.build(config, IdleProbe.ASSUME_IDLE).describe()
                .subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Processor p) {
                    p.stores().forEach(store -> out.put(store, s.id()));
                }
            }
        }
        return out;
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
