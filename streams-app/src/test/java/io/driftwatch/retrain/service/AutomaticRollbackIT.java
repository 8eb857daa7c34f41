package io.driftwatch.retrain.service;

import static io.driftwatch.retrain.service.RetrainFixtures.actuals;
import static io.driftwatch.retrain.service.RetrainFixtures.produce;
import static io.driftwatch.retrain.service.RetrainFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.app.RunningApp;
import io.driftwatch.avro.Actual;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.OpsAlertType;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.monitor.MonitorConfig;
import io.driftwatch.topics.Topics;

/**
 * Issue 4 item 7, automatic path on the real broker: the monitor's post-deploy watch sees v2 regress against v1
 * and emits POST_DEPLOY_REGRESSION / ROLLBACK for v2; the retrain service republishes v1's params as v3.
 */
@Tag("integration")
@ExtendWith(LocalKafkaExtension.class)
class AutomaticRollbackIT {

    private static final List<String> SERIES = List.of("s1", "s2", "s3");
    private static final int DAYS = 72;          // actuals on days 0..DAYS-1
    private static final int V2_FROM = 40;       // predictions issued from this day on carry config_version 2

    @Test
    @Timeout(240)
    void aRegressionAfterPromotionIsRolledBackAutomatically(LocalKafkaBroker broker) throws Exception {
        KafkaTestKit kit = new KafkaTestKit(broker);
        String prefix = KafkaTestKit.uniquePrefix("autorollback");
        Path stateDir = TempDirs.create("autorollback-it");

        Map<String, Object> common = new HashMap<>();
        common.put("bootstrap.servers", broker.bootstrapServers());
        common.put("topics.prefix", prefix);
        common.put("topics.partitions", "1");

        Map<String, Object> monitorSettings = new HashMap<>(common);
        monitorSettings.put("application.id.prefix", prefix + "mon");
        monitorSettings.put(MonitorConfig.STATE_DIR, stateDir.resolve("monitor").toString());
        monitorSettings.put(MonitorConfig.MAX_CONFIG_AGE, "36500d");
        monitorSettings.put(MonitorConfig.KS_ALPHA, "0");
        monitorSettings.put(MonitorConfig.FDR_Q, "0"); // no drift flag
        monitorSettings.put(MonitorConfig.COVERAGE_ALPHA, "0");
        // keep the other error triggers out: only the post-deploy watch may fire
        monitorSettings.put("monitor.degradation.threshold", "1000");
        monitorSettings.put("monitor.mape.ceiling", "0");
        monitorSettings.put("monitor.anomaly.z-threshold", "1000000");
        monitorSettings.put(MonitorConfig.BUCKET_GRACE, "1h");

        Map<String, Object> retrainSettings = new HashMap<>(common);
        retrainSettings.put("application.id.prefix", prefix + "ret");
        retrainSettings.put(RetrainConfig.INSTANCE_ID, "it");
        retrainSettings.put(RetrainConfig.STRATEGY, "grid");
        retrainSettings.put(RetrainConfig.PARALLELISM, "2");
        retrainSettings.put(RetrainConfig.DRY_RUN, "false");

        Topics topics = Topics.from(new MonitorConfig(monitorSettings));
        kit.createTopics(topics.all());
        String bs = broker.bootstrapServers();

        Instant day0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(DAYS));
        ModelConfig v1 = ModelConfig.newBuilder().setModelId("m").setHorizon("7d").setVersion(1).setAlgorithm("ses")
            .setParams(new HashMap<>(Map.of("alpha", "0.3"))).setCreatedAt(day0).setReason(List.of("seed")).build();
        ModelConfig v2 = ModelConfig.newBuilder()
                .setModelId("m")
                .setHorizon("7d")
                .setVersion(2)
                .setAlgorithm("holt")
                .setParams(new HashMap<>(Map.of("alpha", "0.9", "beta", "0.5")))
                .setCreatedAt(day0.plus(Duration.ofDays(V2_FROM)))
                .setReason(List.of("t-promote"))
                .setPreviousVersion(1)
                .build();
        produce(kit, topics.modelConfigs, List.of(
            Map.entry(topics.modelConfigs.keyFor(v1), v1), Map.entry(topics.modelConfigs.keyFor(v2), v2)));
        produce(
                kit,
                topics.modelConfigVersions,
                List.of(
                        Map.entry(topics.modelConfigVersions.keyFor(v1), v1),
                        Map.entry(topics.modelConfigVersions.keyFor(v2), v2)));

