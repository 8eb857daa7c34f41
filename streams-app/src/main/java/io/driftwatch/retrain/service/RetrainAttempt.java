package io.driftwatch.retrain.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.OpsAlertType;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.retrain.history.ModelHistory;
import io.driftwatch.retrain.search.Candidate;
import io.driftwatch.retrain.search.CandidateScore;
import io.driftwatch.retrain.search.Evaluator;
import io.driftwatch.retrain.search.ModelSelection;
import io.driftwatch.retrain.search.SearchResult;
import io.driftwatch.retrain.search.SearchSettings;
import io.driftwatch.retrain.search.SearchSpace;
import io.driftwatch.retrain.validation.Validation;
import io.driftwatch.retrain.validation.ValidationOutcome;
import io.driftwatch.topics.ModelKey;

/**
 * One RETRAIN attempt: choose a model on the model's series ({@link ModelSelection}: AICc over the
 * ETS family, the backtest as tie-breaker and gate), backtest the current config
 * on the same data, validate, and build the report and (if approved and not a dry run) the next
 * version. Outcomes: PROMOTED, REJECTED, DRY_RUN. Pure given its inputs; no Kafka.
 */
final class RetrainAttempt {

    private final RetrainConfig config;
    private final int horizonSteps;
    private final long bucketMs;
    private final RetrainMetrics metrics;

    RetrainAttempt(RetrainConfig config, int horizonSteps, long bucketMs, RetrainMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.horizonSteps = horizonSteps;
        this.bucketMs = bucketMs;
    }

    /** Season length: the setting, or from the bucket size (hourly 24, daily 7, weekly 52, else 1). */
    int seasonLength() {
        if (config.seasonLength() > 0) {
            return config.seasonLength();
        }
        Duration b = Duration.ofMillis(bucketMs);
        return b.equals(Duration.ofHours(1))
                ? 24
                : b.equals(Duration.ofDays(1)) ? 7 : b.equals(Duration.ofDays(7)) ? 52 : 1;
    }

    int windowSteps() {
        return (int) Math.max(1, config.backtestWindow().toMillis() / bucketMs);
    }

    AttemptResult run(DriftTrigger t, ModelHistory history, ModelConfig current, int nextVersion, long started,
                      RetrainReport.Builder report) {
        int m = seasonLength();
        int window = windowSteps();
        List<double[]> series = new ArrayList<>(
                history.arrays(window + horizonSteps + 2 * Math.max(m, 2) + 1).values());
        if (series.isEmpty()) {
            throw new IllegalStateException("no series of model " + t.getModelId() + " with enough history in actuals ("
                    + history.seriesIds().size() + " series found, need "
                    + (window + horizonSteps + 2 * Math.max(m, 2) + 1) + " buckets)");
        }
        SearchSettings settings = config.searchSettings();
        long searchStart = System.nanoTime();
        ModelSelection.Result selection = ModelSelection.run(series, m, horizonSteps, window, settings);
        SearchResult result = selection.search();
        SearchSpace space = selection.space();
        long searchMs = (System.nanoTime() - searchStart) / 1_000_000;
        metrics.searched(t.getModelId(), t.getHorizon(), searchMs);
        CandidateScore best = selection.chosen();
        Evaluator evaluator = new Evaluator(series, horizonSteps, Math.max(1, selection.window()), settings.seed());
        CandidateScore currentScore = current == null ? null
            : evaluator.evaluate(new Candidate(-1, current.getAlgorithm(), current.getParams()));
        boolean currentUsable = currentScore != null && currentScore.usable();
        ValidationOutcome v = Validation.validate(best.metrics(), currentUsable ? currentScore.metrics() : null,
            config.validationThresholds(t.getModelId()));
        long finished = System.currentTimeMillis();
        report.setSearchStrategy(result.strategy().label()).setSearchSpace(AvroMapping.dimensions(space))
            .setIterations(result.iterations()).setBestCandidate(AvroMapping.candidate(best, selection))
            .setCandidates(result.evaluated().stream().map(s -> AvroMapping.candidate(s, selection)).toList())
            .setSelectionReason(selection.reason())
            .setCurrentCandidate(currentUsable ? AvroMapping.candidate(currentScore) : null)
            .setCriteria(v.criteria().stream().map(AvroMapping::criterion).toList()).setApproved(v.approved())
            .setCurrentVersion(current == null ? null : current.getVersion())
            .setFinishedAt(Instant.ofEpochMilli(finished)).setDurationMs(Math.max(0, finished - started));
        List<OpsAlert> alerts = slowAlert(t, result, searchMs, settings, started);
        if (!v.approved()) {
            return new AttemptResult(
                    null,
                    report.setOutcome("REJECTED")
                            .setError("failed: " + String.join(", ", v.failed()))
                            .build(),
                    alerts);
        }
        if (config.dryRun()) {
            return new AttemptResult(null, report.setOutcome("DRY_RUN").build(), alerts);
        }
        ModelConfig next = ModelConfig.newBuilder()
                .setModelId(t.getModelId())
                .setHorizon(t.getHorizon())
                .setVersion(nextVersion)
                .setAlgorithm(best.candidate().algorithm())
                .setParams(new HashMap<>(best.candidate().params()))
                .setValidationMetrics(AvroMapping.metrics(best.metrics()))
                .setCreatedAt(Instant.ofEpochMilli(finished))
                .setReason(List.of(t.getTriggerId()))
                .setPreviousVersion(current == null ? null : current.getVersion())
                .setRolledBackFrom(null)
                .setReportId(AttemptPlanner.reportId(t))
                .build();
        return new AttemptResult(next, report.setOutcome("PROMOTED").setDeployedVersion(nextVersion).build(), alerts);
    }

    private static List<OpsAlert> slowAlert(
            DriftTrigger t, SearchResult r, long durationMs, SearchSettings s, long now) {
        if (durationMs <= s.timeBudget().toMillis()) {
            return List.of();
        }
        return List.of(OpsAlerts.create(
                OpsAlertType.OPTIMISATION_SLOW,
                t.getModelId(),
                t.getHorizon(),
                t.getTriggerId(),
                "Search for " + ModelKey.of(t.getModelId(), t.getHorizon()) + " took " + durationMs + " ms, budget "
                        + s.timeBudget().toMillis() + " ms",
                Map.of(
                        "duration_ms",
                        String.valueOf(durationMs),
                        "budget_ms",
                        String.valueOf(s.timeBudget().toMillis()),
                        "strategy",
                        r.strategy().label(),
                        "iterations",
                        String.valueOf(r.iterations())),
                now));
    }
}
