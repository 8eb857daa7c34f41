package io.driftwatch.monitor;

import static io.driftwatch.monitor.MonitorDriver.actual;
import static io.driftwatch.monitor.MonitorDriver.day;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.TriggerType;

class CadenceTest {

    private static final String[] ONE = {"s1"};

    /** The ratio rule alone (degradation.alpha 1: no significance needed), so the cadence is easy to reason about. */
    private static MonitorDriver driver() {
        return new MonitorDriver(new HashMap<>(Map.of(MonitorConfig.MAX_CONFIG_AGE, "3650d",
            MonitorConfig.KS_QUANTITY, "change" /* constant actuals: no drift, degradation alone */,
            MonitorConfig.DEGRADATION_ALPHA, 1.0)));
    }

    private static List<DriftTrigger> degradingRun(int days) {
        try (MonitorDriver m = driver()) {
            new Scenario(m, "m").promote(1, 0).days(0, days, ONE, d -> 100, (d, s) -> d < 60 ? 1.0 : 2.0);
            return m.triggers(TriggerType.PERFORMANCE_DEGRADATION);
        }
    }

    @Test
    void evaluatesOncePerClosedBucketNotPerEvent() {
        try (MonitorDriver m = driver()) {
            new Scenario(m, "m").promote(1, 0).days(0, 70, ONE, d -> 100, (d, s) -> d < 60 ? 1.0 : 2.0);
            int before = m.triggers().size();
            long lastEnd = m.triggers().get(before - 1).getRecentWindowEnd().toEpochMilli();
            for (int i = 0; i < 20; i++) { // more events within the same day: no new evaluation
                m.pipe(actual("other" + i, day(69.9), 1));
            }
            assertThat(m.triggers()).hasSize(before);
            m.pipe(actual("other", day(70), 1)); // stream time reaches day 69 + grace: the window ending day 69 closes
            List<DriftTrigger> after = m.triggers().subList(before, m.triggers().size());
            assertThat(after)
                    .extracting(DriftTrigger::getRecentWindowEnd)
                    .containsOnly(Instant.ofEpochMilli(lastEnd + MonitorDriver.DAY));
        }
        List<DriftTrigger> all = degradingRun(80);
        assertThat(all).extracting(DriftTrigger::getRecentWindowEnd).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(t -> assertThat(t.getRecentWindowEnd().toEpochMilli() % MonitorDriver.DAY).isZero());
    }

    @Test
    void retrainTriggersWithinTheCooldownAreEmittedSuppressed() {
        List<DriftTrigger> t = degradingRun(80);
        // error 2 from day 60: the first window with two such days (end 62) fires, then daily
        assertThat(t.get(0).getRecentWindowEnd()).isEqualTo(day(62));
        for (DriftTrigger trigger : t) {
            long daysAfterFirst =
                    (trigger.getRecentWindowEnd().toEpochMilli() - day(62).toEpochMilli()) / MonitorDriver.DAY;
            assertThat(trigger.getSuppressed())
                    .as("window end day %d", 62 + daysAfterFirst)
                    .isEqualTo(daysAfterFirst % 7 != 0);
        }
        assertThat(t.size()).isGreaterThan(8);
    }

    @Test
    void windowsEndingBeforeTheActiveFromTimeEmitSuppressedTriggersAndStartNoCooldown() {
        List<DriftTrigger> t;
        try (MonitorDriver m = new MonitorDriver(new HashMap<>(Map.of(
                MonitorConfig.MAX_CONFIG_AGE,
                "3650d",
                MonitorConfig.KS_QUANTITY,
                "change" /* constant actuals: no drift, degradation alone */,
                MonitorConfig.DEGRADATION_ALPHA,
                1.0,
                MonitorConfig.TRIGGERS_ACTIVE_FROM,
                String.valueOf(day(66).toEpochMilli()))))) {
            new Scenario(m, "m").promote(1, 0).days(0, 80, ONE, d -> 100, (d, s) -> d < 60 ? 1.0 : 2.0);
            t = m.triggers(TriggerType.PERFORMANCE_DEGRADATION);
        }
        assertThat(t)
                .filteredOn(x -> x.getRecentWindowEnd().isBefore(day(66)))
                .isNotEmpty()
                .allSatisfy(x -> assertThat(x.getSuppressed()).isTrue())
                .allSatisfy(x -> assertThat(x.getReason())
                        .endsWith("(suppressed: window ends before monitor.triggers.active-from)"));
        // the first active window starts the cooldown as if nothing had fired before
        DriftTrigger firstActive = t.stream()
                .filter(x -> !x.getRecentWindowEnd().isBefore(day(66)))
                .findFirst()
                .orElseThrow();
        assertThat(firstActive.getRecentWindowEnd()).isEqualTo(day(66));
        assertThat(firstActive.getSuppressed()).isFalse();
        assertThat(t)
                .filteredOn(x -> x.getRecentWindowEnd().isAfter(day(66))
                        && x.getRecentWindowEnd().isBefore(day(73)))
                .allSatisfy(x -> assertThat(x.getSuppressed()).isTrue());
    }

