package io.driftwatch.monitor;

import static io.driftwatch.monitor.MonitorDriver.day;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.assertj.core.api.Assertions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.Severity;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.topics.ModelKey;
import io.driftwatch.topics.StoreNames;

/** Post-deploy watch: a promoted version's first watch window against the previous version's last one. */
class PostDeployWatchTest {

    private static final String[] SERIES = {"a", "b", "c"};

    private static MonitorDriver driver(Map<String, Object> extra) {
        // degradation.alpha 1: the ratio rule alone, so a RETRAIN cooldown runs during the watch
        Map<String, Object> props = new HashMap<>(Map.of(MonitorConfig.MAX_CONFIG_AGE, "3650d",
            MonitorConfig.DEGRADATION_ALPHA, 1.0));
        props.putAll(extra);
        return new MonitorDriver(props);
    }

    /** v1 on days [0, 40), v2 (promoted day 40) on days [40, 60); v2's errors are {@code factor} x v1's noise. */
    private static Scenario run(MonitorDriver m, String[] series, double factor) {
        Random rnd = new Random(7);
        Scenario sc = new Scenario(m, "m").promote(1, 0);
        sc.days(0, 40, series, d -> 500 + d % 5, (d, s) -> rnd.nextGaussian() * 2 + 0.3);
        sc.promote(2, 40).predictWith(2);
        sc.days(40, 60, series, d -> 500 + d % 5, (d, s) -> factor * (rnd.nextGaussian() * 2 + 0.3));
        return sc;
    }

    /** n and RMSE of the raw pairs of one version with target in [from, to). */
    private static double[] nAndRmse(Scenario sc, int version, Instant from, Instant to) {
        List<Scenario.Raw> in = sc.pairs.stream().filter(r -> r.version() == version).toList();
        double[] all = Scenario.metrics(in, from, to);
        return new double[] {all[0], all[1]};
    }

    @Test
    void aVersionTwiceAsBadAsThePreviousOneEmitsOneRollback() {
        try (MonitorDriver m = driver(Map.of())) {
            Scenario sc = run(m, SERIES, 2.0);
            List<DriftTrigger> t = m.triggers(TriggerType.POST_DEPLOY_REGRESSION);
            assertThat(t).hasSize(1);
            DriftTrigger r = t.get(0);
            assertThat(r.getRecommendation()).isEqualTo(Recommendation.ROLLBACK);
            assertThat(r.getConfigVersion()).isEqualTo(2);
            assertThat(r.getSuppressed()).isFalse();
            assertThat(r.getRecentWindowStart()).isEqualTo(day(40));
            assertThat(r.getRecentWindowEnd()).isEqualTo(day(47));
            assertThat(r.getReferenceWindowStart()).isEqualTo(day(33));
            assertThat(r.getReferenceWindowEnd()).isEqualTo(day(40));
            assertThat(r.getDetectedAt()).as("window end 47 + bucket grace").isEqualTo(day(48));
            double[] recent = nAndRmse(sc, 2, day(40), day(47));
            double[] previous = nAndRmse(sc, 1, day(33), day(40));
            assertThat((double) r.getNRecent()).isEqualTo(recent[0]).isEqualTo(21.0);
            assertThat((double) r.getNReference()).isEqualTo(previous[0]).isEqualTo(21.0);
            assertThat(r.getRecentRmse()).isCloseTo(recent[1], Offset.offset(recent[1] * 1e-9));
            assertThat(r.getBaselineRmse()).isCloseTo(previous[1], Offset.offset(previous[1] * 1e-9));
            double pct = (recent[1] / previous[1] - 1) * 100;
            assertThat(r.getDegradationPct()).isCloseTo(pct, Offset.offset(1e-6));
            assertThat(pct).isGreaterThan(20);
            Severity expected = pct >= 50 ? Severity.CRITICAL : pct >= 30 ? Severity.HIGH : Severity.MEDIUM;
            assertThat(r.getSeverity()).isEqualTo(expected);
            assertThat(r.getDetails().get("previous_config_version")).isEqualTo(1.0);
            List<DriftTrigger> retrain = m.triggers(TriggerType.PERFORMANCE_DEGRADATION).stream()
                .filter(d -> !d.getSuppressed() && d.getRecentWindowEnd().isBefore(day(47))
                    && d.getRecentWindowEnd().isAfter(day(40))).toList();
            assertThat(retrain)
                    .as("a RETRAIN cooldown is running at window end 47, yet the ROLLBACK is not suppressed")
                    .isNotEmpty();
        }
    }

