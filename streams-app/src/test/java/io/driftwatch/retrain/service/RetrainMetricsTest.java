package io.driftwatch.retrain.service;

import static io.driftwatch.retrain.service.RetrainFixtures.actuals;
import static io.driftwatch.retrain.service.RetrainFixtures.config;
import static io.driftwatch.retrain.service.RetrainFixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.CriterionResult;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.retrain.configs.ConfigHistory;
import io.driftwatch.retrain.configs.ReportLog;
import io.driftwatch.retrain.configs.Rollbacks;
import io.driftwatch.retrain.history.ModelHistory;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The retrain service's meters, recorded through the attempt path (planner + commit) into the global registry. */
class RetrainMetricsTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConfigHistory history = new ConfigHistory();
    private final ReportLog reports = new ReportLog(1000);
    private RetrainMetrics metrics;

    @BeforeEach
    void setUp() {
        Metrics.addRegistry(registry);
        metrics = new RetrainMetrics();
    }

    @AfterEach
    void tearDown() {
        Metrics.removeRegistry(registry);
        registry.close();
    }

    private static HistorySource source() {
        return (model, preferred, since, until, max) -> {
            ModelHistory h = new ModelHistory(max, preferred);
            for (Map.Entry<String, Actual> e : actuals("s1", 150, 1)) {
                h.add(e.getKey(), e.getValue().getEventTime().toEpochMilli(), e.getValue().getValue(), 0, DAY);
            }
            return h;
        };
    }

    private AttemptPlanner planner(Map<String, Object> overrides) {
        Map<String, Object> s = new HashMap<>();
        s.put(RetrainConfig.STRATEGY, "random");
        s.put(RetrainConfig.RANDOM_ITERATIONS, "6");
        s.put(RetrainConfig.PARALLELISM, "1");
        s.putAll(overrides);
        return new AttemptPlanner(new RetrainConfig(s), history, reports, source(), metrics);
    }

    /** What the service does once the attempt's transaction committed. */
    private AttemptResult handleAndCommit(AttemptPlanner planner, DriftTrigger t) {
        AttemptResult r = planner.handle(t, System.currentTimeMillis());
        metrics.committed(r);
        if (r.config() != null) {
            history.onPromoted(r.config().getModelId() + ":" + r.config().getHorizon(), r.config());
            history.onVersion(r.config());
        }
        if (r.report() != null) {
            reports.onReport(r.report());
        }
        return r;
    }

    private void promote(ModelConfig c) {
        history.onPromoted(c.getModelId() + ":" + c.getHorizon(), c);
        history.onVersion(c);
    }

    private RequiredSearch meter(String name, String model) {
        return registry.get(name)
                .tag(MetricNames.TAG_APP, "retrain")
                .tag(MetricNames.TAG_MODEL, model)
                .tag(MetricNames.TAG_HORIZON, "7d");
    }

    private double count(String name, String model, String... tags) {
        return meter(name, model).tags(tags).counter().count();
    }

    private double version(String model) {
        return meter(MetricNames.CONFIG_VERSION, model).gauge().value();
    }

    @Test
    void aRejectedSearchCountsTheAttemptEachFailedCriterionAndItsDuration() {
        promote(config("r", 1, "seasonal_naive", Map.of("season_length", "7")));
        metrics.promoted(history.promoted(), false);
        AttemptResult r = handleAndCommit(
                planner(Map.of(RetrainConfig.MIN_RMSE_IMPROVEMENT, "10", RetrainConfig.MIN_MAPE_IMPROVEMENT, "10")),
                trigger("t1", "r", Recommendation.RETRAIN, 1, false));

        assertThat(r.report().getOutcome()).isEqualTo("REJECTED");
        List<String> failed = r.report().getCriteria().stream()
                .filter(c -> !c.getPassed())
                .map(CriterionResult::getName)
                .toList();
        assertThat(failed).contains("rmse_improvement", "mape_improvement");
        assertThat(count(MetricNames.RETRAIN_ATTEMPTS, "r", MetricNames.TAG_OUTCOME, "REJECTED")).isEqualTo(1.0);
        for (String c : failed) {
            assertThat(count(MetricNames.RETRAIN_REJECTIONS, "r", MetricNames.TAG_CRITERION, c)).as(c).isEqualTo(1.0);
        }
        assertThat(registry.find(MetricNames.RETRAIN_REJECTIONS)
                        .tag(MetricNames.TAG_MODEL, "r")
                        .counters())
                .hasSize(failed.size());
        assertThat(registry.find(MetricNames.RETRAIN_APPROVALS).tag(MetricNames.TAG_MODEL, "r").counters()).isEmpty();
        assertThat(registry.find(MetricNames.PROMOTIONS).tag(MetricNames.TAG_MODEL, "r").counters()).isEmpty();
        assertThat(meter(MetricNames.RETRAIN_SEARCH_DURATION, "r").timer().count()).isEqualTo(1);
        assertThat(version("r")).isEqualTo(1.0);

        // the same trigger again is a duplicate: skipped, nothing counted
        handleAndCommit(planner(Map.of()), trigger("t1", "r", Recommendation.RETRAIN, 1, false));
        assertThat(registry.find(MetricNames.RETRAIN_ATTEMPTS).tag(MetricNames.TAG_MODEL, "r").counters()).hasSize(1);
        assertThat(count(MetricNames.RETRAIN_ATTEMPTS, "r", MetricNames.TAG_OUTCOME, "REJECTED")).isEqualTo(1.0);
    }

    @Test
    void anApprovedSearchCountsTheApprovalAndAPromotionOrADryRun() {
        AttemptResult r = handleAndCommit(planner(Map.of(RetrainConfig.DRY_RUN, "true")),
            trigger("t1", "n", Recommendation.RETRAIN, null, false));
        assertThat(r.report().getOutcome()).isEqualTo("DRY_RUN");
        assertThat(count(MetricNames.RETRAIN_ATTEMPTS, "n", MetricNames.TAG_OUTCOME, "DRY_RUN")).isEqualTo(1.0);
        assertThat(count(MetricNames.RETRAIN_APPROVALS, "n")).isEqualTo(1.0);
        assertThat(registry.find(MetricNames.PROMOTIONS).tag(MetricNames.TAG_MODEL, "n").counters()).isEmpty();

        r = handleAndCommit(planner(Map.of()), trigger("t2", "n", Recommendation.RETRAIN, null, false));
        assertThat(r.report().getOutcome()).isEqualTo("PROMOTED");
        assertThat(count(MetricNames.RETRAIN_ATTEMPTS, "n", MetricNames.TAG_OUTCOME, "PROMOTED")).isEqualTo(1.0);
        assertThat(count(MetricNames.RETRAIN_APPROVALS, "n")).isEqualTo(2.0);
        assertThat(count(MetricNames.PROMOTIONS, "n")).isEqualTo(1.0);
        assertThat(version("n")).isEqualTo(1.0);
        assertThat(meter(MetricNames.RETRAIN_SEARCH_DURATION, "n").timer().count()).isEqualTo(2);
    }

    @Test
    void rollbacksDecaysAndFailuresAreCountedAndTheVersionGaugeFollows() {
        promote(config("m", 1, "seasonal_naive", Map.of("season_length", "7")));
        promote(config("m", 2, "naive", Map.of()));
        promote(config("b", 1, "thompson_bandit", Map.of("alpha", "10", "beta", "5")));
        metrics.promoted(history.promoted(), false);
        assertThat(version("m")).isEqualTo(2.0);
        assertThat(version("b")).isEqualTo(1.0);
        AttemptPlanner planner = planner(Map.of());

        assertThat(handleAndCommit(planner, trigger("t3", "m", Recommendation.ROLLBACK, 2, false))
                        .report()
                        .getOutcome())
                .isEqualTo("ROLLED_BACK");
        assertThat(handleAndCommit(planner, trigger("d1", "b", Recommendation.DECAY, 1, false)).report().getOutcome())
            .isEqualTo("DECAYED");
        assertThat(handleAndCommit(planner, trigger("d2", "none", Recommendation.DECAY, null, false))
                        .report()
                        .getOutcome())
                .isEqualTo("FAILED");
        metrics.promoted(history.promoted(), true);

        assertThat(count(MetricNames.RETRAIN_ATTEMPTS, "m", MetricNames.TAG_OUTCOME, "ROLLED_BACK")).isEqualTo(1.0);
        assertThat(count(MetricNames.RETRAIN_ATTEMPTS, "b", MetricNames.TAG_OUTCOME, "DECAYED")).isEqualTo(1.0);
        assertThat(count(MetricNames.RETRAIN_ATTEMPTS, "none", MetricNames.TAG_OUTCOME, "FAILED")).isEqualTo(1.0);
        assertThat(count(MetricNames.ROLLBACKS, "m", MetricNames.TAG_MODE, "automatic")).isEqualTo(1.0);
        assertThat(count(MetricNames.PROMOTIONS, "m")).isEqualTo(1.0);
        assertThat(count(MetricNames.PROMOTIONS, "b")).isEqualTo(1.0);
        assertThat(version("m")).isEqualTo(3.0);
        assertThat(version("b")).isEqualTo(2.0);
        assertThat(registry.find(MetricNames.RETRAIN_SEARCH_DURATION)
                        .tag(MetricNames.TAG_MODEL, "m")
                        .timers())
                .isEmpty();
        assertThat(registry.find(MetricNames.RETRAIN_APPROVALS).tag(MetricNames.TAG_MODEL, "m").counters()).isEmpty();

        // an operator's rollback (published by the CLI) shows up in model-configs
        ModelConfig current = history.current("m:7d").orElseThrow();
        promote(Rollbacks.build(history.version("m:7d", 1).orElseThrow(), current, current.getVersion(), 4,
            List.of("manual"), System.currentTimeMillis(), null));
        metrics.promoted(history.promoted(), true);
        metrics.promoted(history.promoted(), true);
        assertThat(count(MetricNames.ROLLBACKS, "m", MetricNames.TAG_MODE, "manual")).isEqualTo(1.0);
        assertThat(version("m")).isEqualTo(4.0);

        // a deleted config drops its gauge
        history.onPromoted("b:7d", null);
        metrics.promoted(history.promoted(), true);
        assertThat(registry.find(MetricNames.CONFIG_VERSION).tag(MetricNames.TAG_MODEL, "b").gauge()).isNull();
    }
}
