package io.driftwatch.monitor;

import static io.driftwatch.monitor.MonitorDriver.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.Severity;
import io.driftwatch.avro.TriggerType;

class DegradationTest {

    private static final String[] ONE = {"s1"};

    private static MonitorDriver driver(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(Map.of(MonitorConfig.MAX_CONFIG_AGE, "3650d",
            MonitorConfig.KS_QUANTITY, "change" /* constant actuals: no drift, degradation alone */));
        props.putAll(extra);
        return new MonitorDriver(props);
    }

    private static double rel(double expected) {
        return Math.abs(expected) * 1e-9;
    }

    @Test
    void firstTriggerComesOnTheDayTheRecentRmseCrossesTheThreshold() {
        try (MonitorDriver m = driver(Map.of())) {
            new Scenario(m, "m").promote(1, 0).days(0, 80, ONE, d -> 100, (d, s) -> d < 60 ? 1.0 : 1.2);
            List<DriftTrigger> t = m.triggers(TriggerType.PERFORMANCE_DEGRADATION);
            // 11 of the 14 recent days at error 1.2 give RMSE sqrt(18.84/14) = 1.16005 >= 1.15 x 1.0: window end day 71
            DriftTrigger first = t.get(0);
            assertThat(first.getRecentWindowEnd()).isEqualTo(day(71));
            assertThat(first.getRecentWindowStart()).isEqualTo(day(57));
            assertThat(first.getReferenceWindowStart()).isEqualTo(day(-3));
            assertThat(first.getReferenceWindowEnd()).isEqualTo(day(57));
            assertThat(first.getDetectedAt()).isEqualTo(day(72));
            assertThat(first.getRecentRmse()).isCloseTo(Math.sqrt(18.84 / 14), within(1e-12));
            assertThat(first.getBaselineRmse()).isCloseTo(1.0, within(1e-12));
            assertThat(first.getDegradationPct()).isCloseTo((Math.sqrt(18.84 / 14) - 1) * 100, within(1e-9));
            assertThat(first.getSeverity()).isEqualTo(Severity.MEDIUM);
            assertThat(first.getRecommendation()).isEqualTo(Recommendation.RETRAIN);
            assertThat(first.getNRecent()).isEqualTo(14);
            assertThat(first.getNReference()).as("reference [day -3, day 57) holds days 0..56").isEqualTo(57);
            assertThat(first.getSuppressed()).isFalse();
        }
    }

    @Test
    void severityGrowsWithTheDegradation() {
        assertThat(severityFor(1.14)).isNull();
        assertThat(severityFor(1.16)).isEqualTo(Severity.MEDIUM);
        assertThat(severityFor(1.31)).isEqualTo(Severity.HIGH);
        assertThat(severityFor(1.51)).isEqualTo(Severity.CRITICAL);
    }

    /** Severity of the trigger at the first window whose recent days all have error {@code e} (baseline 1.0). */
    private static Severity severityFor(double e) {
        try (MonitorDriver m = driver(Map.of())) {
            new Scenario(m, "m").promote(1, 0).days(0, 76, ONE, d -> 100, (d, s) -> d < 60 ? 1.0 : e);
            return m.triggers(TriggerType.PERFORMANCE_DEGRADATION).stream()
                    .filter(t -> t.getRecentWindowEnd().equals(day(74)))
                    .map(DriftTrigger::getSeverity)
                    .findFirst()
                    .orElse(null);
        }
    }

    @Test
    void needsMinSamplesInEachWindow() {
        try (MonitorDriver m = driver(Map.of(MonitorConfig.MIN_SAMPLES, 15))) {
            new Scenario(m, "m").promote(1, 0).days(0, 80, ONE, d -> 100, (d, s) -> d < 60 ? 1.0 : 3.0);
            assertThat(m.triggers(TriggerType.PERFORMANCE_DEGRADATION))
                    .as("recent window holds 14 < 15 pairs")
                    .isEmpty();
        }
        try (MonitorDriver m = driver(Map.of(MonitorConfig.MIN_SAMPLES, 14))) {
            new Scenario(m, "m").promote(1, 0).days(0, 80, ONE, d -> 100, (d, s) -> d < 60 ? 1.0 : 3.0);
            assertThat(m.triggers(TriggerType.PERFORMANCE_DEGRADATION)).isNotEmpty();
        }
    }

    @Test
    void windowFiguresEqualADirectRecomputationOnRandomData() {
        Random rnd = new Random(42);
        String[] series = {"a", "b", "c", "d", "e"};
        Map<String, Double> level = new HashMap<>();
        try (MonitorDriver m = driver(Map.of(MonitorConfig.MAPE_CEILING, 0.0))) {
            Scenario sc = new Scenario(m, "m").promote(1, 0);
            sc.days(0, 90, series, d -> 900 + 20 * Math.sin(d / 5.0) + d % 7,
                (d, s) -> (d < 70 ? 1.0 : 2.5) * (rnd.nextGaussian() * 3 + 0.5) + level.merge(s, 0.0, Double::sum));
            List<DriftTrigger> triggers = m.triggers(TriggerType.PERFORMANCE_DEGRADATION);
            assertThat(triggers).isNotEmpty();
            for (DriftTrigger t : triggers) {
                double[] recent = Scenario.metrics(sc.pairs, t.getRecentWindowStart(), t.getRecentWindowEnd());
                double[] base = Scenario.metrics(sc.pairs, t.getReferenceWindowStart(), t.getReferenceWindowEnd());
                assertThat((double) t.getNRecent()).isEqualTo(recent[0]);
                assertThat((double) t.getNReference()).isEqualTo(base[0]);
                assertThat(t.getRecentRmse()).isCloseTo(recent[1], Offset.offset(rel(recent[1])));
                assertThat(t.getBaselineRmse()).isCloseTo(base[1], Offset.offset(rel(base[1])));
                String[] names = {"mae", "mape", "bias", "error_std", "ci95_coverage"};
                for (int i = 0; i < names.length; i++) {
                    assertThat(t.getDetails().get("recent_" + names[i])).as("recent " + names[i])
                        .isCloseTo(recent[i + 2], Offset.offset(rel(recent[i + 2]) + 1e-15));
                    assertThat(t.getDetails().get("baseline_" + names[i])).as("baseline " + names[i])
                        .isCloseTo(base[i + 2], Offset.offset(rel(base[i + 2]) + 1e-15));
                }
            }
        }
    }
}