    @Test
    void replayingTheSameInputGivesTheSameTriggerIds() {
        List<DriftTrigger> first = degradingRun(80);
        List<DriftTrigger> second = degradingRun(80);
        assertThat(second)
                .extracting(DriftTrigger::getTriggerId)
                .isEqualTo(first.stream().map(DriftTrigger::getTriggerId).toList());
        assertThat(first).extracting(DriftTrigger::getTriggerId).doesNotHaveDuplicates();
    }

    @Test
    void triggerCarriesEveryFieldAndItsFiguresRecomputeFromTheRawPairs() {
        Random rnd = new Random(7);
        try (MonitorDriver m = driver()) {
            Scenario sc = new Scenario(m, "m").promote(3, 0);
            sc.days(0, 75, new String[] {"s1", "s2"}, d -> 500 + d, (d, s) -> (d < 60 ? 1 : 3) * rnd.nextGaussian());
            List<DriftTrigger> all = m.triggers(TriggerType.PERFORMANCE_DEGRADATION);
            DriftTrigger t = all.get(0);
            assertThat(m.triggers.getQueueSize()).isZero();
            for (String field : List.of(
                    "trigger_id",
                    "model_id",
                    "horizon",
                    "series_id",
                    "tenant_id",
                    "type",
                    "severity",
                    "recommendation",
                    "detected_at",
                    "recent_window_start",
                    "recent_window_end",
                    "reference_window_start",
                    "reference_window_end",
                    "recent_rmse",
                    "baseline_rmse",
                    "degradation_pct",
                    "ks_statistic",
                    "ks_pvalue",
                    "n_recent",
                    "n_reference",
                    "config_version",
                    "suppressed")) {
                assertThat(t.getSchema().getField(field)).as(field).isNotNull();
            }
            assertThat(t.getModelId()).isEqualTo("m");
            assertThat(t.getHorizon()).isEqualTo("1d");
            assertThat(t.getTenantId()).isEqualTo("acme");
            assertThat(t.getSeriesId()).isNull();
            assertThat(t.getConfigVersion()).isEqualTo(1); // the version the predictions carry
            assertThat(t.getTriggerId())
                    .isEqualTo(Triggers.triggerId(
                            "m",
                            "1d",
                            null,
                            TriggerType.PERFORMANCE_DEGRADATION,
                            t.getRecentWindowEnd().toEpochMilli()));
            double[] recent = Scenario.metrics(sc.pairs, t.getRecentWindowStart(), t.getRecentWindowEnd());
            double[] base = Scenario.metrics(sc.pairs, t.getReferenceWindowStart(), t.getReferenceWindowEnd());
            assertThat(t.getRecentRmse()).isCloseTo(recent[1], Offset.offset(recent[1] * 1e-9));
            assertThat(t.getBaselineRmse()).isCloseTo(base[1], Offset.offset(base[1] * 1e-9));
            assertThat(t.getDegradationPct()).isCloseTo((recent[1] - base[1]) / base[1] * 100, Offset.offset(1e-7));
            assertThat(t.getNRecent()).isEqualTo((long) recent[0]);
            assertThat(t.getNReference()).isEqualTo((long) base[0]);
        }
    }
}
