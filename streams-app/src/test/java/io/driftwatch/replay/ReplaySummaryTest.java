package io.driftwatch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.Severity;
import io.driftwatch.avro.TriggerType;

/** What `replay --incidents` says per incident: hit or miss, the delay to the first trigger, triggers elsewhere. */
class ReplaySummaryTest {

    private static final long DAY = 86_400_000L;
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @Test
    void incidentsAreScoredByTheirFirstUnsuppressedTriggerOfTheSameModelAndSeries() {
        List<DriftTrigger> triggers = List.of(
            trigger("a", "sales", null, 15, false), // model-level, inside the sales incident
            trigger("b", "sales", "s1", 12, false), // the first one inside it: 2 days after its start
            trigger("c", "fx", null, 33, true), // suppressed: no hit for fx
            trigger("d", "fx", "EURUSD", 35, false), // another series than the incident's
            trigger("e", "sales", "s2", 50, false)); // after the incident: outside
        List<Incidents.Incident> incidents = List.of(
            new Incidents.Incident("sales", "*", T0 + 10 * DAY, T0 + 20 * DAY),
            new Incidents.Incident("fx", "USDCLP", T0 + 30 * DAY, T0 + 40 * DAY));
        ReplayRun.Result result = new ReplayRun.Result(Map.of("monitor.fdr.q", "0.05"), triggers, 0, 0, 1000, 10);

        JsonNode summary = ReplaySummary.of(result, new long[] {T0, T0 + 90 * DAY}, Map.of(), Set.of("sales", "fx"),
            incidents);

        JsonNode scored = summary.get("incidents");
        assertThat(scored.get("hits").asInt()).isEqualTo(1);
        assertThat(scored.get("misses").asInt()).isEqualTo(1);
        assertThat(scored.get("mean_delay_days").asDouble()).isEqualTo(2.0);
        assertThat(scored.get("triggers_outside_incidents").asLong()).isEqualTo(2); // d and e; c is suppressed
        JsonNode sales = scored.get("list").get(0);
        assertThat(sales.get("hit").asBoolean()).isTrue();
        assertThat(sales.get("delay_days").asDouble()).isEqualTo(2.0);
        assertThat(sales.get("first_trigger").asText()).contains("s1");
        assertThat(scored.get("list").get(1).get("hit").asBoolean()).isFalse();
        assertThat(summary.get("triggers").asInt()).isEqualTo(4);
        assertThat(summary.get("suppressed").asInt()).isEqualTo(1);
    }

    private static DriftTrigger trigger(String id, String model, String series, int day, boolean suppressed) {
        return DriftTrigger.newBuilder()
            .setTriggerId(id)
            .setModelId(model)
            .setHorizon("7d")
            .setSeriesId(series)
            .setType(series == null ? TriggerType.PERFORMANCE_DEGRADATION : TriggerType.DATA_DRIFT)
            .setSeverity(Severity.HIGH)
            .setRecommendation(Recommendation.RETRAIN)
            .setDetectedAt(Instant.ofEpochMilli(T0 + day * DAY))
            .setRecentRmse(2.0)
            .setBaselineRmse(1.0)
            .setSuppressed(suppressed)
            .setDetails(Map.of())
            .build();
    }
}
