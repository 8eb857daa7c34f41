package io.driftwatch.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.driftwatch.local.LocalKafkaBroker;

/**
 * The harness end to end on a few series: the real monitor on the real broker reads the generated predictions and
 * actuals, and its output comes back as flags the scoring can use (the metrics themselves: {@link ScoringTest}).
 */
class HarnessSmokeIT {

    @Test
    @Timeout(180)
    void theMonitorsTriggersAndAnomaliesComeBackAsFlags() throws Exception {
        int days = 110;
        int change = 80; // the monitor's windows (14 + 60 days) are full by then; 30 days to see the change
        // half of the level-shift model's 6 series shift by 3 sd at day 80
        List<Series> streams =
                Generator.generate(5, 6, days, change, 0.5, List.of(Fleet.SALES_WEEKLY), List.of(Shape.LEVEL));
        MonitorRun.Result r;
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            r = MonitorRun.run(broker, "smoke", Map.of("monitor.per-series", "true"), streams, Duration.ofMinutes(2));
        }
        List<Flag> decisions = r.flags().stream()
                .filter(f -> f.detector().equals(MonitorRun.RETRAIN_DECISION))
                .toList();
        assertThat(r.flags().size() - decisions.size()).as("one flag per trigger and per anomaly")
            .isEqualTo(r.triggers() + r.anomalies());
        assertThat(decisions)
                .as("one retrain decision per unsuppressed RETRAIN trigger")
                .hasSize((int) r.flags().stream()
                        .filter(f -> !f.suppressed() && "RETRAIN".equals(f.recommendation()))
                        .count());
        Set<String> models = streams.stream().map(Series::modelId).collect(Collectors.toSet());
        Set<String> ids = streams.stream().map(Series::seriesId).collect(Collectors.toSet());
        assertThat(r.flags()).allSatisfy(f -> {
            assertThat(models).contains(f.modelId());
            assertThat(f.day()).isBetween(1, days + 1);
            if (!f.modelLevel()) {
                assertThat(ids).contains(f.seriesId());
            }
        });
        // no TIME_BASED (each model has a promoted config that never ages) and no ERROR_THRESHOLD (MAPE ceiling off)
        assertThat(r.flags())
                .noneMatch(f ->
                        f.detector().startsWith("TIME_BASED") || f.detector().startsWith("ERROR_THRESHOLD"));
        // a 3-sd level shift in three series does not go unseen: some detector names each of them after the change
        Set<String> changed =
                streams.stream().filter(Series::changed).map(Series::seriesId).collect(Collectors.toSet());
        Set<String> named = r.flags().stream().filter(f -> changed.contains(f.seriesId()) && f.day() > change)
            .map(Flag::seriesId).collect(Collectors.toSet());
        assertThat(named).isEqualTo(changed);
    }
}
