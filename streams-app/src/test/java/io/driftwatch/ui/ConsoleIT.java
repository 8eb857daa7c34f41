package io.driftwatch.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftwatch.app.StreamsApp;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.MonitorEvaluation;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.monitor.MonitorConfig;
import io.driftwatch.monitor.RegimeScenario;
import io.driftwatch.topics.Topics;

/**
 * The console on the real broker: the monitor runs over a regime change, then a console started afterwards
 * rebuilds from the topics and its API shows exactly the evaluations and triggers on them. And a console bound
 * beyond loopback refuses requests without its key.
 */
@Tag("integration")
@ExtendWith(LocalKafkaExtension.class)
class ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "it-key-0123456789abcdef";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Map<String, Object> settings(LocalKafkaBroker broker, String prefix) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(MonitorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        p.put(MonitorConfig.TOPICS_PREFIX, prefix);
        p.put(MonitorConfig.TOPICS_PARTITIONS, 4);
        p.put(MonitorConfig.APPLICATION_ID_PREFIX, prefix + "app");
        p.put(MonitorConfig.STATE_DIR, TempDirs.create("console-it").toString());
        p.put(MonitorConfig.MAX_CONFIG_AGE, "3650d");
        p.put(UiConfig.PORT, "0");
        return p;
    }

    @Test
    @Timeout(240)
    void theConsoleShowsEveryEvaluationAndTriggerOnTheTopics(LocalKafkaBroker broker) throws Exception {
        Map<String, Object> settings = settings(broker, KafkaTestKit.uniquePrefix("console"));
        Topics topics = Topics.from(new MonitorConfig(settings));
        KafkaTestKit kit = new KafkaTestKit(broker);
        RegimeScenario scenario = new RegimeScenario(3, 110, 70, 6);
        scenario.produceTo(kit, topics);
        AtomicInteger evaluations = new AtomicInteger();
        try (StreamsApp monitor = Apps.createStreamsApp("monitor", settings)) {
            monitor.start();
            // the monitor is done when its evaluations stop coming (the last window the input closes)
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                .during(Duration.ofSeconds(6))
                .until(() -> {
                    int now = count(kit, topics.monitorEvaluations.name(), topics);
                    return now > 0 && now == evaluations.getAndSet(now);
                });
        }
        List<ConsumerRecord<String, MonitorEvaluation>> onTopic = kit.consume(topics.monitorEvaluations.name(),
            new StringDeserializer(), topics.monitorEvaluations.valueSerde().deserializer(), evaluations.get(),
            Duration.ofSeconds(30));
        List<ConsumerRecord<String, DriftTrigger>> triggers = kit.consume(topics.driftTriggers.name(),
            new StringDeserializer(), topics.driftTriggers.valueSerde().deserializer(), Integer.MAX_VALUE,
            Duration.ofSeconds(5));
        assertThat(onTopic).hasSize(evaluations.get());
        assertThat(onTopic).allSatisfy(r -> assertThat(r.key()).isEqualTo("naive:1d"));
        assertThat(triggers).as("the regime change raises triggers").isNotEmpty();
        long triggered = onTopic.stream().filter(r -> r.value().getTriggered()).count();
        assertThat(triggered).isPositive();

        try (ConsoleApp console = Apps.console(settings, Map.of()).start()) {
            assertThat(console.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            String base = "http://127.0.0.1:" + console.port();
            JsonNode fleet = getJson(base + "/api/fleet");
            assertThat(fleet.get("models")).hasSize(1);
            JsonNode m = fleet.get("models").get(0);
            assertThat(m.get("model").asText()).isEqualTo("naive");
            assertThat(m.get("horizon").asText()).isEqualTo("1d");
            assertThat(m.get("evaluations").asInt()).isEqualTo(evaluations.get());
            assertThat(m.get("configVersion").asInt()).isEqualTo(1);
            MonitorEvaluation last = onTopic.get(onTopic.size() - 1).value();
            assertThat(m.get("recentRmse").asDouble()).isEqualTo(last.getRecentRmse());
            assertThat(m.get("lastTrigger").get("id").asText()).isIn(triggers.stream()
                .map(r -> r.value().getTriggerId()).toList());

            JsonNode model = getJson(base + "/api/models/naive/1d");
            assertThat(model.get("evaluations")).hasSize(evaluations.get());
            assertThat(model.get("triggers")).hasSize(triggers.size());
            long triggeredShown = 0;
            for (JsonNode e : model.get("evaluations")) {
                triggeredShown += e.get("triggered").asBoolean() ? 1 : 0;
            }
            assertThat(triggeredShown).isEqualTo(triggered);
            assertThat(model.get("series")).extracting(s -> s.get("series").asText()).hasSize(3);
            double share = 0;
            for (JsonNode s : model.get("series")) {
                share += s.get("contribution").asDouble();
            }
            assertThat(share).isCloseTo(1.0, Offset.offset(1e-9));

            String series = model.get("series").get(0).get("series").asText();
            JsonNode points = getJson(base + "/api/series/naive/1d/" + series).get("points");
            // fewer than ui.series.points (400): every prediction of the series is held
            assertThat(points).hasSize((int) scenario.predictions().stream().filter(e -> e.getKey().equals(series))
                .count());
            assertThat(points.get(0).get("actual").isNumber()).isTrue();
        }
    }

    @Test
    @Timeout(60)
    void aConsoleBeyondLoopbackNeedsItsKey(LocalKafkaBroker broker) throws Exception {
        Map<String, Object> settings = settings(broker, KafkaTestKit.uniquePrefix("console-key"));
        settings.put(UiConfig.BIND_ADDRESS, "0.0.0.0");
        assertThatThrownBy(() -> Apps.console(settings, Map.of()))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("beyond loopback: it needs an API key");

        try (ConsoleApp console = Apps.console(settings, Map.of("DRIFTWATCH_UI_API_KEY", KEY)).start()) {
            String url = "http://127.0.0.1:" + console.port() + "/api/fleet";
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).doesNotContain(KEY);
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-API-Key", "not-the-key-at-all").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", KEY)
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ok.body()).has("models")).isTrue();
        }
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static int count(KafkaTestKit kit, String topic, Topics topics) {
        return kit.consume(topic, new StringDeserializer(), topics.monitorEvaluations.valueSerde().deserializer(),
            Integer.MAX_VALUE, Duration.ofSeconds(2)).size();
    }
}
