package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class SeriesMatchesTest {

    private static MatchEntry entry(String predictionId, double actual) {
        MatchEntry e = new MatchEntry();
        e.hasActual = !Double.isNaN(actual);
        e.actual = Double.isNaN(actual) ? 0 : actual;
        e.revision = 2;
        e.addWaiting(new MatchEntry.Waiting(predictionId, "sales", "1d", null, 3, 7L, 1.5, 1.0, 2.0));
        e.addMatched("m-" + predictionId);
        return e;
    }

    private static List<Long> targets(SeriesMatches m) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            out.add(m.target(i));
        }
        return out;
    }

    @Test
    void keepsTargetsInTimeOrderWhateverOrderTheyCameIn() {
        Random random = new Random(7);
        TreeMap<Long, MatchEntry> expected = new TreeMap<>();
        SeriesMatches m = new SeriesMatches();
        for (int i = 0; i < 200; i++) {
            long target = random.nextInt(400) - 100; // negative times too
            if (expected.containsKey(target)) {
                assertThat(m.get(target)).isSameAs(expected.get(target));
                continue;
            }
            assertThat(m.get(target)).isNull();
            MatchEntry e = entry("p" + i, i);
            m.add(target, e);
            expected.put(target, e);
        }
        assertThat(targets(m)).containsExactlyElementsOf(expected.keySet());
        assertThat(m.oldestTarget()).isEqualTo(expected.firstKey());
        for (int i = 0; i < m.size(); i++) {
            assertThat(m.entry(i)).isSameAs(expected.get(m.target(i)));
        }
    }

    @Test
    void addsAndDropsDayByDayAsADailySeriesDoesWithTargetsOutOfOrderNowAndThen() {
        SeriesMatches m = new SeriesMatches();
        TreeMap<Long, MatchEntry> expected = new TreeMap<>();
        List<MatchEntry> removed = new ArrayList<>();
        for (long day = 0; day < 300; day++) {
            MatchEntry e = entry("p" + day, day);
            m.add(day * 10, e);
            expected.put(day * 10, e);
            if (day % 7 == 3) { // a target between two held ones, older than the newest
                MatchEntry late = entry("late" + day, -day);
                m.add(day * 10 - 15, late);
                expected.put(day * 10 - 15, late);
            }
            long through = (day - 9) * 10;
            int before = removed.size();
            int count = m.removeThrough(through, removed::add);
            List<MatchEntry> gone = new ArrayList<>(expected.headMap(through, true).values());
            expected.headMap(through, true).clear();
            assertThat(count).isEqualTo(gone.size());
            assertThat(removed.subList(before, removed.size())).containsExactlyElementsOf(gone);
            assertThat(targets(m)).as("day %d", day).containsExactlyElementsOf(expected.keySet());
            for (long t : expected.keySet()) {
                assertThat(m.get(t)).isSameAs(expected.get(t));
            }
            assertThat(SeriesMatches.fromBytes(m.toBytes()).size()).isEqualTo(expected.size());
        }
    }

    @Test
    void refusesATargetItHoldsAlready() {
        SeriesMatches m = new SeriesMatches();
        m.add(5, entry("a", 1));
        assertThatThrownBy(() -> m.add(5, entry("b", 2))).isInstanceOf(IllegalArgumentException.class);
        assertThat(m.size()).isEqualTo(1);
    }

    @Test
    void removesTheTargetsUpToATimeAndGivesEachEntryOnce() {
        SeriesMatches m = new SeriesMatches();
        for (long t = 10; t >= 1; t--) {
            m.add(t * 100, entry("p" + t, t));
        }
        List<MatchEntry> removed = new ArrayList<>();
        assertThat(m.removeThrough(50, removed::add)).isZero();
        assertThat(m.removeThrough(300, removed::add)).isEqualTo(3);
        assertThat(removed).extracting(e -> e.waiting().get(0).predictionId()).containsExactly("p1", "p2", "p3");
        assertThat(targets(m)).containsExactly(400L, 500L, 600L, 700L, 800L, 900L, 1000L);
        assertThat(m.get(300)).isNull();
        assertThat(m.removeThrough(Long.MAX_VALUE, removed::add)).isEqualTo(7);
        assertThat(m.isEmpty()).isTrue();
        assertThat(removed).hasSize(10);
    }

    @Test
    void roundTripsItsTargetsAndEntries() {
        SeriesMatches m = new SeriesMatches();
        for (int i = 0; i < 13; i++) {
            m.add(1_700_000_000_000L + i * 86_400_000L, entry("p-" + i, i % 3 == 0 ? Double.NaN : i * 1.5));
        }
        m.add(-86_400_000L, entry("before-1970", -2));
        SeriesMatches back = SeriesMatches.fromBytes(m.toBytes());
        assertThat(targets(back)).containsExactlyElementsOf(targets(m));
        for (int i = 0; i < m.size(); i++) {
            MatchEntry a = m.entry(i);
            MatchEntry b = back.entry(i);
            assertThat(b.hasActual).isEqualTo(a.hasActual);
            assertThat(b.actual).isEqualTo(a.actual);
            assertThat(b.revision).isEqualTo(a.revision);
            assertThat(b.waiting()).containsExactlyElementsOf(a.waiting());
            assertThat(b.matchedIds()).containsExactlyElementsOf(a.matchedIds());
        }
        assertThat(SeriesMatches.fromBytes(new SeriesMatches().toBytes()).isEmpty()).isTrue();
    }

    @Test
    void readsAnEntryOfTheEarlierLayoutAsOneEntryWithoutItsTarget() {
        MatchEntry old = entry("p-old", 4.5);
        SeriesMatches read = SeriesMatches.fromBytes(old.toBytes());
        assertThat(read.size()).isEqualTo(1);
        assertThat(read.target(0)).isEqualTo(SeriesMatches.LEGACY);
        assertThat(read.entry(0).actual).isEqualTo(4.5);
        assertThat(read.entry(0).waiting()).containsExactlyElementsOf(old.waiting());
        assertThat(read.entry(0).matchedIds()).containsExactly("m-p-old");
    }

    @Test
    void refusesACountItsBytesCannotHold() {
        byte[] bytes = new SeriesMatches().toBytes();
        bytes[4] = 100; // the count's low byte: 100 targets in 5 bytes
        assertThatThrownBy(() -> SeriesMatches.fromBytes(bytes)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("100 targets");
    }
}
