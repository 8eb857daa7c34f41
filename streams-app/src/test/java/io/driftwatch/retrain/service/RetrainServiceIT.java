package io.driftwatch.retrain.service;

import static io.driftwatch.retrain.service.RetrainFixtures.actuals;
import static io.driftwatch.retrain.service.RetrainFixtures.config;
import static io.driftwatch.retrain.service.RetrainFixtures.produce;
import static io.driftwatch.retrain.service.RetrainFixtures.trigger;
import static io.driftwatch.retrain.service.RetrainFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.OpsAlertType;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.app.RunningApp;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.ops.OpsServer;
import io.driftwatch.ops.Probes;
import io.driftwatch.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

@ExtendWith(LocalKafkaExtension.class)
class RetrainServiceIT {

    private static Map<String, Object> settings(LocalKafkaBroker broker, String prefix, boolean dryRun) {
        Map<String, Object> s = new HashMap<>();
        s.put("bootstrap.servers", broker.bootstrapServers());
        s.put("topics.prefix", prefix);
        s.put("topics.partitions", "2");
        s.put("application.id.prefix", prefix + "app");
        s.put(RetrainConfig.INSTANCE_ID, "it");
        s.put(RetrainConfig.STRATEGY, "grid");
        s.put(RetrainConfig.PARALLELISM, "2");
        s.put(RetrainConfig.DRY_RUN, String.valueOf(dryRun));
        return s;
    }

    private static Topics setUp(KafkaTestKit kit, Map<String, Object> settings) {
        Topics topics = Topics.from(new RetrainConfig(settings));
        kit.createTopics(topics.all());
        produce(kit, topics.actuals, actuals("s1", 150, 1));
        return topics;
    }

    /**
     * Publishes configs as promoted: current on model-configs (key model:horizon), history on model-config-versions.
     */
    private static void promote(KafkaTestKit kit, Topics topics, ModelConfig... configs) {
        List<Map.Entry<String, ModelConfig>> current = new ArrayList<>();
        List<Map.Entry<String, ModelConfig>> versions = new ArrayList<>();
        for (ModelConfig c : configs) {
            String key = c.getModelId() + ":" + c.getHorizon();
            current.add(Map.entry(key, c));
            versions.add(Map.entry(key + ":" + c.getVersion(), c));
        }
        produce(kit, topics.modelConfigs, current);
        produce(kit, topics.modelConfigVersions, versions);
    }

    @Test
    @Timeout(180)
    void promotesRejectsSkipsDuplicatesDecaysAndRollsBack(LocalKafkaBroker broker) throws Exception {
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> settings = settings(broker, KafkaTestKit.uniquePrefix("retrain"), false);
        Topics topics = setUp(kit, settings);
        String bs = broker.bootstrapServers();
        ModelConfig v1 = config("m", 1, "seasonal_naive", Map.of("season_length", "7"));
        ModelConfig bandit = config(
                "b",
                1,
                "thompson_bandit",
                Map.of("alpha", "10", "beta", "5", "arm.x.alpha", "1.5", "arm.x.beta", "0.5"));
        promote(kit, topics, v1, bandit);

        try (RunningApp app = Apps.get("retrain").create(settings).start().awaitRunning(Duration.ofSeconds(60))) {
            produce(kit, topics.driftTriggers, List.of(
                Map.entry("m:7d", trigger("t1", "m", Recommendation.RETRAIN, 1, false)),
                Map.entry("m:7d", trigger("t2", "m", Recommendation.RETRAIN, 2, false)),
                Map.entry("m:7d", trigger("t1", "m", Recommendation.RETRAIN, 1, false)),
                Map.entry("m:7d", trigger("t-suppressed", "m", Recommendation.RETRAIN, 2, true)),
                Map.entry("m:7d", trigger("t3", "m", Recommendation.ROLLBACK, 2, false)),
                Map.entry("b:7d", trigger("d1", "b", Recommendation.DECAY, 1, false))));
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                .until(() -> values(bs, topics.retrainReports).size() >= 4);
            assertThat(app.failure()).isNull();
        }
        List<RetrainReport> reports = values(bs, topics.retrainReports);
        assertThat(reports).extracting(r -> r.getTriggerIds().get(0) + "=" + r.getOutcome())
            .containsExactlyInAnyOrder("t1=PROMOTED", "t2=REJECTED", "t3=ROLLED_BACK", "d1=DECAYED");
        RetrainReport promoted = reports.stream()
                .filter(r -> r.getOutcome().equals("PROMOTED"))
                .findFirst()
                .orElseThrow();
        assertThat(promoted.getCriteria())
                .extracting(c -> c.getName())
                .contains("rmse_improvement", "ci95_coverage", "abs_bias");
        // baselines (seasonal naive, naive, drift) + the AICc shortlist of ETS models (1 to 3), each reported
        assertThat(promoted.getIterations()).isBetween(4, 6);
        assertThat(promoted.getCandidates()).hasSize(promoted.getIterations());
        assertThat(promoted.getCandidates()).filteredOn(c -> c.getAlgorithm().equals("ets"))
            .isNotEmpty().allSatisfy(c -> assertThat(c.getAicc()).isNotNull());
        assertThat(promoted.getSelectionReason()).contains("lowest AICc");
        assertThat(promoted.getCurrentCandidate().getAlgorithm()).isEqualTo("seasonal_naive");
        assertThat(promoted.getDeployedVersion()).isEqualTo(2);
        RetrainReport rejected = reports.stream()
                .filter(r -> r.getOutcome().equals("REJECTED"))
                .findFirst()
                .orElseThrow();
        assertThat(rejected.getApproved()).isFalse();
        assertThat(rejected.getCriteria()).anySatisfy(c -> {
            assertThat(c.getName()).isEqualTo("rmse_improvement");
            assertThat(c.getValue()).isEqualTo(0.0);
            assertThat(c.getPassed()).isFalse();
        });

        List<ModelConfig> versions = values(bs, topics.modelConfigVersions).stream()
                .filter(c -> c.getModelId().equals("m"))
                .toList();
        assertThat(versions).extracting(ModelConfig::getVersion).containsExactly(1, 2, 3);
        ModelConfig v3 = versions.get(2);
        assertThat(v3.getAlgorithm()).isEqualTo("seasonal_naive");
        assertThat(v3.getParams()).isEqualTo(v1.getParams());
        assertThat(v3.getRolledBackFrom()).isEqualTo(2);
        assertThat(v3.getPreviousVersion()).isEqualTo(2);
        assertThat(versions.get(1).getReason()).containsExactly("t1");

        ModelConfig decayed = values(bs, topics.modelConfigs).stream().filter(c -> c.getModelId().equals("b"))
            .reduce((a, b) -> b).orElseThrow();
        assertThat(decayed.getVersion()).isEqualTo(2);
        assertThat(decayed.getParams()).containsEntry("alpha", "9").containsEntry("beta", "4.5")
            .containsEntry("arm.x.alpha", "1").containsEntry("arm.x.beta", "1");

        List<OpsAlert> alerts = values(bs, topics.opsAlerts);
        assertThat(alerts).extracting(OpsAlert::getType).contains(OpsAlertType.ROLLBACK_EXECUTED);
    }

