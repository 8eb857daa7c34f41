package io.driftwatch.monitor;

import static io.driftwatch.monitor.MonitorDriver.day;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.kafka.WriteBackStore;
import io.driftwatch.stats.KolmogorovSmirnov;
import io.driftwatch.stats.RobustZ;
import io.driftwatch.stats.SeverityRules;
import io.driftwatch.topics.ModelKey;
import io.driftwatch.topics.StoreNames;

class DriftAndTimeTest {

    /** The KS path on the day-over-day change, each series alone at monitor.ks.alpha (no FDR family). */
    private static MonitorDriver driver(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(Map.of(MonitorConfig.MAX_CONFIG_AGE, "3650d",
            MonitorConfig.KS_QUANTITY, "change", MonitorConfig.DRIFT_TEST, "ks", MonitorConfig.FDR_METHOD, "none"));
        props.putAll(extra);
        return new MonitorDriver(props);
    }

    /** A random walk whose daily change jumps from N(0,1) to N(3,1) on day 60. */
    private static double[] walk(int days, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[days];
        v[0] = 900;
        for (int d = 1; d < days; d++) {
            v[d] = v[d - 1] + rnd.nextGaussian() + (d >= 60 ? 3 : 0);
        }
        return v;
    }

    private static double[] changes(double[] v, int from, int to) {
        List<Double> out = new ArrayList<>();
        for (int d = Math.max(1, from); d < to; d++) {
            out.add(v[d] - v[d - 1]);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void dataDriftOnTheDayOverDayChangeMatchesAnExactKsTestOnTheRawValues() {
        double[] v = walk(80, 3);
        try (MonitorDriver m = driver(Map.of())) {
            new Scenario(m, "m").promote(1, 0).days(0, 80, new String[] {"s1"}, d -> v[d], (d, s) -> 0.5);
            List<DriftTrigger> drift = m.triggers(TriggerType.DATA_DRIFT);
            assertThat(drift).isNotEmpty();
            for (DriftTrigger t : drift) {
                int end = (int) Scenario.days(t.getRecentWindowEnd().toEpochMilli() - day(0).toEpochMilli());
                int start = (int) Scenario.days(t.getReferenceWindowStart().toEpochMilli() - day(0).toEpochMilli());
                double[] recent = changes(v, end - 14, end);
                double[] reference = changes(v, start, end - 14);
                KolmogorovSmirnov.Result expected = KolmogorovSmirnov.test(recent, reference);
                assertThat(t.getSeriesId()).isEqualTo("s1");
                assertThat(t.getMetric()).isEqualTo("change");
                assertThat(t.getKsStatistic()).isEqualTo(expected.statistic());
                assertThat(t.getKsPvalue()).isEqualTo(expected.pValue());
                assertThat(t.getKsPvalue()).isLessThan(0.05);
                assertThat(t.getNRecent()).isEqualTo(recent.length);
                assertThat(t.getNReference()).isEqualTo(reference.length);
                assertThat(t.getSeverity().name())
                        .isEqualTo(SeverityRules.KS_DEFAULTS
                                .levelOf(expected.statistic())
                                .name());
            }
            // (alpha = 0.05 tested daily also gives the odd false positive before the shift; see docs/monitor.md)
            assertThat(drift).anySatisfy(t -> assertThat(t.getRecentWindowEnd()).isAfter(day(61)).isBefore(day(70)));
        }
    }

    @Test
    void driftResultsLeaveMatchingInKeyOrderWhateverOrderTheSeriesCameIn() {
        double[] v = walk(80, 3);
        try (MonitorDriver m = driver(Map.of())) {
            // one walk for all three: each window end that flags one flags the three
            new Scenario(m, "m").promote(1, 0).days(0, 80, new String[] {"s3", "s1", "s2"}, d -> v[d], (d, s) -> 0.5);
            Map<Long, List<String>> byEnd = new TreeMap<>();
            for (StageReport r : m.partials.readValuesToList()) {
                if (r instanceof StageReport.Drift d) {
                    byEnd.computeIfAbsent(d.end(), e -> new ArrayList<>()).add(d.seriesId());
                }
            }
            assertThat(byEnd).isNotEmpty();
            byEnd.values().forEach(series -> assertThat(series).containsExactly("s1", "s2", "s3"));
        }
    }

    @Test
    void driftSamplesKeepOnlyTheBucketsLaterWindowsNeedAndAStoppedSeriesLeaves() {
        double[] v = walk(110, 5);
        try (MonitorDriver m = driver(Map.of())) {
            Scenario s = new Scenario(m, "m").promote(1, 0);
            s.days(0, 30, new String[] {"live", "stopped"}, d -> v[d], (d, x) -> 0.5);
            s.days(30, 110, new String[] {"live"}, d -> v[d], (d, x) -> 0.5);
            @SuppressWarnings("unchecked")
            WriteBackStore<SeriesSamples> drift =
                    (WriteBackStore<SeriesSamples>) m.driver.getStateStore(StoreNames.MONITOR_SERIES_DRIFT);
            String mh = ModelKey.of("m", "1d");
            // the stopped series' last bucket (day 29) is out of reach of every window end after day 29 + 14 + 60
            assertThat(drift.get(Keys.join(mh, "stopped"))).isNull();
            SeriesSamples live = drift.get(Keys.join(mh, "live"));
            long buckets = Scenario.days(live.samples.lastBucket() - live.samples.firstBucket()) + 1;
            // recent 14 + baseline 60 days, plus the bucket being filled and one the next pair drops
            assertThat(buckets).isBetween(74L, 76L);
            assertThat(live.samples.lastBucket()).isEqualTo(day(109).toEpochMilli());
        }
    }

    @Test
    void stableDataRaisesNoDataDrift() {
        double[] v = new double[80];
        v[0] = 900;
        for (int d = 1; d < 80; d++) {
            v[d] = v[d - 1] + ((d * 7) % 11 - 5) / 5.0; // the same 11 changes over and over: identical distributions
        }
        try (MonitorDriver m = driver(Map.of())) {
            new Scenario(m, "m").promote(1, 0).days(0, 80, new String[] {"s1"}, d -> v[d], (d, s) -> 0.5);
            assertThat(m.triggers(TriggerType.DATA_DRIFT)).isEmpty();
        }
    }

    @Test
    void aboveExactMaxTheSketchPathStillDetectsTheShift() {
        double[] v = walk(80, 3);
        try (MonitorDriver m = driver(Map.of(MonitorConfig.KS_EXACT_MAX, 8))) {
            new Scenario(m, "m").promote(1, 0).days(0, 80, new String[] {"s1"}, d -> v[d], (d, s) -> 0.5);
            List<DriftTrigger> drift = m.triggers(TriggerType.DATA_DRIFT);
            assertThat(drift).isNotEmpty();
            assertThat(drift.get(0).getDetails()).containsEntry("ks_exact", 0.0);
        }
    }

    @Test
    void timeBasedWhenNoConfigOrWhenTheConfigIsOlderThanMaxAge() {
        try (MonitorDriver m = new MonitorDriver(Map.of())) {
            new Scenario(m, "m").days(0, 5, new String[] {"s1"}, d -> 100, (d, s) -> 0.5);
            List<DriftTrigger> t = m.triggers(TriggerType.TIME_BASED);
            assertThat(t).isNotEmpty();
            assertThat(t.get(0).getReason()).contains("no promoted config");
        }
        try (MonitorDriver m = new MonitorDriver(Map.of())) {
            new Scenario(m, "m").promote(4, 0).days(0, 30, new String[] {"s1"}, d -> 100, (d, s) -> 0.5);
            List<DriftTrigger> t = m.triggers(TriggerType.TIME_BASED);
            // detected at window end + 1 day grace; the config (created day 0) is older than 14 days from window end 14
            // on
            assertThat(t.get(0).getRecentWindowEnd()).isEqualTo(day(14));
            assertThat(t.get(0).getConfigVersion()).isEqualTo(4);
            assertThat(t.get(0).getSuppressed()).isFalse();
            assertThat(t.get(1).getSuppressed()).isTrue();
        }
    }

    @Test
    void aResidualFarFromItsRollingMedianIsAnAnomalyWithItsNumbers() {
        Random rnd = new Random(11);
        double[] errors = new double[40];
        for (int d = 0; d < 40; d++) {
            errors[d] = d == 30 ? 25 : rnd.nextGaussian();
        }
        try (MonitorDriver m = driver(Map.of())) {
            new Scenario(m, "m").promote(1, 0).days(0, 40, new String[] {"s1"}, d -> 100, (d, s) -> errors[d]);
            List<Anomaly> anomalies = m.anomalies.readValuesToList();
            assertThat(anomalies).hasSize(1);
            Anomaly a = anomalies.get(0);
            RobustZ window = new RobustZ(60);
            for (int d = 0; d < 30; d++) {
                window.add(errors[d]);
            }
            assertThat(a.getEventTime()).isEqualTo(day(30));
            assertThat(a.getResidual()).isEqualTo(25, Offset.offset(1e-9));
            assertThat(a.getRobustZ()).isCloseTo(window.zScore(a.getResidual()), Offset.offset(1e-9));
            assertThat(a.getMedian()).isCloseTo(window.median(), Offset.offset(1e-9));
            assertThat(a.getMad()).isCloseTo(window.mad(), Offset.offset(1e-9));
            // the threshold 3.5 as a normal tail rate, translated to a window of 30 residuals
            assertThat(a.getThreshold()).isEqualTo(RobustZ.cutoff(3.5, 30)).isGreaterThan(3.5);
            assertThat(a.getSeriesId()).isEqualTo("s1");
        }
    }

    @Test
    void overridesFromMonitorSettingsApplyToTheNextEvaluation() {
        try (MonitorDriver m = driver(Map.of())) {
            m.settings.pipeInput(
                    "tenant:acme", settings("TENANT", "acme", Map.of(MonitorConfig.DEGRADATION_THRESHOLD, "0.05")));
            m.settings.pipeInput("model:m", settings("MODEL", "m", Map.of(MonitorConfig.DEGRADATION_THRESHOLD, "0.9")));
            Scenario sc = new Scenario(m, "m").promote(1, 0);
            sc.days(0, 76, new String[] {"s1"}, d -> 100, (d, s) -> d < 60 ? 1.0 : 1.2);
            assertThat(m.triggers(TriggerType.PERFORMANCE_DEGRADATION))
                    .as("model override 0.9 wins over tenant 0.05")
                    .isEmpty();
            m.settings.pipeInput("model:m", null); // tombstone: the tenant's 0.05 applies again
            sc.days(76, 78, new String[] {"s1"}, d -> 100, (d, s) -> 1.2);
            List<DriftTrigger> t = m.triggers(TriggerType.PERFORMANCE_DEGRADATION);
            assertThat(t).isNotEmpty();
            assertThat(t.get(0).getRecentWindowEnd()).isEqualTo(day(75));
        }
    }

    private static MonitorSettings settings(String scope, String id, Map<String, String> values) {
        return MonitorSettings.newBuilder()
                .setScope(scope)
                .setScopeId(id)
                .setSettings(values)
                .setUpdatedAt(day(0))
                .build();
    }
}
