package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.MonitorEvaluation;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.stats.ErrorSummary;
import io.driftwatch.stats.SeverityRules;
import io.driftwatch.topics.Topics;

/** The evaluation record stays small when a whole fleet is flagged at once. */
class EvaluationFiguresTest {

    private static final long DAY = 86_400_000L;

    @Test
    void aRecordListsTheFirstThousandTriggerIdsAndCountsThemAll() {
        Triggers.Scope scope = new Triggers.Scope("m", "1d", "acme", 3, 60 * DAY, 74 * DAY, 0, 60 * DAY, 75 * DAY);
        ErrorSummary errors = new ErrorSummary(100, 2.0, 1.5, 0.1, 0.2, 1.9, 0.9);
        List<DriftTrigger> triggers = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            triggers.add(Triggers.withErrors(Triggers.base(scope, "s" + i, TriggerType.DATA_DRIFT,
                SeverityRules.Level.HIGH, Recommendation.CONTINUE), errors, errors).build());
        }
        Thresholds t = Thresholds.resolve(new MonitorConfig(Map.of()), Map.of(), Map.of());

        MonitorEvaluation r = new EvaluationFigures().toRecord(scope, errors, errors, t, triggers);

        assertThat(r.getTriggerCount()).isEqualTo(100_000);
        assertThat(r.getTriggerIds()).hasSize(EvaluationFigures.MAX_TRIGGER_IDS)
            .containsExactlyElementsOf(triggers.subList(0, EvaluationFigures.MAX_TRIGGER_IDS).stream()
                .map(DriftTrigger::getTriggerId).toList());
        assertThat(r.getSeriesFlagged()).isEqualTo(100_000);
        int bytes = Topics.from(new MonitorConfig(Map.of())).monitorEvaluations.valueSerde()
            .serializer().serialize("monitor-evaluations", r).length;
        assertThat(bytes).as("well under Kafka's 1 MB default").isLessThan(100_000);
    }
}
