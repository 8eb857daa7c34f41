package io.driftwatch.serde;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.CandidateResult;
import io.driftwatch.avro.CriterionResult;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.MetricObservation;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.OpsAlertType;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.avro.SearchDimension;
import io.driftwatch.avro.Severity;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.avro.ValidationMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Realistic records of every contract: {@link #full()} sets every optional field (maps, arrays,
 * nested records, enums, doubles that are hard to round-trip); {@link #sparse()} leaves the
 * optionals null or empty.
 */
final class ContractSamples {
    static final Instant T0 = Instant.parse("2024-01-02T03:04:05.678Z");
    static final Instant DAY = Instant.parse("2024-01-02T00:00:00Z");

    private ContractSamples() {}

    static List<SpecificRecord> full() {
        return List.of(
                SaleEvent.newBuilder()
                        .setSaleId("s-0001")
                        .setTenantId("acme")
                        .setSeriesId("acme:store-7")
                        .setEventTime(T0)
                        .setAmount(19.99)
                        .setQuantity(3.0)
                        .setCurrency("CLP")
                        .build(),
                RateEvent.newBuilder()
                        .setSeriesId("USDCLP")
                        .setEventTime(T0)
                        .setValue(0.1 + 0.2)
                        .setSource("bcentral")
                        .build(),
                Actual.newBuilder()
                        .setSeriesId("USDCLP")
                        .setTenantId("fx")
                        .setEventTime(DAY)
                        .setValue(951.23)
                        .setEventCount(1440)
                        .setRevision(2)
                        .setBucketMs(3_600_000L)
                        .build(),
                Prediction.newBuilder()
                        .setPredictionId("p-42")
                        .setModelId("usdclp-arima")
                        .setConfigVersion(7)
                        .setSeriesId("USDCLP")
                        .setTenantId("fx")
                        .setHorizon("7d")
                        .setIssuedAt(T0)
                        .setTargetTime(DAY.plusSeconds(7 * 86_400))
                        .setYhat(950.0)
                        .setYhatLower(-0.0)
                        .setYhatUpper(1e-300)
                        .setFeatures(Map.of("lag_1", 949.5, "tiny", Double.MIN_VALUE, "big", Double.MAX_VALUE))
                        .build(),
                driftTrigger(),
                Anomaly.newBuilder()
                        .setAnomalyId("a-1")
                        .setModelId("sales-ets")
                        .setHorizon("1d")
                        .setSeriesId("acme:store-7")
                        .setTenantId("acme")
                        .setEventTime(DAY)
                        .setDetectedAt(T0)
                        .setActual(120.0)
                        .setYhat(80.5)
                        .setResidual(39.5)
                        .setRobustZ(4.2)
                        .setMedian(1.1)
                        .setMad(0.9)
                        .setThreshold(3.5)
                        .setSeverity(Severity.HIGH)
                        .setConfigVersion(3)
                        .build(),
                ModelConfig.newBuilder()
                        .setModelId("usdclp-arima")
                        .setHorizon("7d")
                        .setVersion(8)
                        .setAlgorithm("arima")
                        .setParams(Map.of("p", "2", "d", "1", "q", "1"))
                        .setValidationMetrics(metrics(0.25))
                        .setCreatedAt(T0)
                        .setReason(List.of("t-1", "t-2"))
                        .setPreviousVersion(7)
                        .setRolledBackFrom(9)
                        .setReportId("r-9")
                        .build(),
                retrainReport(),
                OpsAlert.newBuilder()
                        .setAlertId("o-1")
                        .setType(OpsAlertType.ROLLBACK_EXECUTED)
                        .setSeverity(Severity.CRITICAL)
                        .setModelId("usdclp-arima")
                        .setHorizon("7d")
                        .setMessage("Rolled back to v7: RMSE +40% after deploy")
                        .setCreatedAt(T0)
                        .setDetails(Map.of("from_version", "8", "to_version", "7"))
                        .build(),
                MetricObservation.newBuilder()
                        .setMetric("arm_posterior_mean")
                        .setModelId("bandit-1")
                        .setTenantId("acme")
                        .setSeriesId("acme:store-7")
                        .setDimension("arm-3")
                        .setEventTime(T0)
                        .setValue(0.731)
                        .build(),
                MonitorSettings.newBuilder()
                        .setScope("TENANT")
                        .setScopeId("acme")
                        .setSettings(Map.of("monitor.degradation.threshold", "0.25"))
                        .setUpdatedAt(T0)
                        .setUpdatedBy("ops@acme.example")
                        .build());
    }

    static List<SpecificRecord> sparse() {
        return List.of(
                SaleEvent.newBuilder()
                        .setSaleId("s-2")
                        .setTenantId("acme")
                        .setSeriesId("acme:store-1")
                        .setEventTime(Instant.EPOCH)
                        .setAmount(0.0)
                        .build(),
                RateEvent.newBuilder()
                        .setSeriesId("USDCLP")
                        .setEventTime(T0)
                        .setValue(951.0)
                        .build(),
                Actual.newBuilder()
                        .setSeriesId("USDCLP")
                        .setEventTime(DAY)
                        .setValue(-1.5)
                        .build(),
                Prediction.newBuilder()
                        .setPredictionId("p-1")
                        .setModelId("m")
                        .setConfigVersion(1)
                        .setSeriesId("s")
                        .setHorizon("1d")
                        .setIssuedAt(T0)
                        .setTargetTime(DAY)
                        .setYhat(1)
                        .setYhatLower(0)
                        .setYhatUpper(2)
                        .build(),
                DriftTrigger.newBuilder()
                        .setTriggerId("t-9")
                        .setModelId("m")
                        .setHorizon("30d")
                        .setType(TriggerType.TIME_BASED)
                        .setSeverity(Severity.LOW)
                        .setRecommendation(Recommendation.CONTINUE)
                        .setDetectedAt(T0)
                        .build(),
                Anomaly.newBuilder()
                        .setAnomalyId("a-2")
                        .setModelId("m")
                        .setHorizon("1d")
                        .setSeriesId("s")
                        .setEventTime(DAY)
                        .setDetectedAt(T0)
                        .setActual(1)
                        .setYhat(2)
                        .setResidual(-1)
                        .setRobustZ(-3.6)
                        .setMedian(0)
                        .setMad(0.25)
                        .setThreshold(3.5)
                        .setSeverity(Severity.MEDIUM)
                        .build(),
                ModelConfig.newBuilder()
                        .setModelId("m")
                        .setHorizon("1d")
                        .setVersion(1)
                        .setAlgorithm("naive")
                        .setCreatedAt(T0)
                        .build(),
                RetrainReport.newBuilder()
                        .setReportId("r-2")
                        .setModelId("m")
                        .setHorizon("1d")
                        .setStartedAt(T0)
                        .setFinishedAt(T0.plusMillis(5))
                        .setDurationMs(5)
                        .setSearchStrategy("decay")
                        .setApproved(false)
                        .setOutcome("FAILED")
                        .setError("no data")
                        .build(),
                OpsAlert.newBuilder()
                        .setAlertId("o-2")
                        .setType(OpsAlertType.OTHER)
                        .setSeverity(Severity.LOW)
                        .setMessage("hello")
                        .setCreatedAt(T0)
                        .build(),
                MetricObservation.newBuilder()
                        .setMetric("basket_size")
                        .setEventTime(T0)
                        .setValue(2.5)
                        .build(),
                MonitorSettings.newBuilder()
                        .setScope("MODEL")
                        .setScopeId("m")
                        .setSettings(Map.of())
                        .setUpdatedAt(T0)
                        .build());
    }

    private static DriftTrigger driftTrigger() {
        return DriftTrigger.newBuilder()
                .setTriggerId("t-usdclp-7d-perf-20240102")
                .setModelId("usdclp-arima")
                .setHorizon("7d")
                .setSeriesId("USDCLP")
                .setTenantId("fx")
                .setType(TriggerType.PERFORMANCE_DEGRADATION)
                .setSeverity(Severity.HIGH)
                .setRecommendation(Recommendation.RETRAIN)
                .setDetectedAt(T0)
                .setRecentWindowStart(DAY.minusSeconds(7 * 86_400))
                .setRecentWindowEnd(DAY)
                .setReferenceWindowStart(DAY.minusSeconds(37 * 86_400))
                .setReferenceWindowEnd(DAY.minusSeconds(7 * 86_400))
                .setRecentRmse(12.5)
                .setBaselineRmse(8.25)
                .setDegradationPct(51.515151515151516)
                .setKsStatistic(0.4)
                .setKsPvalue(0.0123)
                .setNRecent(7L)
                .setNReference(30L)
                .setConfigVersion(7)
                .setSuppressed(true)
                .setMetric("rmse")
                .setReason("RMSE 51.5% above baseline")
                .setDetails(Map.of("threshold", 0.25, "not_a_number", Double.NaN, "inf", Double.NEGATIVE_INFINITY))
                .build();
    }

    private static RetrainReport retrainReport() {
        return RetrainReport.newBuilder()
                .setReportId("r-1")
                .setModelId("usdclp-arima")
                .setHorizon("7d")
                .setTriggerIds(List.of("t-1"))
                .setTriggerTypes(List.of("PERFORMANCE_DEGRADATION"))
                .setStartedAt(T0)
                .setFinishedAt(T0.plusSeconds(42))
                .setDurationMs(42_000)
                .setSearchStrategy("grid")
                .setSearchSpace(List.of(
                        new SearchDimension("p", List.of("1", "2", "3")), new SearchDimension("q", List.of("0", "1"))))
                .setIterations(6)
                .setSeed(12345L)
                .setBestCandidate(new CandidateResult("arima", Map.of("p", "2", "q", "1"), metrics(0.25), null))
                .setCurrentCandidate(new CandidateResult("arima", Map.of("p", "1", "q", "0"), metrics(0.5), null))
                .setCriteria(List.of(
                        new CriterionResult("rmse_improvement", 0.5, 0.05, ">=", true, null),
                        new CriterionResult("ci95_coverage", null, 0.9, ">=", false, "no intervals")))
                .setApproved(true)
                .setDeployedVersion(8)
                .setCurrentVersion(7)
                .setDryRun(false)
                .setOutcome("PROMOTED")
                .setError(null)
                .build();
    }

    private static ValidationMetrics metrics(double rmse) {
        return ValidationMetrics.newBuilder()
                .setRmse(rmse)
                .setMae(0.2)
                .setMape(0.05)
                .setBias(-0.01)
                .setErrorStd(0.24)
                .setCi95Coverage(0.93)
                .setInferenceTimeMs(1.5)
                .setN(120)
                .build();
    }
}
