package io.driftwatch.retrain.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.OpsAlertType;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.config.Durations;
import io.driftwatch.config.ModelAssignment;
import io.driftwatch.retrain.configs.ConfigHistory;
import io.driftwatch.retrain.configs.ReportLog;
import io.driftwatch.retrain.configs.Rollbacks;
import io.driftwatch.retrain.decay.PriorDecay;
import io.driftwatch.topics.ModelKey;

/**
 * Decides what one drift trigger publishes: a RETRAIN search (see {@link RetrainAttempt}), a DECAY
 * of bandit priors, a ROLLBACK, or nothing (suppressed, CONTINUE, already handled).
 *
 * <p>Reads the current state ({@link ConfigHistory}, {@link ReportLog}) but never changes it: the
 * caller applies the result once its transaction committed. Report ids are {@code retrain-<trigger_id>},
 * so a re-run of the same trigger writes the same ids. No Kafka here.
 */
final class AttemptPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptPlanner.class);

    private final RetrainConfig config;
    private final ConfigHistory history;
    private final ReportLog reports;
    private final HistorySource source;
    private final ModelAssignment forecast;
    private final Set<String> notForecastSeen = new HashSet<>();
    private final RetrainMetrics metrics;

    AttemptPlanner(
            RetrainConfig config,
            ConfigHistory history,
            ReportLog reports,
            HistorySource source,
            RetrainMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.history = history;
        this.reports = reports;
        this.source = source;
        this.forecast = config.models();
    }

    /** Why a trigger is skipped without a report, or null if it must be handled. */
    String skipReason(DriftTrigger t) {
        if (t.getSuppressed()) {
            return "suppressed";
        }
        if (t.getRecommendation() == Recommendation.CONTINUE) {
            return "recommendation CONTINUE";
        }
        return reports.handled(t.getTriggerId()) ? "duplicate trigger_id" : null;
    }

    AttemptResult handle(DriftTrigger t, long now) {
        if (skipReason(t) != null) {
            return AttemptResult.skipped();
        }
        String key = ModelKey.of(t.getModelId(), t.getHorizon());
        try {
            AttemptResult r = switch (t.getRecommendation()) {
                case DECAY -> decay(t, key, now);
                case ROLLBACK -> rollback(t, key, now);
                default -> retrain(t, key, now);
            };
            return r.withAlerts(failureAlerts(t, r.report(), now));
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            RetrainReport report = baseReport(t, now, now, strategyOf(t))
                    .setApproved(false)
                    .setOutcome("FAILED")
                    .setError(msg)
                    .setCurrentVersion(
                            history.current(key).map(ModelConfig::getVersion).orElse(null))
                    .build();
            OpsAlert alert = OpsAlerts.create(
                    OpsAlertType.PROMOTION_FAILED,
                    t.getModelId(),
                    t.getHorizon(),
                    t.getTriggerId(),
                    "Retrain attempt for " + key + " failed: " + msg,
                    Map.of("trigger_id", t.getTriggerId()),
                    now);
            return new AttemptResult(null, report, List.of(alert));
        }
    }

    /**
     * A model whose predictions come from elsewhere (not in {@code forecaster.models}, and no series of it in
     * actuals): the monitor still raises its
     * triggers and the alert connectors send them, but driftwatch has no series history or config to retrain it
     * from. Its first trigger (per model and process) gives one log line and one MODEL_NOT_FORECAST ops alert; every
     * trigger of it is skipped without a report, leaving it to an external retrain pipeline reading drift-triggers.
     */
    private AttemptResult notForecast(DriftTrigger t, long now) {
        if (!notForecastSeen.add(t.getModelId())) {
            return AttemptResult.skipped();
        }
        String message = "model " + t.getModelId() + " is not forecast by driftwatch (" + ModelAssignment.SETTING
                + " = " + forecast
                + "): its triggers are not retrained here; hook your own retrain pipeline to drift-triggers";
        LOG.info(message);
        return new AttemptResult(null, null, List.of(OpsAlerts.create(OpsAlertType.MODEL_NOT_FORECAST, t.getModelId(),
            t.getHorizon(), t.getModelId(), message, Map.of("trigger_id", t.getTriggerId()), now)));
    }

    private static String strategyOf(DriftTrigger t) {
        return switch (t.getRecommendation()) {
            case DECAY -> "decay";
            case ROLLBACK -> "rollback";
            default -> "search";
        };
    }

    private AttemptResult retrain(DriftTrigger t, String key, long now) {
        long bucketGuess = Duration.ofDays(1).toMillis();
        // as of the trigger's (event) time, not the wall clock: a replay of history retrains on what
        // was known then, and never backtests on actuals from after the trigger
        long asOf = t.getDetectedAt().toEpochMilli();
        long since = asOf - Duration.ofDays(config.historyDays()).toMillis();
        var series = source.load(t.getModelId(), t.getSeriesId(), since, asOf, config.maxSeries());
        if (series.seriesIds().isEmpty() && !forecast.modelIds().contains(t.getModelId())) {
            return notForecast(t, now);
        }
        long bucket = series.bucketMs() > 0 ? series.bucketMs() : bucketGuess;
        RetrainAttempt attempt = new RetrainAttempt(config, horizonSteps(t.getHorizon(), bucket), bucket, metrics);
        ModelConfig current = history.current(key).orElse(null);
        return attempt.run(t, series, current, history.nextVersion(key), now, baseReport(t, now, now, "grid"));
    }

    /** Steps ahead for a horizon label like {@code 7d} at a bucket size (at least 1). */
    static int horizonSteps(String horizon, long bucketMs) {
        long ms = Durations.parse(horizon).toMillis();
        return (int) Math.max(1, Math.round((double) ms / bucketMs));
    }

    private AttemptResult decay(DriftTrigger t, String key, long now) {
        ModelConfig current = history.current(key)
                .orElseThrow(() -> new IllegalStateException("no promoted config for " + key + " to decay"));
        if (!PriorDecay.hasPrior(current.getAlgorithm(), current.getParams())) {
            throw new IllegalStateException(
                    "config " + key + " v" + current.getVersion() + " (" + current.getAlgorithm()
                            + ") has no bandit prior params (alpha/beta of a bandit algorithm, or"
                            + " arm.<id>.alpha/beta)");
        }
        Map<String, String> decayed =
                PriorDecay.apply(current.getAlgorithm(), current.getParams(), config.decayFactor());
        RetrainReport.Builder report = baseReport(t, now, System.currentTimeMillis(), "decay")
            .setCurrentVersion(current.getVersion()).setApproved(true);
        if (config.dryRun()) {
            return new AttemptResult(null, report.setDryRun(true).setOutcome("DRY_RUN").build(), List.of());
        }
        int version = history.nextVersion(key);
        ModelConfig next = ModelConfig.newBuilder(current).setVersion(version).setParams(decayed)
            .setCreatedAt(Instant.ofEpochMilli(now)).setReason(List.of(t.getTriggerId()))
            .setPreviousVersion(current.getVersion()).setRolledBackFrom(null).setReportId(reportId(t)).build();
        return new AttemptResult(next, report.setDeployedVersion(version).setOutcome("DECAYED").build(), List.of());
    }

    private AttemptResult rollback(DriftTrigger t, String key, long now) {
        ModelConfig current = history.current(key)
                .orElseThrow(() -> new IllegalStateException("no promoted config for " + key + " to roll back"));
        Integer bad = t.getConfigVersion() != null ? t.getConfigVersion() : current.getVersion();
        RetrainReport.Builder report =
                baseReport(t, now, System.currentTimeMillis(), "rollback").setCurrentVersion(current.getVersion());
        if (bad != current.getVersion()) {
            return new AttemptResult(
                    null,
                    report.setApproved(false)
                            .setOutcome("REJECTED")
                            .setError("version " + bad + " is no longer promoted (current " + current.getVersion()
                                    + "); nothing rolled back")
                            .build(),
                    List.of());
        }
        ModelConfig target = history.rollbackTarget(key, null, bad);
        if (config.dryRun()) {
            return new AttemptResult(
                    null,
                    report.setApproved(true)
                            .setDryRun(true)
                            .setOutcome("DRY_RUN")
                            .build(),
                    List.of());
        }
        int version = history.nextVersion(key);
        ModelConfig next = Rollbacks.build(target, current, bad, version, List.of(t.getTriggerId()), now, reportId(t));
        OpsAlert alert = OpsAlerts.create(
                OpsAlertType.ROLLBACK_EXECUTED,
                t.getModelId(),
                t.getHorizon(),
                t.getTriggerId(),
                "Rolled back " + key + " from v" + bad + " to the params of v" + target.getVersion() + " as v"
                        + version,
                Map.of(
                        "rolled_back_from",
                        String.valueOf(bad),
                        "restored_version",
                        String.valueOf(target.getVersion()),
                        "new_version",
                        String.valueOf(version),
                        "trigger_id",
                        t.getTriggerId()),
                now);
        return new AttemptResult(
                next,
                report.setApproved(true)
                        .setDeployedVersion(version)
                        .setOutcome("ROLLED_BACK")
                        .build(),
                List.of(alert));
    }

    /** VALIDATION_FAILED_REPEATEDLY once this rejection makes N or more in a row. */
    private List<OpsAlert> failureAlerts(DriftTrigger t, RetrainReport report, long now) {
        List<OpsAlert> out = new ArrayList<>();
        if (report != null && ReportLog.isValidationFailure(report)) {
            int n = reports.failuresInARow(ModelKey.of(t.getModelId(), t.getHorizon())) + 1;
            if (n >= config.failureAlertAfter()) {
                out.add(OpsAlerts.create(OpsAlertType.VALIDATION_FAILED_REPEATEDLY, t.getModelId(), t.getHorizon(),
                    t.getTriggerId(), "Validation of " + ModelKey.of(t.getModelId(), t.getHorizon()) + " failed " + n
                        + " times in a row", Map.of("failures_in_a_row", String.valueOf(n)), now));
            }
        }
        return out;
    }

    static String reportId(DriftTrigger t) {
        return "retrain-" + t.getTriggerId();
    }

    private RetrainReport.Builder baseReport(DriftTrigger t, long started, long finished, String strategy) {
        return RetrainReport.newBuilder()
                .setReportId(reportId(t))
                .setModelId(t.getModelId())
                .setHorizon(t.getHorizon())
                .setTriggerIds(List.of(t.getTriggerId()))
                .setTriggerTypes(List.of(t.getType().name()))
                .setStartedAt(Instant.ofEpochMilli(started))
                .setFinishedAt(Instant.ofEpochMilli(finished))
                .setDurationMs(Math.max(0, finished - started))
                .setSearchStrategy(strategy)
                .setSeed(config.searchSettings().seed())
                .setDryRun(config.dryRun());
    }
}
