package io.driftwatch.connect.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connect.FakeTime;
import io.driftwatch.connect.LoopbackHttpServer;
import io.driftwatch.connect.TestAlerts;
import io.driftwatch.connect.TestContext;
import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The documented Discord, Teams and Telegram configs, posted to a real loopback server. */
class WebhookSinkTaskTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"webhook-discord", "webhook-teams", "webhook-telegram"})
    void documentedExampleConfigsPostValidJsonWithTheAlert(String example) throws Exception {
        JsonNode file = JSON.readTree(new File("config/" + example + ".json"));
        Map<String, String> props = new HashMap<>();
        file.get("config").properties().forEach(e -> props.put(e.getKey(), e.getValue().asText()));

        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            props.put("webhook.url", server.url("/bot123:secret/sendMessage"));
            props.put("webhook.headers", "Authorization: Bearer tok3n; X-Source: driftwatch");
            FakeTime time = new FakeTime();
            WebhookSinkTask task = new WebhookSinkTask(time, time, new Random(1));
            task.initialize(new TestContext(true));
            task.start(props);
            task.put(List.of(TestAlerts.record("ops-alerts", 0, 0, TestAlerts.opsAlert("ops-9", "HIGH"))));
            task.stop();

            assertThat(server.processed()).hasSize(1);
            LoopbackHttpServer.Received got = server.processed().get(0);
            assertThat(got.header("Idempotency-Key")).isEqualTo("ops-9");
            assertThat(got.header("Authorization")).isEqualTo("Bearer tok3n");
            assertThat(got.header("X-Source")).isEqualTo("driftwatch");
            JsonNode body = JSON.readTree(got.body());
            String all = body.toString();
            assertThat(all).contains("HIGH \u00b7 Rollback executed on usdclp-ets:30d", "ref: ops-9");
            switch (example) {
                case "webhook-discord" -> assertThat(body.get("content").asText()).startsWith("\uD83D\uDFE0 HIGH");
                case "webhook-telegram" -> assertThat(body.get("chat_id").asText()).isEqualTo("-1001234567890");
                default -> assertThat(body.at("/attachments/0/content/type").asText()).isEqualTo("AdaptiveCard");
            }
        }
    }
}