    @Test
    void aVersionAsGoodAsThePreviousOneEmitsNothing() {
        try (MonitorDriver m = driver(Map.of())) {
            run(m, SERIES, 1.0);
            assertThat(m.triggers(TriggerType.POST_DEPLOY_REGRESSION)).isEmpty();
            assertThat(watchedVersion(m)).as("the check of version 2 was done").isEqualTo(2);
        }
    }

    @Test
    void fewerThanMinSamplesPairsEmitNothing() {
        String[] one = {"a"};
        try (MonitorDriver m = driver(Map.of())) {
            run(m, one, 2.0);
            assertThat(m.triggers(TriggerType.POST_DEPLOY_REGRESSION)).as("7 pairs per version < 10").isEmpty();
            assertThat(watchedVersion(m)).as("the check of version 2 was done").isEqualTo(2);
        }
        try (MonitorDriver m = driver(Map.of(MonitorConfig.ROLLBACK_MIN_SAMPLES, 7))) {
            run(m, one, 2.0);
            assertThat(m.triggers(TriggerType.POST_DEPLOY_REGRESSION))
                    .as("control: 7 pairs suffice at min-samples 7")
                    .hasSize(1);
        }
    }

    private static int watchedVersion(MonitorDriver m) {
        KeyValueStore<String, byte[]> states =
            m.driver.getKeyValueStore(StoreNames.MONITOR_EVAL_STATE);
        return EvalState.fromBytes(states.get(ModelKey.of("m", "1d"))).watchedVersion;
    }

    @Test
    void watchWindowIsRoundedUpToBucketsAndMustFitTheKeptBuckets() {
        Map<String, Object> props = new HashMap<>(Map.of(
                MonitorConfig.RECENT_WINDOW,
                "14d",
                MonitorConfig.BASELINE_WINDOW,
                "14d",
                MonitorConfig.ROLLBACK_WATCH_WINDOW,
                "14d"));
        Assertions.assertThatThrownBy(() -> new MonitorConfig(props))
            .isInstanceOf(ConfigException.class).hasMessageContaining(MonitorConfig.ROLLBACK_WATCH_WINDOW);
        props.put(MonitorConfig.ROLLBACK_WATCH_WINDOW, "13d");
        assertThat(new MonitorConfig(props).rollbackWatchWindow()).isEqualTo(Duration.ofDays(13));
        props.put(MonitorConfig.ROLLBACK_WATCH_WINDOW, "36h");
        assertThat(new MonitorConfig(props).rollbackWatchWindow())
                .as("rounded up to whole buckets")
                .isEqualTo(Duration.ofDays(2));
        props.put(MonitorConfig.BUCKET_SIZE, "2d");
        props.remove(MonitorConfig.ROLLBACK_WATCH_WINDOW);
        assertThat(new MonitorConfig(props).rollbackWatchWindow())
                .as("default 7d at 2d buckets")
                .isEqualTo(Duration.ofDays(8));
    }

    @Test
    void evalStateReadsTheFormerFormat() {
        EvalState s = new EvalState();
        s.modelId = "m";
        s.horizon = "1d";
        s.configVersion = 3;
        s.watchedVersion = 3;
        EvalState back = EvalState.fromBytes(s.toBytes());
        assertThat(back.watchedVersion).isEqualTo(3);
        byte[] bytes = s.toBytes();
        byte[] v1 = Arrays.copyOf(bytes, bytes.length - 4);
        v1[0] = 1;
        assertThat(EvalState.fromBytes(v1).watchedVersion).isEqualTo(Integer.MIN_VALUE);
        assertThat(EvalState.fromBytes(v1).configVersion).isEqualTo(3);
    }
}
