package io.driftwatch.connect.slack;

import static io.driftwatch.connect.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.avro.Severity;
import io.driftwatch.connect.Alert;
import io.driftwatch.connect.Notification;
import io.driftwatch.connect.TestAlerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackMessageFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SlackMessageFormatter formatter = new SlackMessageFormatter();

    private static JsonNode render(SlackMessageFormatter f, Notification n) throws Exception {
        return JSON.readTree(f.format(n));
    }

    private static List<String> texts(JsonNode message) {
        List<String> out = new ArrayList<>();
        message.findValues("text").forEach(t -> out.add(t.isTextual() ? t.asText() : t.path("text").asText()));
        return out;
    }

    @Test
    void driftTriggerShowsSeverityModelNumbersAndTheRetrainPlan() throws Exception {
        JsonNode msg =
                render(formatter, Notification.single(alert(TestAlerts.trigger("trg-42", "CRITICAL"), 1), List.of()));

        JsonNode blocks = msg.get("blocks");
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).at("/text/text").asText())
                .isEqualTo("\uD83D\uDD34 CRITICAL \u00b7 Performance degradation on usdclp-ets:7d");
        JsonNode fields = blocks.get(1).get("fields");
        assertThat(fields.get(0).get("text").asText()).isEqualTo("*Model*\n`usdclp-ets:7d (config v3)`");
        assertThat(fields.get(1).get("text").asText()).isEqualTo("*Series*\nUSDCLP");
        assertThat(texts(msg)).contains("*Recent RMSE*\n12.35", "*Baseline RMSE*\n9.87", "*Degradation*\n25.08%",
                "*Samples (recent/reference)*\n14 / 60", "Recent RMSE is 25% above the baseline.");
        assertThat(texts(msg)).anySatisfy(t -> assertThat(t).startsWith("*Next:* Retrain: search hyperparameters"));
        assertThat(blocks.get(blocks.size() - 1).at("/elements/0/text").asText())
                .isEqualTo("driftwatch \u00b7 Drift trigger \u00b7 ref `trg-42`");
        assertThat(msg.get("text").asText()).contains("CRITICAL");
    }

    @Test
    void suppressedTriggerSaysNothingWillStart() throws Exception {
        Map<String, Object> t = TestAlerts.trigger("trg-1", "MEDIUM");
        t.put("suppressed", true);
        t.put("recommendation", "ROLLBACK");
        JsonNode msg = render(formatter, Notification.single(alert(t, 1), List.of()));
        assertThat(msg.at("/blocks/0/text/text").asText()).endsWith("(suppressed by cooldown)");
        assertThat(texts(msg)).contains("*Next:* Nothing: a cooldown is active for this model, so no rollback starts"
                + " from this trigger.");
    }

    @Test
    void anomalyShowsSeriesActualForecastAndZScore() throws Exception {
        JsonNode msg = render(formatter, Notification.single(alert(TestAlerts.anomaly("an-7", "HIGH"), 1), List.of()));
        assertThat(msg.at("/blocks/0/text/text").asText())
                .isEqualTo("\uD83D\uDFE0 HIGH \u00b7 Anomaly on tenant-a/store-7 (sales-hw:1d)");
        assertThat(texts(msg)).contains("*Series*\ntenant-a/store-7", "*Actual*\n1520", "*Forecast*\n980.5",
                "*Robust z*\n6.21 (threshold 3.5)", "*Event time*\n2026-01-01 00:00 UTC");
        assertThat(texts(msg)).anySatisfy(t -> assertThat(t).startsWith("*Next:* No automatic action"));
    }

    @Test
    void opsAlertShowsMessageDetailsAndWhatHappensNext() throws Exception {
        JsonNode msg = render(formatter, Notification.single(alert(TestAlerts.opsAlert("ops-3", "LOW"), 1), List.of()));
        assertThat(msg.at("/blocks/0/text/text").asText())
                .isEqualTo("\uD83D\uDD35 LOW \u00b7 Rollback executed on usdclp-ets:30d");
        assertThat(texts(msg)).contains("*rolled_back_from*\n5", "*Created*\n2026-01-01 10:15 UTC",
                "Version 5 regressed after deploy; version 4 is live again as version 6.",
                "*Next:* The previous version is live again; the post-deploy watch keeps comparing it.");
    }

    @Test
    void foldedAlertsAppearAsAMoreLineAndMentionsGoToSevereAlerts() throws Exception {
        Alert shown = alert(TestAlerts.trigger("t-9", "CRITICAL"), 9);
        List<Alert> folded =
                List.of(alert(TestAlerts.trigger("t-7", "LOW"), 7), alert(TestAlerts.trigger("t-8", "LOW"), 8));
        JsonNode msg = render(new SlackMessageFormatter("<!here>", Severity.HIGH), Notification.single(shown, folded));
        assertThat(texts(msg)).contains(":heavy_plus_sign: + 2 more alerts for this model held back by the rate limit"
                + " (not shown separately)");
        assertThat(msg.get("text").asText()).startsWith("<!here> ");
    }

    @Test
    void escapesSlackControlCharacters() throws Exception {
        Map<String, Object> t = TestAlerts.trigger("t-1", "LOW");
        t.put("reason", "rmse <b> & co");
        JsonNode msg = render(formatter, Notification.single(alert(t, 1), List.of()));
        assertThat(texts(msg)).contains("rmse &lt;b&gt; &amp; co");
    }
}