        List<Map.Entry<String, Actual>> actuals = new ArrayList<>();
        List<Map.Entry<String, Prediction>> predictions = new ArrayList<>();
        // day-major order: all series share the partition, so each input stays in event-time order
        for (int d = 0; d < DAYS; d++) {
            for (String s : SERIES) {
                double y = 100 + 10 * Math.sin(2 * Math.PI * (d % 7) / 7);
                actuals.add(Map.entry(s, Actual.newBuilder().setSeriesId(s).setEventTime(day0.plus(Duration.ofDays(d)))
                    .setValue(y).setEventCount(1).build()));
            }
        }
        for (int d = 0; d + 7 < DAYS; d++) {
            for (String s : SERIES) {
                int target = d + 7;
                double y = 100 + 10 * Math.sin(2 * Math.PI * (target % 7) / 7);
                int version = d < V2_FROM ? 1 : 2;
                double err = (version == 1 ? 1.0 : 3.0) * (Math.floorMod(d + s.hashCode(), 2) == 0 ? 1 : -1);
                double yhat = y + err;
                predictions.add(Map.entry(
                        s,
                        Prediction.newBuilder()
                                .setPredictionId(s + "-" + d)
                                .setModelId("m")
                                .setConfigVersion(version)
                                .setSeriesId(s)
                                .setHorizon("7d")
                                .setIssuedAt(day0.plus(Duration.ofDays(d)))
                                .setTargetTime(day0.plus(Duration.ofDays(target)))
                                .setYhat(yhat)
                                .setYhatLower(yhat - 5)
                                .setYhatUpper(yhat + 5)
                                .build()));
            }
        }
        produce(kit, topics.predictions, predictions);
        produce(kit, topics.actuals, actuals);

        long started = System.nanoTime();
        try (RunningApp retrain =
                        Apps.get("retrain").create(retrainSettings).start().awaitRunning(Duration.ofSeconds(60));
                RunningApp monitor =
                        Apps.get("monitor").create(monitorSettings).start().awaitRunning(Duration.ofSeconds(60))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> values(bs, topics.driftTriggers).stream()
                    .anyMatch(t -> t.getType() == TriggerType.POST_DEPLOY_REGRESSION));
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> values(bs, topics.modelConfigs).stream().anyMatch(c -> c.getVersion() == 3)
                            && values(bs, topics.opsAlerts).stream()
                                    .anyMatch(a -> a.getType() == OpsAlertType.ROLLBACK_EXECUTED));
            assertThat(monitor.failure()).isNull();
            assertThat(retrain.failure()).isNull();
        } finally {
            System.out.println("AutomaticRollbackIT: apps ran "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
            kit.deleteRecursively(stateDir);
        }

        List<DriftTrigger> triggers = values(bs, topics.driftTriggers);
        List<DriftTrigger> regressions = triggers.stream()
                .filter(t -> t.getType() == TriggerType.POST_DEPLOY_REGRESSION)
                .toList();
        assertThat(regressions).hasSize(1);
        DriftTrigger r = regressions.get(0);
        assertThat(r.getRecommendation()).isEqualTo(Recommendation.ROLLBACK);
        assertThat(r.getConfigVersion()).isEqualTo(2);
        assertThat(r.getSuppressed()).isFalse();
        assertThat(r.getModelId()).isEqualTo("m");
        assertThat(r.getHorizon()).isEqualTo("7d");
        assertThat(r.getRecentRmse()).isGreaterThanOrEqualTo(r.getBaselineRmse() * 1.2);
        assertThat(triggers)
                .as("no other trigger asked for a retrain")
                .noneMatch(t -> t.getRecommendation() == Recommendation.RETRAIN && !t.getSuppressed());

        List<ModelConfig> configs = values(bs, topics.modelConfigs).stream()
                .filter(c -> c.getModelId().equals("m"))
                .toList();
        ModelConfig v3 = configs.stream().filter(c -> c.getVersion() == 3).findFirst().orElseThrow();
        assertThat(v3.getRolledBackFrom()).isEqualTo(2);
        assertThat(v3.getAlgorithm()).isEqualTo(v1.getAlgorithm());
        assertThat(v3.getParams()).isEqualTo(v1.getParams());
        assertThat(v3.getReason()).containsExactly(r.getTriggerId());
        assertThat(values(bs, topics.modelConfigVersions).stream().filter(c -> c.getModelId().equals("m")))
            .extracting(ModelConfig::getVersion).containsExactly(1, 2, 3);

        List<RetrainReport> reports = values(bs, topics.retrainReports);
        assertThat(reports).extracting(RetrainReport::getOutcome).containsExactly("ROLLED_BACK");
        assertThat(reports.get(0).getDeployedVersion()).isEqualTo(3);
        assertThat(reports.get(0).getTriggerIds()).containsExactly(r.getTriggerId());

        List<OpsAlert> alerts = values(bs, topics.opsAlerts);
        assertThat(alerts).filteredOn(a -> a.getType() == OpsAlertType.ROLLBACK_EXECUTED).hasSize(1);
    }
}
