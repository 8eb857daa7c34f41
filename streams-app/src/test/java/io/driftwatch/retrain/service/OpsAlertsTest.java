package io.driftwatch.retrain.service;

import static io.driftwatch.retrain.service.RetrainFixtures.actuals;
import static io.driftwatch.retrain.service.RetrainFixtures.config;
import static io.driftwatch.retrain.service.RetrainFixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.OpsAlertType;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.Severity;
import io.driftwatch.retrain.configs.ConfigHistory;
import io.driftwatch.retrain.configs.ReportLog;
import io.driftwatch.retrain.history.ModelHistory;

/** The retrain service's ops alerts: type, severity, model:horizon, message and details of each. */
class OpsAlertsTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long NOW = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();

    private final ConfigHistory history = new ConfigHistory();
    private final ReportLog reports = new ReportLog(1000);
    private final RetrainMetrics metrics = new RetrainMetrics();

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
        return planner(overrides, source());
    }

    private AttemptPlanner planner(Map<String, Object> overrides, HistorySource source) {
        Map<String, Object> s = new HashMap<>();
        s.put(RetrainConfig.STRATEGY, "random");
        s.put(RetrainConfig.RANDOM_ITERATIONS, "6");
        s.put(RetrainConfig.PARALLELISM, "1");
        s.putAll(overrides);
        return new AttemptPlanner(new RetrainConfig(s), history, reports, source, metrics);
    }

    /** Rejects any candidate: it would have to be 10x better than the current config. */
    private AttemptPlanner strict() {
        return planner(Map.of(RetrainConfig.MIN_RMSE_IMPROVEMENT, "10", RetrainConfig.MIN_MAPE_IMPROVEMENT, "10"));
    }

    /** What the service does once the attempt's transaction committed. */
    private AttemptResult handleAndCommit(AttemptPlanner planner, DriftTrigger t) {
        AttemptResult r = planner.handle(t, NOW);
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

    private static List<OpsAlert> ofType(AttemptResult r, OpsAlertType type) {
        return r.alerts().stream().filter(a -> a.getType() == type).toList();
    }

    private static void assertRepeatedFailure(AttemptResult r, String triggerId, int n) {
        assertThat(r.report().getOutcome()).isEqualTo("REJECTED");
        assertThat(r.alerts()).hasSize(1);
        OpsAlert a = r.alerts().get(0);
        assertThat(a.getType()).isEqualTo(OpsAlertType.VALIDATION_FAILED_REPEATEDLY);
        assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(a.getModelId()).isEqualTo("v");
        assertThat(a.getHorizon()).isEqualTo("7d");
        assertThat(a.getMessage()).isEqualTo("Validation of v:7d failed " + n + " times in a row");
        assertThat(a.getDetails()).containsExactlyEntriesOf(Map.of("failures_in_a_row", String.valueOf(n)));
        assertThat(a.getAlertId()).isEqualTo("validation_failed_repeatedly:v:7d:" + triggerId);
        assertThat(a.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(NOW));
    }

    @Test
    void validationFailedRepeatedlyOnTheThirdRejectionInARowAndAgainOnlyAfterThreeMoreOnceAPromotionResetIt() {
        promote(config("v", 1, "seasonal_naive", Map.of("season_length", "7")));

        AttemptResult r1 = handleAndCommit(strict(), trigger("f1", "v", Recommendation.RETRAIN, 1, false));
        assertThat(r1.report().getOutcome()).isEqualTo("REJECTED");
        assertThat(r1.alerts()).isEmpty();
        AttemptResult r2 = handleAndCommit(strict(), trigger("f2", "v", Recommendation.RETRAIN, 1, false));
        assertThat(r2.report().getOutcome()).isEqualTo("REJECTED");
        assertThat(r2.alerts()).isEmpty();
        assertRepeatedFailure(handleAndCommit(strict(), trigger("f3", "v", Recommendation.RETRAIN, 1, false)), "f3", 3);
        assertRepeatedFailure(handleAndCommit(strict(), trigger("f4", "v", Recommendation.RETRAIN, 1, false)), "f4", 4);

        // another model's rejections are counted on their own
        promote(config("other", 1, "seasonal_naive", Map.of("season_length", "7")));
        AttemptResult o = handleAndCommit(strict(), trigger("o1", "other", Recommendation.RETRAIN, 1, false));
        assertThat(o.report().getOutcome()).isEqualTo("REJECTED");
        assertThat(o.alerts()).isEmpty();

        // a promotion resets the count
        AttemptResult p = handleAndCommit(planner(Map.of(RetrainConfig.MIN_RMSE_IMPROVEMENT, "-1000",
            RetrainConfig.MIN_MAPE_IMPROVEMENT, "-1000")), trigger("p1", "v", Recommendation.RETRAIN, 1, false));
        assertThat(p.report().getOutcome()).isEqualTo("PROMOTED");
        assertThat(p.alerts()).isEmpty();
        assertThat(reports.failuresInARow("v:7d")).isZero();

        AttemptResult g1 = handleAndCommit(strict(), trigger("g1", "v", Recommendation.RETRAIN, 2, false));
        assertThat(g1.report().getOutcome()).isEqualTo("REJECTED");
        assertThat(g1.alerts()).isEmpty();
        AttemptResult g2 = handleAndCommit(strict(), trigger("g2", "v", Recommendation.RETRAIN, 2, false));
        assertThat(g2.report().getOutcome()).isEqualTo("REJECTED");
        assertThat(g2.alerts()).isEmpty();
        assertRepeatedFailure(handleAndCommit(strict(), trigger("g3", "v", Recommendation.RETRAIN, 2, false)), "g3", 3);
    }

    @Test
    void theRepeatedFailureThresholdIsConfigurable() {
        promote(config("v", 1, "seasonal_naive", Map.of("season_length", "7")));
        AttemptPlanner planner = planner(Map.of(
                RetrainConfig.MIN_RMSE_IMPROVEMENT,
                "10",
                RetrainConfig.MIN_MAPE_IMPROVEMENT,
                "10",
                RetrainConfig.FAILURE_ALERT_AFTER,
                "1"));
        assertRepeatedFailure(handleAndCommit(planner, trigger("f1", "v", Recommendation.RETRAIN, 1, false)), "f1", 1);
    }

    @Test
    void promotionFailedWhenAnAttemptFails() {
        // a model driftwatch forecasts, but no history at all: the search cannot run
        AttemptPlanner planner = planner(Map.of(RetrainConfig.MODELS, "empty=.*"),
            (model, preferred, since, until, max) -> new ModelHistory(max, preferred));
        AttemptResult r = handleAndCommit(planner, trigger("x1", "empty", Recommendation.RETRAIN, null, false));

        assertThat(r.report().getOutcome()).isEqualTo("FAILED");
        assertThat(r.config()).isNull();
        assertThat(r.alerts()).hasSize(1);
        OpsAlert a = r.alerts().get(0);
        assertThat(a.getType()).isEqualTo(OpsAlertType.PROMOTION_FAILED);
        assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(a.getModelId()).isEqualTo("empty");
        assertThat(a.getHorizon()).isEqualTo("7d");
        assertThat(a.getMessage())
                .startsWith("Retrain attempt for empty:7d failed: no series of model empty with enough history");
        assertThat(a.getMessage()).isEqualTo("Retrain attempt for empty:7d failed: " + r.report().getError());
        assertThat(a.getDetails()).containsExactlyEntriesOf(Map.of("trigger_id", "x1"));
        assertThat(a.getAlertId()).isEqualTo("promotion_failed:empty:7d:x1");
        assertThat(a.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(NOW));

        // a decay with nothing promoted fails the same way
        AttemptResult d = handleAndCommit(planner(Map.of()), trigger("d1", "none", Recommendation.DECAY, null, false));
        assertThat(d.report().getOutcome()).isEqualTo("FAILED");
        assertThat(d.alerts()).singleElement().satisfies(x -> {
            assertThat(x.getType()).isEqualTo(OpsAlertType.PROMOTION_FAILED);
            assertThat(x.getSeverity()).isEqualTo(Severity.HIGH);
            assertThat(x.getModelId()).isEqualTo("none");
            assertThat(x.getMessage())
                    .isEqualTo("Retrain attempt for none:7d failed: no promoted config for none:7d to decay");
        });
        // a failed attempt is not a validation failure: no repeated-failure count
        assertThat(reports.failuresInARow("none:7d")).isZero();
    }

    @Test
    void optimisationSlowWhenTheSearchTakesLongerThanItsBudget() {
        // a full grid takes well over 1 ms
        AttemptResult r = handleAndCommit(
                planner(Map.of(RetrainConfig.STRATEGY, "grid", RetrainConfig.TIME_BUDGET, "1ms")),
                trigger("s1", "slow", Recommendation.RETRAIN, null, false));

        assertThat(r.report().getOutcome()).isEqualTo("PROMOTED");
        List<OpsAlert> slow = ofType(r, OpsAlertType.OPTIMISATION_SLOW);
        assertThat(r.alerts()).hasSize(1).isEqualTo(slow);
        OpsAlert a = slow.get(0);
        assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(a.getModelId()).isEqualTo("slow");
        assertThat(a.getHorizon()).isEqualTo("7d");
        String duration = a.getDetails().get("duration_ms");
        assertThat(Long.parseLong(duration)).isGreaterThan(1);
        assertThat(a.getMessage()).isEqualTo("Search for slow:7d took " + duration + " ms, budget 1 ms");
        assertThat(a.getDetails()).containsEntry("budget_ms", "1").containsEntry("strategy", "grid")
            .containsEntry("iterations", String.valueOf(r.report().getIterations())).hasSize(4);
        assertThat(a.getAlertId()).isEqualTo("optimisation_slow:slow:7d:s1");
        assertThat(a.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(NOW));
    }

    @Test
    void noOptimisationSlowWithinTheBudget() {
        AttemptResult r = handleAndCommit(planner(Map.of(RetrainConfig.TIME_BUDGET, "1d")),
            trigger("s1", "fast", Recommendation.RETRAIN, null, false));
        assertThat(r.report().getOutcome()).isEqualTo("PROMOTED");
        assertThat(r.alerts()).isEmpty();
    }

    @Test
    void staleModelWhenThePromotedConfigIsOlderThanStaleAfterOncePerVersion() {
        Duration after = new RetrainConfig(Map.of(RetrainConfig.STALE_AFTER, "30d")).staleAfter();
        assertThat(after).isEqualTo(Duration.ofDays(30));
        Instant created = Instant.ofEpochMilli(NOW).minus(Duration.ofDays(30));
        ModelConfig c = ModelConfig.newBuilder(config("m", 4, "naive", Map.of())).setCreatedAt(created).build();

        // exactly 30 days old: not yet
        assertThat(RetrainService.staleAlert(c, null, after, NOW)).isNull();
        // a millisecond later it is
        long later = NOW + 1;
        OpsAlert a = RetrainService.staleAlert(c, null, after, later);
        assertThat(a).isNotNull();
        assertThat(a.getType()).isEqualTo(OpsAlertType.STALE_MODEL);
        assertThat(a.getSeverity()).isEqualTo(Severity.LOW);
        assertThat(a.getModelId()).isEqualTo("m");
        assertThat(a.getHorizon()).isEqualTo("7d");
        assertThat(a.getMessage()).isEqualTo("No promotion for m:7d since v4 at " + created);
        assertThat(a.getDetails())
                .containsExactlyInAnyOrderEntriesOf(Map.of("version", "4", "created_at", created.toString()));
        assertThat(a.getAlertId()).isEqualTo("stale_model:m:7d:v4");
        assertThat(a.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(later));

        // once per version: already alerted for v4 -> nothing; an older alerted version does not count
        assertThat(RetrainService.staleAlert(c, 4, after, later)).isNull();
        assertThat(RetrainService.staleAlert(c, 3, after, later)).isNotNull();
        // a shorter stale-after makes a younger config stale
        ModelConfig young = ModelConfig.newBuilder(c)
                .setCreatedAt(Instant.ofEpochMilli(NOW).minus(Duration.ofDays(2)))
                .build();
        assertThat(RetrainService.staleAlert(young, null, after, NOW)).isNull();
        assertThat(RetrainService.staleAlert(young, null, Duration.ofDays(1), NOW)).isNotNull()
            .extracting(OpsAlert::getSeverity).isEqualTo(Severity.LOW);
    }

    @Test
    void severitiesAreFixedPerType() {
        assertThat(OpsAlerts.severity(OpsAlertType.VALIDATION_FAILED_REPEATEDLY)).isEqualTo(Severity.MEDIUM);
        assertThat(OpsAlerts.severity(OpsAlertType.PROMOTION_FAILED)).isEqualTo(Severity.HIGH);
        assertThat(OpsAlerts.severity(OpsAlertType.ROLLBACK_EXECUTED)).isEqualTo(Severity.HIGH);
        assertThat(OpsAlerts.severity(OpsAlertType.OPTIMISATION_SLOW)).isEqualTo(Severity.MEDIUM);
        assertThat(OpsAlerts.severity(OpsAlertType.STALE_MODEL)).isEqualTo(Severity.LOW);
    }

    @Test
    void aModelDriftwatchDoesNotForecastIsSkippedWithOneAlertAndNoReport() {
        HistorySource none = (model, preferred, since, until, max) -> new ModelHistory(max, preferred);
        AttemptPlanner planner = planner(Map.of(RetrainConfig.MODELS, "fx=USD.*"), none);
        AttemptResult first =
                handleAndCommit(planner, trigger("ext-1", "prophet", Recommendation.RETRAIN, null, false));
        assertThat(first.report()).as("no FAILED report").isNull();
        assertThat(first.config()).isNull();
        assertThat(first.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(OpsAlertType.MODEL_NOT_FORECAST);
            assertThat(a.getModelId()).isEqualTo("prophet");
            assertThat(a.getMessage()).contains("not forecast by driftwatch", "forecaster.models", "drift-triggers");
        });
        AttemptResult second =
                handleAndCommit(planner, trigger("ext-2", "prophet", Recommendation.RETRAIN, null, false));
        assertThat(second.report()).isNull();
        assertThat(second.alerts()).as("one alert per model, not per trigger").isEmpty();
    }
}
