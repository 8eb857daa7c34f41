package io.driftwatch.connect.webhook;

import static io.driftwatch.connect.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connect.Notification;
import io.driftwatch.connect.TestAlerts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fillsRecordFieldsAndDerivedValuesJsonEscaped() throws Exception {
        Map<String, Object> t = TestAlerts.trigger("t-1", "HIGH");
        t.put("reason", "quote \" backslash \\ newline\n tab\t <html> \u00e9");
        JsonTemplate template = new JsonTemplate("{\"m\": \"${model_id}:${horizon}\", \"r\": \"${reason}\", "
                + "\"k\": \"${idempotency_key}\", \"n\": ${n_recent}, \"missing\": \"${nope}\", \"d\": \"${details}\", "
                + "\"title\": \"${title}\", \"kind\": \"${kind}\", \"folded\": ${folded_count}}");

        JsonNode out = JSON.readTree(template.render(Notification.single(alert(t, 1), List.of(alert(t, 0)))));

        assertThat(out.get("m").asText()).isEqualTo("usdclp-ets:7d");
        assertThat(out.get("r").asText()).isEqualTo("quote \" backslash \\ newline\n tab\t <html> \u00e9");
        assertThat(out.get("k").asText()).isEqualTo("t-1");
        assertThat(out.get("n").asLong()).isEqualTo(14);
        assertThat(out.get("missing").asText()).isEmpty();
        assertThat(out.get("d").asText()).isEqualTo("{}");
        assertThat(out.get("title").asText())
                .isEqualTo("\uD83D\uDFE0 HIGH \u00b7 Performance degradation on usdclp-ets:7d");
        assertThat(out.get("kind").asText()).isEqualTo("TRIGGER");
        assertThat(out.get("folded").asInt()).isEqualTo(1);
    }

    @Test
    void textCarriesTheWholeLayoutAndTheRef() {
        String text = (String) JsonTemplate.values(Notification.single(
                alert(TestAlerts.anomaly("an-1", "MEDIUM"), 1), List.of())).get("text");
        assertThat(text)
                .startsWith("\uD83D\uDFE1 MEDIUM \u00b7 Anomaly on tenant-a/store-7 (sales-hw:1d)\n")
                .contains(
                        "Model: sales-hw:1d (config v7)\n",
                        "Robust z: 6.21 (threshold 3.5)\n",
                        "Next: No automatic action")
                .endsWith("ref: an-1");
    }

    @Test
    void rejectsTemplatesThatAreNotJson() {
        assertThatThrownBy(() -> new JsonTemplate("{\"text\": ${text}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not valid JSON once placeholders are filled: ");
        assertThat(JsonTemplate.problem("  ")).isEqualTo("template is empty");
    }
}
