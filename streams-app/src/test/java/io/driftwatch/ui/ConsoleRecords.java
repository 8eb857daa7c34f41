package io.driftwatch.ui;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.CriterionResult;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.MonitorEvaluation;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.avro.Severity;
import io.driftwatch.avro.TriggerType;

/** Records of the followed topics, as the apps write them, for the console's tests and benchmark. */
final class ConsoleRecords {

    static final long DAY = 86_400_000L;

    private ConsoleRecords() {
    }

    static MonitorEvaluation evaluation(String model, String horizon, long end, double rmse, double baseline,
                                        List<String> triggerIds) {
        return MonitorEvaluation.newBuilder()
            .setModelId(model)
            .setHorizon(horizon)
            .setTenantId("acme")
            .setConfigVersion(1)
            .setEvaluatedAt(Instant.ofEpochMilli(end + 3_600_000))
            .setRecentWindowStart(Instant.ofEpochMilli(end - 7 * DAY))
            .setRecentWindowEnd(Instant.ofEpochMilli(end))
            .setReferenceWindowStart(Instant.ofEpochMilli(end - 67 * DAY))
            .setReferenceWindowEnd(Instant.ofEpochMilli(end - 7 * DAY))
            .setNRecent(70)
            .setNReference(600)
            .setRecentRmse(rmse)
            .setBaselineRmse(baseline)
            .setDegradationPValue(0.5)
            .setSeriesFlagged(0)
            .setDegradationThreshold(0.2)
            .setDegradationAlpha(0.01)
            .setCoverageAlpha(0.001)
            .setKsAlpha(0.01)
            .setFdrQ(0.05)
            .setMinSamples(30)
            .setMapeCeiling(0)
            .setTriggered(!triggerIds.isEmpty())
            .setTriggerIds(triggerIds)
            .build();
    }

    static DriftTrigger trigger(String id, String model, String horizon, String series, long detected,
                                Recommendation recommendation) {
        return DriftTrigger.newBuilder()
            .setTriggerId(id)
            .setModelId(model)
            .setHorizon(horizon)
            .setSeriesId(series)
            .setType(series == null ? TriggerType.PERFORMANCE_DEGRADATION : TriggerType.DATA_DRIFT)
            .setSeverity(Severity.HIGH)
            .setRecommendation(recommendation)
            .setDetectedAt(Instant.ofEpochMilli(detected))
            .setRecentRmse(2.0)
            .setBaselineRmse(1.0)
            .setTest(series == null ? "hac-loss-ratio" : "anderson-darling")
            .setPValue(1e-6)
            .setQValue(series == null ? null : 1e-4)
            .setDetails(Map.of("hac_lag", 3.0))
            .build();
    }

    static Prediction prediction(String model, String horizon, String series, long target, double yhat) {
        return Prediction.newBuilder()
            .setPredictionId(model + series + target)
            .setModelId(model)
            .setConfigVersion(1)
            .setSeriesId(series)
            .setHorizon(horizon)
            .setIssuedAt(Instant.ofEpochMilli(target - DAY))
            .setTargetTime(Instant.ofEpochMilli(target))
            .setYhat(yhat)
            .setYhatLower(yhat - 1)
            .setYhatUpper(yhat + 1)
            .build();
    }

    static Actual actual(String series, long time, double value) {
        return Actual.newBuilder().setSeriesId(series).setEventTime(Instant.ofEpochMilli(time)).setValue(value)
            .build();
    }

    static RetrainReport report(String model, String horizon, String outcome, int version, long finished) {
        return RetrainReport.newBuilder()
            .setReportId("r-" + version)
            .setModelId(model)
            .setHorizon(horizon)
            .setStartedAt(Instant.ofEpochMilli(finished - 1000))
            .setFinishedAt(Instant.ofEpochMilli(finished))
            .setDurationMs(1000)
            .setSearchStrategy("grid")
            .setCriteria(List.of(CriterionResult.newBuilder().setName("rmse").setValue(0.9).setThreshold(1.0)
                .setComparison("<=").setPassed(true).build()))
            .setApproved("PROMOTED".equals(outcome))
            .setDeployedVersion(version)
            .setOutcome(outcome)
            .build();
    }

    static ModelConfig config(String model, String horizon, int version, long created) {
        return ModelConfig.newBuilder().setModelId(model).setHorizon(horizon).setVersion(version)
            .setAlgorithm("ses").setCreatedAt(Instant.ofEpochMilli(created)).build();
    }
}
