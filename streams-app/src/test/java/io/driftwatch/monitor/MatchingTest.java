package io.driftwatch.monitor;

import static io.driftwatch.monitor.MonitorDriver.actual;
import static io.driftwatch.monitor.MonitorDriver.day;
import static io.driftwatch.monitor.MonitorDriver.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.driftwatch.kafka.WriteBackStore;
import io.driftwatch.topics.StoreNames;

class MatchingTest {

    private MonitorDriver m;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        m = new MonitorDriver(Map.of());
    }

    @AfterEach
    void tearDown() {
        m.close();
        Metrics.removeRegistry(registry);
    }

    private double expired(String model) {
        Counter c = registry.find(ExpiryReporter.EXPIRED).tag("model", model).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void actualFirstThenPrediction() {
        m.pipe(actual("s1", day(10), 100));
        m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        assertThat(m.pairCount("m:1d")).isEqualTo(1);
    }

    @Test
    void predictionFirstThenActual() {
        m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        assertThat(m.pairCount("m:1d")).isZero();
        m.pipe(actual("s1", day(10), 100));
        assertThat(m.pairCount("m:1d")).isEqualTo(1);
    }

    @Test
    void aRedeliveredPredictionIdCountsOnce() {
        m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        m.pipe(actual("s1", day(10), 100));
        m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        m.pipe(actual("s1", day(10), 100));
        assertThat(m.pairCount("m:1d")).isEqualTo(1);
        assertThat(registry.find(ExpiryReporter.DUPLICATE).counter().count()).isEqualTo(2.0);
    }

    @Test
    void twoModelsPredictingOneTargetBothMatch() {
        m.pipe(prediction("a", "m1", "s1", day(9), day(10), 98, 95, 101));
        m.pipe(prediction("b", "m2", "s1", day(9), day(10), 97, 95, 101));
        m.pipe(actual("s1", day(10), 100));
        assertThat(m.pairCount("m1:1d")).isEqualTo(1);
        assertThat(m.pairCount("m2:1d")).isEqualTo(1);
    }

    @Test
    void lateActualWithinGraceStillMatches() {
        m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        m.pipe(actual("other", day(16.5), 1)); // stream time 6.5 days past the target, grace is 7 days
        m.pipe(actual("s1", day(10), 100));
        assertThat(m.pairCount("m:1d")).isEqualTo(1);
        assertThat(expired("m")).isZero();
    }

    @Test
    void actualPastGraceDoesNotMatchAndThePredictionExpiresCounted() {
        m.pipe(prediction("p1", "m", "s1", day(9), day(10), 98, 95, 101));
        m.pipe(actual("other", day(17), 1)); // stream time = target + 7 days: the entry expires
        m.pipe(actual("s1", day(10), 100));
        assertThat(m.pairCount("m:1d")).isZero();
        assertThat(expired("m")).isEqualTo(1.0);
        assertThat(registry.find(ExpiryReporter.LATE).tag("kind", "actual").counter().count()).isEqualTo(1.0);
        assertThat(m.storeSize(StoreNames.MONITOR_MATCH_ENTRIES)).as("expired entries are removed").isEqualTo(1);
    }

    @Test
    void ninetyDayHorizonWaitsForItsActual() {
        m.pipe(prediction("p90", "m", "s1", day(0), day(90), 98, 95, 101));
        for (int d = 1; d < 90; d++) {
            m.pipe(actual("s1", day(d), 100 + d)); // stream time advances day by day
        }
        assertThat(m.storeSize(StoreNames.MONITOR_MATCH_ENTRIES)).as("one value per series").isEqualTo(1);
        assertThat(m.matchTargets()).as("only targets within target + grace remain, and the prediction's")
            .isLessThanOrEqualTo(9);
        m.pipe(actual("s1", day(90), 100));
        assertThat(m.pairCount("m:1d")).isEqualTo(1);
        assertThat(expired("m")).isZero();
    }

    @Test
    void expiryIsTheSameWhenTheStoreOutgrowsItsMemoryCache() {
        m.close();
        m = new MonitorDriver(Map.of(MonitorConfig.CACHE_MAX_ENTRIES, 3)); // RocksDB + range scans
        for (int i = 0; i < 50; i++) {
            m.pipe(prediction("p" + i, "m", "s" + i, day(0), day(30 + i % 3), 1, 0, 2));
        }
        assertThat(m.storeSize(StoreNames.MONITOR_MATCH_ENTRIES)).isEqualTo(50);
        m.pipe(actual("s1", day(31), 1)); // p1 matches
        assertThat(m.pairCount("m:1d")).isEqualTo(1);
        m.pipe(actual("x", day(38), 1)); // past targets 30 and 31 + grace: 17 + 16 unmatched
        assertThat(expired("m")).isEqualTo(33.0);
        m.pipe(actual("x", day(40), 1)); // past every target + grace
        assertThat(expired("m")).isEqualTo(49.0);
        assertThat(m.storeSize(StoreNames.MONITOR_MATCH_ENTRIES)).as("only series x").isEqualTo(1);
        assertThat(m.matchTargets()).as("only the targets of the two x actuals (days 38, 40)").isEqualTo(2);
    }

    @Test
    void movesTheEntriesOfTheEarlierPerTargetLayoutIntoTheirSeries() {
        WriteBackStore<SeriesMatches> store = m.matchStore();
        // values as the store's codec reads those of the layout before: one entry each, its target in its key
        MatchEntry waiting = new MatchEntry();
        waiting.addWaiting(MatchEntry.Waiting.of(prediction("p-old", "m", "s1", day(9), day(10), 98, 95, 101)));
        MatchEntry actual = new MatchEntry();
        actual.hasActual = true;
        actual.actual = 100;
        store.put(Keys.timeThen(day(10).toEpochMilli(), "s1"), SeriesMatches.fromBytes(waiting.toBytes()));
        store.put(Keys.timeThen(day(11).toEpochMilli(), "s1"), SeriesMatches.fromBytes(actual.toBytes()));
        store.put(Keys.timeThen(day(10).toEpochMilli(), "s2"), SeriesMatches.fromBytes(actual.toBytes()));

        assertThat(MatchProcessor.migrate(store)).isEqualTo(3);
        assertThat(MatchProcessor.migrate(store)).as("nothing left to move").isZero();
        assertThat(m.storeSize(StoreNames.MONITOR_MATCH_ENTRIES)).as("s1 and s2").isEqualTo(2);
        assertThat(m.matchTargets()).isEqualTo(3);
        m.pipe(actual("s1", day(10), 99)); // meets the moved prediction
        assertThat(m.pairCount("m:1d")).isEqualTo(1);
        m.pipe(prediction("p-new", "m", "s2", day(9), day(10), 98, 95, 101)); // meets the moved actual
        assertThat(m.pairCount("m:1d")).isEqualTo(2);
    }

    @Test
    void pendingStateIsOneValuePerSeriesHoldingItsTargets() {
        for (int i = 0; i < 50; i++) {
            for (int d = 30; d < 33; d++) {
                m.pipe(prediction("p" + i + "-" + d, "m", "s" + i, day(0), day(d), 1, 0, 2));
            }
        }
        assertThat(m.storeSize(StoreNames.MONITOR_MATCH_ENTRIES)).isEqualTo(50);
        assertThat(m.matchTargets()).isEqualTo(150);
        m.pipe(actual("x", day(38), 1)); // past targets 30 and 31 + grace
        assertThat(expired("m")).isEqualTo(100.0);
        assertThat(m.storeSize(StoreNames.MONITOR_MATCH_ENTRIES)).as("the 50 series and x").isEqualTo(51);
        assertThat(m.matchTargets()).as("day 32 of each series, and x's").isEqualTo(51);
        m.pipe(actual("x", day(40), 1)); // past every target + grace
        assertThat(expired("m")).isEqualTo(150.0);
        assertThat(m.storeSize(StoreNames.MONITOR_MATCH_ENTRIES)).as("only the new actual's series").isEqualTo(1);
        assertThat(m.matchTargets()).as("x's days 38 and 40").isEqualTo(2);
    }

    @Test
    void badPredictionsGoToDeadLetters() {
        m.pipe(prediction("", "m", "s1", day(9), day(10), 98, 95, 101));
        m.pipe(prediction("p2", "m", "s1", day(9), day(10), Double.NaN, 95, 101));
        m.pipe(prediction("p3", "m", "s1", day(9), day(10), 98, 102, 101));
        m.pipe(prediction("p4", "m", "s1", day(11), day(10), 98, 95, 101));
        assertThat(m.deadLetters.readRecordsToList()).hasSize(4);
        m.pipe(actual("s1", day(10), 100));
        assertThat(m.pairCount("m:1d")).isZero();
    }
}
