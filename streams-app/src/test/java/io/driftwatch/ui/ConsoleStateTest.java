package io.driftwatch.ui;

import static io.driftwatch.ui.ConsoleRecords.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftwatch.avro.Recommendation;

class ConsoleStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_006_400_000L;

    private final ConsoleState state = new ConsoleState(5, 1_000, 3, 100);
    private final ConsoleViews views = new ConsoleViews(state);

    private JsonNode fleet(String tenant) throws Exception {
        return JSON.readTree(new String(views.fleet(tenant), StandardCharsets.UTF_8));
    }

    private JsonNode model(long from, long to, int limit) throws Exception {
        return JSON.readTree(views.model("m", "7d", from, to, limit));
    }

    @Test
    void fleetShowsTheLatestEvaluationAndCountsThemAllWhileKeepingTheNewest() throws Exception {
        List<Object> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(ConsoleRecords.evaluation("m", "7d", T0 + i * DAY, 1.0 + i, 1.0, List.of()));
        }
        state.applyAll(batch, 42);

        JsonNode m = fleet(null).get("models").get(0);
        assertThat(fleet(null).get("updated").asLong()).isEqualTo(42);
        assertThat(m.get("model").asText()).isEqualTo("m");
        assertThat(m.get("tenant").asText()).isEqualTo("acme");
        assertThat(m.get("status").asText()).isEqualTo("OK");
        assertThat(m.get("recentRmse").asDouble()).isEqualTo(5.0);
        assertThat(m.get("evaluations").asLong()).isEqualTo(5);
        assertThat(m.get("lastTrigger").isNull()).isTrue();
        // ui.evaluations.max = 3 here: the model view keeps the newest three
        assertThat(model(Long.MIN_VALUE, Long.MAX_VALUE, 10).get("evaluations")).hasSize(3);
        assertThat(fleet("other").get("models")).isEmpty();
    }

    @Test
    void statusFollowsTriggersReportsAndRollbacksInArrivalOrder() throws Exception {
        state.applyAll(List.of(ConsoleRecords.trigger("t1", "m", "7d", null, T0, Recommendation.RETRAIN),
            ConsoleRecords.evaluation("m", "7d", T0, 2.0, 1.0, List.of("t1"))), 1);
        assertThat(fleet(null).get("models").get(0).get("status").asText()).isEqualTo("RETRAINING");
        assertThat(fleet(null).get("models").get(0).get("lastTrigger").get("id").asText()).isEqualTo("t1");

        state.applyAll(List.of(ConsoleRecords.report("m", "7d", "PROMOTED", 2, T0 + 1000)), 2);
        assertThat(fleet(null).get("models").get(0).get("status").asText()).isEqualTo("DEGRADED");

        state.applyAll(List.of(ConsoleRecords.report("m", "7d", "ROLLED_BACK", 1, T0 + 2000)), 3);
        assertThat(fleet(null).get("models").get(0).get("status").asText()).isEqualTo("ROLLED_BACK");

        state.applyAll(List.of(ConsoleRecords.trigger("t2", "m", "7d", "s1", T0 + DAY, Recommendation.CONTINUE),
            ConsoleRecords.evaluation("m", "7d", T0 + DAY, 1.0, 1.0, List.of("t2"))), 4);
        JsonNode m = fleet(null).get("models").get(0);
        assertThat(m.get("status").asText()).isEqualTo("DRIFTING");

        JsonNode view = model(Long.MIN_VALUE, Long.MAX_VALUE, 10);
        assertThat(view.get("versions")).extracting(v -> v.get("event").asText())
            .containsExactly("PROMOTED", "ROLLED_BACK");
        JsonNode validation = view.get("versions").get(0).get("validation").get(0);
        assertThat(validation.get("criterion").asText()).isEqualTo("rmse");
        assertThat(validation.get("candidate").asDouble()).isEqualTo(0.9);
        assertThat(validation.get("current").isNull()).isTrue();
        assertThat(view.get("triggers").get(0).get("figures").get("hac_lag").asDouble()).isEqualTo(3.0);
        assertThat(view.get("triggers").get(0).get("recommendedAction").asText()).isEqualTo("RETRAIN");
    }

    @Test
    void seriesAreRankedByTheirShareOfTheSquaredErrorInTheRange() throws Exception {
        List<Object> batch = new ArrayList<>();
        for (int d = 0; d < 4; d++) {
            long t = T0 + d * DAY;
            batch.add(ConsoleRecords.prediction("m", "7d", "a", t, 10)); // error 1 each day
            batch.add(ConsoleRecords.actual("a", t, 11));
            batch.add(ConsoleRecords.actual("b", t, 13)); // the actual before the prediction: matched later
            batch.add(ConsoleRecords.prediction("m", "7d", "b", t, 10)); // error 3 each day
        }
        state.applyAll(batch, 1);

        JsonNode series = model(Long.MIN_VALUE, Long.MAX_VALUE, 10).get("series");
        assertThat(series).extracting(s -> s.get("series").asText()).containsExactly("b", "a");
        assertThat(series.get(0).get("contribution").asDouble()).isCloseTo(0.9, within(1e-12));
        assertThat(series.get(0).get("rmse").asDouble()).isCloseTo(3.0, within(1e-12));
        assertThat(series.get(0).get("n").asLong()).isEqualTo(4);
        assertThat(model(Long.MIN_VALUE, Long.MAX_VALUE, 1).get("series")).hasSize(1);
        // the range keeps the first two days only
        assertThat(model(T0, T0 + DAY, 10).get("series").get(1).get("n").asLong()).isEqualTo(2);

        JsonNode points = JSON.readTree(views.series("m", "7d", "b", T0 + DAY, Long.MAX_VALUE)).get("points");
        assertThat(points).hasSize(3);
        assertThat(points.get(0).get("time").asLong()).isEqualTo(T0 + DAY);
        assertThat(points.get(0).get("actual").asDouble()).isEqualTo(13.0);
        assertThat(points.get(0).get("lower").asDouble()).isEqualTo(9.0);
        assertThat(views.series("m", "7d", "nope", Long.MIN_VALUE, Long.MAX_VALUE)).isNull();
        assertThat(views.model("nope", "7d", Long.MIN_VALUE, Long.MAX_VALUE, 10)).isNull();
    }

    @Test
    void aSeriesRingKeepsTheNewestPointsAndAReissuedPredictionReplacesItsPoint() throws Exception {
        List<Object> batch = new ArrayList<>();
        for (int d = 0; d < 8; d++) {
            batch.add(ConsoleRecords.prediction("m", "7d", "a", T0 + d * DAY, d));
        }
        batch.add(ConsoleRecords.prediction("m", "7d", "a", T0 + 7 * DAY, 70));
        batch.add(ConsoleRecords.trigger("t9", "m", "7d", "a", T0 + 7 * DAY, Recommendation.RETRAIN));
        state.applyAll(batch, 1);

        JsonNode series = JSON.readTree(views.series("m", "7d", "a", Long.MIN_VALUE, Long.MAX_VALUE));
        assertThat(series.get("points")).extracting(p -> p.get("time").asLong())
            .containsExactly(T0 + 3 * DAY, T0 + 4 * DAY, T0 + 5 * DAY, T0 + 6 * DAY, T0 + 7 * DAY);
        assertThat(series.get("points").get(4).get("predicted").asDouble()).isEqualTo(70.0);
        assertThat(series.get("points").get(4).get("actual").isNull()).isTrue();
        assertThat(series.get("drift").get(0).get("test").asText()).isEqualTo("anderson-darling");
        assertThat(series.get("drift").get(0).get("qValue").asDouble()).isEqualTo(1e-4);
        assertThat(model(Long.MIN_VALUE, Long.MAX_VALUE, 10).get("series").get(0).get("flagged").asBoolean())
            .isTrue();
    }

    @Test
    void seriesBeyondTheLimitAreCountedNotKept() {
        ConsoleState small = new ConsoleState(5, 2, 3, 100);
        small.applyAll(List.of(ConsoleRecords.prediction("m", "7d", "a", T0, 1),
            ConsoleRecords.prediction("m", "7d", "b", T0, 1), ConsoleRecords.prediction("m", "7d", "c", T0, 1)), 1);

        assertThat(small.seriesDropped()).isEqualTo(1);
        assertThat(new ConsoleViews(small).series("m", "7d", "c", Long.MIN_VALUE, Long.MAX_VALUE)).isNull();
    }
}
