package io.driftwatch.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.MonitorEvaluation;
import io.driftwatch.stats.ErrorSummary;

/**
 * The test figures of one evaluation that are not in its triggers (p-values of tests that did not fire, counts of
 * series tested), collected by {@link Evaluation} while it decides, and turned into the {@link MonitorEvaluation}
 * record published for every evaluation. One instance per evaluation; not shared between threads.
 */
final class EvaluationFigures {

    /**
     * Trigger ids one record lists at most (the first, in emission order: model-level triggers come first): 100,000
     * series flagged at once would make a record of 3.7 MB, past Kafka's 1 MB default limit. {@code trigger_count}
     * says how many there were; the triggers themselves are on {@code drift-triggers}.
     */
    static final int MAX_TRIGGER_IDS = 1_000;

    double degradationPValue = Double.NaN;
    double ratioLower = Double.NaN;
    double ratioUpper = Double.NaN;
    double coveragePValue = Double.NaN;
    int seriesEvaluated;
    int driftTests;
    double driftMinPValue = Double.NaN;

    /**
     * The record of one evaluation: its scope, the error summaries of both windows (model level), the figures
     * collected, the thresholds in force and the triggers it emitted.
     */
    MonitorEvaluation toRecord(Triggers.Scope sc, ErrorSummary recent, ErrorSummary baseline, Thresholds t,
                               List<DriftTrigger> triggers) {
        List<String> ids = new ArrayList<>(Math.min(triggers.size(), MAX_TRIGGER_IDS));
        Set<String> series = new HashSet<>();
        boolean triggered = false;
        for (DriftTrigger trigger : triggers) {
            if (ids.size() < MAX_TRIGGER_IDS) {
                ids.add(trigger.getTriggerId());
            }
            triggered |= !trigger.getSuppressed();
            if (trigger.getSeriesId() != null) {
                series.add(trigger.getSeriesId());
            }
        }
        return MonitorEvaluation.newBuilder()
            .setModelId(sc.modelId())
            .setHorizon(sc.horizon())
            .setTenantId(sc.tenantId())
            .setConfigVersion(sc.configVersion())
            .setEvaluatedAt(Instant.ofEpochMilli(sc.detectedAt()))
            .setRecentWindowStart(Instant.ofEpochMilli(sc.recentStart()))
            .setRecentWindowEnd(Instant.ofEpochMilli(sc.recentEnd()))
            .setReferenceWindowStart(Instant.ofEpochMilli(sc.referenceStart()))
            .setReferenceWindowEnd(Instant.ofEpochMilli(sc.referenceEnd()))
            .setNRecent(recent.n())
            .setNReference(baseline.n())
            .setRecentRmse(Triggers.finiteOrNull(recent.rmse()))
            .setBaselineRmse(Triggers.finiteOrNull(baseline.rmse()))
            .setRecentMae(Triggers.finiteOrNull(recent.mae()))
            .setRecentMape(Triggers.finiteOrNull(recent.mape()))
            .setRecentBias(Triggers.finiteOrNull(recent.bias()))
            .setRecentCoverage(Triggers.finiteOrNull(recent.ci95Coverage()))
            .setDegradationPValue(Triggers.finiteOrNull(degradationPValue))
            .setRatioLower(Triggers.finiteOrNull(ratioLower))
            .setRatioUpper(Triggers.finiteOrNull(ratioUpper))
            .setCoveragePValue(Triggers.finiteOrNull(coveragePValue))
            .setSeriesEvaluated(seriesEvaluated)
            .setDriftTests(driftTests)
            .setDriftMinPValue(Triggers.finiteOrNull(driftMinPValue))
            .setSeriesFlagged(series.size())
            .setDegradationThreshold(t.degradationThreshold())
            .setDegradationAlpha(t.degradationAlpha())
            .setCoverageAlpha(t.coverageAlpha())
            .setKsAlpha(t.ksAlpha())
            .setFdrQ(t.fdrQ())
            .setMinSamples(t.minSamples())
            .setMapeCeiling(t.mapeCeiling())
            .setTriggered(triggered)
            .setTriggerIds(ids)
            .setTriggerCount(triggers.size())
            .build();
    }
}