    /**
     * /ready of {@code run retrain --metrics-port} (the same OpsServer and Probes, in process): 503 before
     * the service starts and while it works through the triggers waiting for it; 200 only once both
     * waiting triggers are handled (their reports committed); 503 again once stopped.
     */
    @Test
    @Timeout(180)
    void readyOnlyOnceTheWaitingTriggersAreHandled(LocalKafkaBroker broker) throws Exception {
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> settings = settings(broker, KafkaTestKit.uniquePrefix("retrain-ready"), false);
        Topics topics = setUp(kit, settings);
        String bs = broker.bootstrapServers();
        promote(kit, topics, config("m", 1, "seasonal_naive", Map.of("season_length", "7")));
        produce(kit, topics.driftTriggers, List.of(
            Map.entry("m:7d", trigger("r1", "m", Recommendation.RETRAIN, 1, false)),
            Map.entry("m:7d", trigger("r2", "m", Recommendation.RETRAIN, 2, false))));

        RunningApp app = Apps.get("retrain").create(settings);
        Probes probes = new Probes(List.of(app));
        HttpClient http = HttpClient.newHttpClient();
        try (OpsServer ops = OpsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            probes::liveness, probes::readiness)) {
            HttpRequest ready = HttpRequest.newBuilder(URI.create(ops.url() + "/ready")).build();
            HttpResponse<String> before = http.send(ready, HttpResponse.BodyHandlers.ofString());
            assertThat(before.statusCode()).isEqualTo(503);
            assertThat(before.body()).isEqualTo("retrain starting\n");

            app.start().awaitRunning(Duration.ofSeconds(60));
            List<String> notReady = new ArrayList<>();
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(100)).until(() -> {
                HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 503) {
                    notReady.add(r.body().strip());
                }
                return r.statusCode() == 200;
            });
            assertThat(values(bs, topics.retrainReports)).as("ready means the waiting triggers are handled")
                .extracting(r -> r.getTriggerIds().get(0)).containsExactlyInAnyOrder("r1", "r2");
            assertThat(notReady)
                    .as("503 while catching up")
                    .anySatisfy(body -> assertThat(body).startsWith("retrain catching up on "));
            assertThat(http.send(ready, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("READY\n");
            assertThat(app.failure()).isNull();

            app.close();
            HttpResponse<String> after = http.send(ready, HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(503);
            assertThat(after.body()).isEqualTo("retrain stopped\n");
        } finally {
            app.close();
        }
    }

    @Test
    @Timeout(120)
    void dryRunReportsButPublishesNoConfig(LocalKafkaBroker broker) throws Exception {
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> settings = settings(broker, KafkaTestKit.uniquePrefix("retrain-dry"), true);
        Topics topics = setUp(kit, settings);
        String bs = broker.bootstrapServers();
        try (RunningApp app = Apps.get("retrain").create(settings).start().awaitRunning(Duration.ofSeconds(60))) {
            produce(
                    kit,
                    topics.driftTriggers,
                    List.of(Map.entry("m:7d", trigger("dry1", "m", Recommendation.RETRAIN, null, false))));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> values(bs, topics.retrainReports).size() >= 1);
        }
        RetrainReport r = values(bs, topics.retrainReports).get(0);
        assertThat(r.getOutcome()).isEqualTo("DRY_RUN");
        assertThat(r.getDryRun()).isTrue();
        assertThat(r.getApproved()).isTrue();
        assertThat(r.getDeployedVersion()).isNull();
        assertThat(values(bs, topics.modelConfigs)).isEmpty();
        assertThat(values(bs, topics.modelConfigVersions)).isEmpty();
    }
}
