package io.driftwatch.monitor;

import static io.driftwatch.monitor.MonitorDriver.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.MetricObservation;
import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.TriggerType;

class MetricRulesTest {

    private static void observe(
            MonitorDriver m, String metric, String dimension, int from, int to, IntToDoubleFunction value) {
        for (int d = from; d < to; d++) {
            m.metrics.pipeInput(
                    "shop",
                    MetricObservation.newBuilder()
                            .setMetric(metric)
                            .setModelId("shop")
                            .setDimension(dimension)
                            .setEventTime(day(d))
                            .setValue(value.applyAsDouble(d))
                            .build());
        }
    }

    @Test
    void basketSizeUpMoreThan25PercentIsAMetricRuleTrigger() {
        try (MonitorDriver m = new MonitorDriver(Map.of())) {
            observe(m, "basket_size", null, 0, 80, d -> d < 66 ? 10.0 : 13.0);
            List<DriftTrigger> t = m.triggers(TriggerType.METRIC_RULE);
            assertThat(t).isNotEmpty();
            DriftTrigger first = t.get(0);
            // window end E: recent [E-14, E) holds k days at 13; (10 (14 - k) + 13 k) / 14 > 12.5 needs k > 11.67
            assertThat(first.getRecentWindowEnd()).isEqualTo(day(78));
            assertThat(first.getModelId()).isEqualTo("shop");
            assertThat(first.getHorizon()).isEqualTo("*");
            assertThat(first.getRecommendation()).isEqualTo(Recommendation.RETRAIN);
            assertThat(first.getMetric()).isEqualTo("basket_size");
            assertThat(first.getDetails().get("recent_mean")).isCloseTo((10.0 * 2 + 13.0 * 12) / 14, within(1e-12));
            assertThat(first.getDetails().get("reference_mean")).isCloseTo(10.0, within(1e-12));
        }
    }

    @Test
    void topBundleSupportFiresOnlyOnADropBeyond40Percent() {
        try (MonitorDriver m = new MonitorDriver(Map.of())) {
            observe(m, "top_bundle_support", null, 0, 90, d -> d < 70 ? 0.5 : 0.32); // -36%
            assertThat(m.triggers(TriggerType.METRIC_RULE)).isEmpty();
        }
        try (MonitorDriver m = new MonitorDriver(Map.of())) {
            observe(m, "top_bundle_support", null, 0, 90, d -> d < 70 ? 0.5 : 0.25); // -50%
            assertThat(m.triggers(TriggerType.METRIC_RULE)).isNotEmpty();
        }
    }

    @Test
    void aModelOverrideOfTheRulesAppliesLive() {
        try (MonitorDriver m = new MonitorDriver(Map.of())) {
            m.settings.pipeInput("model:shop", MonitorSettings.newBuilder().setScope("MODEL").setScopeId("shop")
                .setSettings(Map.of(MonitorConfig.RULES, "basket_size:0.5:either")).setUpdatedAt(day(0)).build());
            observe(m, "basket_size", null, 0, 90, d -> d < 66 ? 10.0 : 13.0);
            assertThat(m.triggers(TriggerType.METRIC_RULE)).isEmpty();
        }
    }

    @Test
    void banditArmsThatNoLongerDiscriminateAreStaleWithDecay() {
        try (MonitorDriver m = new MonitorDriver(Map.of())) {
            for (String arm : List.of("a", "b", "c")) {
                double alpha = arm.equals("a") ? 50 : 52;
                observe(m, "arm_alpha", arm, 0, 3, d -> alpha);
                observe(m, "arm_beta", arm, 0, 3, d -> 50);
            }
            observe(m, "basket_size", null, 3, 5, d -> 1); // moves stream time on
            List<DriftTrigger> t = m.triggers(TriggerType.STALENESS);
            assertThat(t).isNotEmpty();
            assertThat(t.get(0).getRecommendation()).isEqualTo(Recommendation.DECAY);
            assertThat(t.get(0).getDetails().get("arms")).isEqualTo(3.0);
        }
        try (MonitorDriver m = new MonitorDriver(Map.of())) {
            observe(m, "arm_alpha", "a", 0, 3, d -> 20);
            observe(m, "arm_beta", "a", 0, 3, d -> 80);
            observe(m, "arm_alpha", "b", 0, 3, d -> 80);
            observe(m, "arm_beta", "b", 0, 3, d -> 20);
            observe(m, "basket_size", null, 3, 5, d -> 1);
            assertThat(m.triggers(TriggerType.STALENESS)).isEmpty();
        }
    }
}
