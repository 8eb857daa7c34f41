package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.telemetry.MetricNames;

/** The monitor's own counters agree with what it emitted: pairs, windows, triggers, KS tests. */
class MonitorMetricsTest {

    private SimpleMeterRegistry registry;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void tearDown() {
        Metrics.removeRegistry(registry);
    }

    private double sum(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void countersMatchTheEmittedPairsWindowsTriggersAndKsTests() {
        Random rnd = new Random(3);
        double[] v = new double[80];
        v[0] = 900;
        for (int d = 1; d < v.length; d++) {
            v[d] = v[d - 1] + rnd.nextGaussian() + (d >= 60 ? 3 : 0); // data drift from day 60
        }
        List<DriftTrigger> triggers;
        Scenario scenario;
        try (MonitorDriver m = new MonitorDriver(new HashMap<>(Map.of(MonitorConfig.MAX_CONFIG_AGE, "3650d")))) {
            scenario = new Scenario(m, "m").promote(1, 0)
                .days(0, 80, new String[] {"s1"}, d -> v[d], (d, s) -> d < 60 ? 1.0 : 2.0); // degradation from day 60
            triggers = List.copyOf(m.triggers());
        }

        assertThat(sum(MetricNames.PAIRS_MATCHED, MetricNames.TAG_APP, "monitor", MetricNames.TAG_MODEL, "m",
            MetricNames.TAG_HORIZON, "1d")).isEqualTo(scenario.pairs.size());

        assertThat(sum(MetricNames.WINDOWS_EVALUATED, MetricNames.TAG_APP, "monitor", MetricNames.TAG_MODEL, "m",
            MetricNames.TAG_HORIZON, "1d")).isGreaterThan(0);

        assertThat(triggers).extracting(DriftTrigger::getType)
            .contains(TriggerType.DATA_DRIFT, TriggerType.PERFORMANCE_DEGRADATION);
        assertThat(triggers).anySatisfy(t -> assertThat(t.getSuppressed()).isTrue());
        assertThat(triggers).anySatisfy(t -> assertThat(t.getSuppressed()).isFalse());
        Map<List<String>, Long> emitted = triggers.stream()
                .collect(Collectors.groupingBy(
                        t -> List.of(t.getType().name(), t.getSeverity().name(), String.valueOf(t.getSuppressed())),
                        Collectors.counting()));
        for (Map.Entry<List<String>, Long> e : emitted.entrySet()) {
            assertThat(sum(MetricNames.TRIGGERS, MetricNames.TAG_APP, "monitor", MetricNames.TAG_MODEL, "m",
                MetricNames.TAG_HORIZON, "1d", MetricNames.TAG_TYPE, e.getKey().get(0),
                MetricNames.TAG_SEVERITY, e.getKey().get(1), MetricNames.TAG_SUPPRESSED, e.getKey().get(2)))
                .as("triggers %s", e.getKey()).isEqualTo(e.getValue().doubleValue());
        }
        assertThat(sum(MetricNames.TRIGGERS)).isEqualTo(triggers.size());

        double exact = sum(MetricNames.KS_EVALUATIONS, MetricNames.TAG_APP, "monitor", MetricNames.TAG_METHOD, "exact");
        assertThat(exact).isGreaterThan(0);
        assertThat(sum(MetricNames.KS_EVALUATIONS, MetricNames.TAG_APP, "monitor"))
            .isGreaterThanOrEqualTo(triggers.stream().filter(t -> t.getType() == TriggerType.DATA_DRIFT).count());
    }

    private double gauge(String name, String model) {
        return registry.find(name)
                .tags(MetricNames.TAG_APP, "monitor", MetricNames.TAG_MODEL, model, MetricNames.TAG_HORIZON, "1d")
                .gauge()
                .value();
    }

    @Test
    void pendingGaugeFollowsWaitingPredictionsAndStartsFromTheStore() {
        try (MonitorDriver m = new MonitorDriver(new HashMap<>())) {
            for (int i = 0; i < 5; i++) {
                m.pipe(MonitorDriver.prediction(
                        "g" + i,
                        "gauge",
                        "s" + i,
                        MonitorDriver.DAY0,
                        MonitorDriver.DAY0.plusSeconds(86_400 * 3),
                        10,
                        8,
                        12));
            }
            assertThat(gauge(MetricNames.PREDICTIONS_PENDING, "gauge")).isEqualTo(5);
            m.pipe(MonitorDriver.actual("s0", MonitorDriver.DAY0.plusSeconds(86_400 * 3), 11));
            assertThat(gauge(MetricNames.PREDICTIONS_PENDING, "gauge")).as("one matched").isEqualTo(4);
            m.pipe(MonitorDriver.actual(
                    "other", MonitorDriver.DAY0.plusSeconds(86_400 * 12), 1)); // past target + 7d grace
            assertThat(gauge(MetricNames.PREDICTIONS_PENDING, "gauge")).as("the rest expired").isZero();
            m.pipe(MonitorDriver.prediction("late-start", "gauge", "s9", MonitorDriver.DAY0.plusSeconds(86_400 * 12),
                MonitorDriver.DAY0.plusSeconds(86_400 * 14), 10, 8, 12));
            assertThat(gauge(MetricNames.PREDICTIONS_PENDING, "gauge")).isEqualTo(1);
        }
        assertThat(gauge(MetricNames.PREDICTIONS_PENDING, "gauge")).as("a closed task takes its share back").isZero();
    }

    @Test
    void interleavedModelsKeepTheirOwnPendingGaugesAndPairCounters() {
        Instant target = MonitorDriver.DAY0.plusSeconds(86_400 * 3);
        try (MonitorDriver m = new MonitorDriver(new HashMap<>())) {
            for (int i = 0; i < 6; i++) {
                String model = i % 2 == 0 ? "even-models" : "odd-models";
                m.pipe(MonitorDriver.prediction("p" + i, model, "s" + i, MonitorDriver.DAY0, target, 10, 8, 12));
            }
            assertThat(gauge(MetricNames.PREDICTIONS_PENDING, "even-models")).isEqualTo(3);
            assertThat(gauge(MetricNames.PREDICTIONS_PENDING, "odd-models")).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                m.pipe(MonitorDriver.actual("s" + i, target, 11));
            }
            assertThat(gauge(MetricNames.PREDICTIONS_PENDING, "even-models")).as("s0 and s2 matched").isEqualTo(1);
            assertThat(gauge(MetricNames.PREDICTIONS_PENDING, "odd-models")).as("s1 matched").isEqualTo(2);
            assertThat(pairs("even-models")).isEqualTo(2);
            assertThat(pairs("odd-models")).isEqualTo(1);
        }
        assertThat(gauge(MetricNames.PREDICTIONS_PENDING, "even-models")).isZero();
        assertThat(gauge(MetricNames.PREDICTIONS_PENDING, "odd-models")).isZero();
    }

    private double pairs(String model) {
        return registry.find(MetricNames.PAIRS_MATCHED)
                .tags(MetricNames.TAG_APP, "monitor", MetricNames.TAG_MODEL, model, MetricNames.TAG_HORIZON, "1d")
                .counter()
                .count();
    }

    @Test
    void rmseGaugesShowTheLatestEvaluationsWindows() {
        try (MonitorDriver m = new MonitorDriver(new HashMap<>(Map.of(MonitorConfig.MAX_CONFIG_AGE, "3650d")))) {
            new Scenario(m, "rmse").promote(1, 0)
                .days(0, 90, new String[] {"s1", "s2"}, d -> 100 + d, (d, s) -> d < 60 ? 1.0 : 2.0);
            // the last evaluated recent window lies after day 60: every error is 2; the baseline mixes 1s and 2s
            assertThat(gauge(MetricNames.RMSE_RECENT, "rmse")).isCloseTo(2.0, Offset.offset(1e-9));
            assertThat(gauge(MetricNames.RMSE_BASELINE, "rmse")).isGreaterThan(1.0).isLessThan(2.0);
        }
    }
}
