package io.driftwatch.forecast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Prediction;
import io.driftwatch.kafka.StreamsProperties;
import io.driftwatch.local.TempDirs;
import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.topics.StoreNames;
import io.driftwatch.topics.Topics;

class ForecasterTopologyTest {

    static final Instant DAY0 = Instant.parse("2024-03-01T00:00:00Z");
    static final long DAY = 86_400_000L;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Actual> actuals;
    private TestInputTopic<String, ModelConfig> configs;
    private TestOutputTopic<String, Prediction> predictions;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    /** Starts a driver with the given settings on top of the defaults. */
    void start(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(overrides);
        settings.put("state.dir", TempDirs.create("driftwatch-ttd-").toString());
        ForecasterConfig config = new ForecasterConfig(settings);
        Topics topics = Topics.from(config);
        Properties props = StreamsProperties.of(config, "forecaster");
        driver = new TopologyTestDriver(ForecasterTopology.build(config), props);
        actuals = driver.createInputTopic(
                topics.actuals.name(),
                new StringSerializer(),
                topics.actuals.valueSerde().serializer());
        configs = driver.createInputTopic(
                topics.modelConfigs.name(),
                new StringSerializer(),
                topics.modelConfigs.valueSerde().serializer());
        predictions = driver.createOutputTopic(topics.predictions.name(), new StringDeserializer(),
            topics.predictions.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                topics.deadLetters.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    static Actual actual(String series, int day, double value) {
        return Actual.newBuilder().setSeriesId(series).setTenantId("acme").setEventTime(DAY0.plusMillis(day * DAY))
            .setValue(value).setBucketMs(DAY).build();
    }

    static double value(int day) {
        return 100 + day + 10 * Math.sin(2 * Math.PI * day / 7);
    }

    /** Actuals for days [from, to) with {@link #value}. */
    void days(String series, int from, int to) {
        for (int d = from; d < to; d++) {
            actuals.pipeInput(series, actual(series, d, value(d)));
        }
    }

    static ModelConfig config(String key, int version, String algorithm, Map<String, String> params) {
        String[] parts = key.split(":");
        return ModelConfig.newBuilder()
                .setModelId(parts[0])
                .setHorizon(parts[1])
                .setVersion(version)
                .setAlgorithm(algorithm)
                .setParams(params)
                .setCreatedAt(DAY0)
                .build();
    }

    double metricTotal(String operation) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            if (e.getKey().group().equals("stream-" + ForecasterSensors.SCOPE + "-metrics")
                    && e.getKey().name().equals(operation + "-total")) {
                sum += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return sum;
    }

    @Test
    void waitsForMinHistoryThenEmitsOnePredictionPerHorizonWithIdsTimesAndDefaultVersion() {
        start(Map.of());
        days("S1", 0, 14);
        assertThat(predictions.isEmpty()).isTrue();
        days("S1", 14, 15);
        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(out).extracting(r -> r.value().getHorizon()).containsExactly("7d", "15d", "30d", "90d");
        Instant issued = DAY0.plusMillis(14 * DAY);
        for (TestRecord<String, Prediction> r : out) {
            Prediction p = r.value();
            int h = Integer.parseInt(p.getHorizon().replace("d", ""));
            assertThat(r.key()).isEqualTo("S1");
            assertThat(r.timestamp()).isEqualTo(issued.toEpochMilli());
            assertThat(p.getModelId()).isEqualTo("default");
            assertThat(p.getConfigVersion()).isZero();
            assertThat(p.getTenantId()).isEqualTo("acme");
            assertThat(p.getIssuedAt()).isEqualTo(issued);
            assertThat(p.getTargetTime()).isEqualTo(issued.plusMillis(h * DAY));
            assertThat(p.getPredictionId()).isEqualTo(Predictions.id("default", "S1", p.getHorizon(), issued, 0));
            assertThat(p.getYhatLower()).isLessThanOrEqualTo(p.getYhat());
            assertThat(p.getYhatUpper()).isGreaterThanOrEqualTo(p.getYhat());
            // seasonal naive, m = 7: step h repeats the last observed value of the same phase
            int sourceDay = 14 + h - 7 * ((h - 1) / 7 + 1);
            assertThat(p.getYhat()).as(p.getHorizon()).isEqualTo(value(sourceDay));
        }
        assertThat(metricTotal("predictions")).isEqualTo(4.0);
    }

    @Test
    void aNewConfigVersionAppliesToTheNextPrediction() {
        start(Map.of());
        days("S1", 0, 15);
        predictions.readRecordsToList();
        configs.pipeInput("default:7d", config("default:7d", 1, "naive", Map.of()));
        days("S1", 15, 16);
        Map<String, Prediction> byHorizon = byHorizon(predictions.readRecordsToList());
        assertThat(byHorizon.get("7d").getConfigVersion()).isEqualTo(1);
        assertThat(byHorizon.get("7d").getYhat()).isEqualTo(value(15));
        assertThat(byHorizon.get("15d").getConfigVersion()).isZero();

        configs.pipeInput("default:7d", config("default:7d", 2, "seasonal_naive", Map.of("season_length", "7")));
        days("S1", 16, 17);
        Prediction p = byHorizon(predictions.readRecordsToList()).get("7d");
        assertThat(p.getConfigVersion()).isEqualTo(2);
        assertThat(p.getYhat()).isEqualTo(value(16));
        assertThat(p.getPredictionId()).isEqualTo(Predictions.id("default", "S1", "7d", DAY0.plusMillis(16 * DAY), 2));
    }

    @Test
    void predictionsAndTheConfigVersionInUseAreRecordedInTheGlobalMeterRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            start(Map.of(ForecasterConfig.MODELS, "mx=M-.*"));
            days("M-1", 0, 15);
            configs.pipeInput("mx:7d", config("mx:7d", 3, "naive", Map.of()));
            days("M-1", 15, 16);
            days("M-2", 0, 15);
            assertThat(predictions.readRecordsToList()).hasSize(12);
            for (String h : List.of("7d", "15d", "30d", "90d")) {
                assertThat(registry.get(MetricNames.PREDICTIONS_EMITTED)
                                .tag(MetricNames.TAG_APP, "forecaster")
                                .tag(MetricNames.TAG_MODEL, "mx")
                                .tag(MetricNames.TAG_HORIZON, h)
                                .counter()
                                .count())
                        .as(h)
                        .isEqualTo(3.0);
            }
            assertThat(configVersion(registry, "mx", "7d")).isEqualTo(3.0);
            assertThat(configVersion(registry, "mx", "15d")).isZero();
            assertThat(metricTotal("predictions")).isEqualTo(12.0);
        } finally {
            Metrics.removeRegistry(registry);
            registry.close();
        }
    }

    static double configVersion(SimpleMeterRegistry registry, String model, String horizon) {
        return registry.get(MetricNames.CONFIG_VERSION)
                .tag(MetricNames.TAG_APP, "forecaster")
                .tag(MetricNames.TAG_MODEL, model)
                .tag(MetricNames.TAG_HORIZON, horizon)
                .gauge()
                .value();
    }

    @Test
    void anInvalidPromotedConfigFallsBackToTheDefaultIsCountedAndTheAppKeepsGoing() {
        start(Map.of());
        configs.pipeInput("default:30d", config("default:30d", 5, "ses", Map.of("alpha", "2.5")));
        configs.pipeInput("default:90d", config("default:90d", 6, "no_such_algorithm", Map.of()));
        days("S1", 0, 16);
        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(out).hasSize(8);
        assertThat(out).allMatch(r -> r.value().getConfigVersion() == 0);
        assertThat(metricTotal("config-fallbacks")).isEqualTo(4.0); // two keys x two actuals
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void lateActualsAndCorrectionsUpdateHistoryWithoutReEmitting() {
        start(Map.of());
        days("S1", 1, 16);
        predictions.readRecordsToList();
        actuals.pipeInput("S1", actual("S1", 0, 1.0));      // older than everything: in place
        actuals.pipeInput("S1", actual("S1", 15, value(15))); // redelivery of the newest
        actuals.pipeInput("S1", actual("S1", 10, 555.0));   // a correction
        assertThat(predictions.isEmpty()).isTrue();
        assertThat(metricTotal("late-actuals")).isEqualTo(3.0);

        days("S1", 16, 17);
        // seasonal naive, m = 7, issued day 16: step 15 repeats day 16 + 15 - 21 = day 10, now corrected
        assertThat(byHorizon(predictions.readRecordsToList()).get("15d").getYhat()).isEqualTo(555.0);
    }

    @Test
    void theHistoryStoreIsBoundedByMaxPoints() {
        start(Map.of(ForecasterConfig.HISTORY_MAX_POINTS, "20", ForecasterConfig.MIN_HISTORY, "10"));
        days("S1", 0, 50);
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(StoreNames.FORECASTER_HISTORY);
        SeriesHistory h = SeriesHistory.fromBytes(store.get("S1"), 1000);
        assertThat(h.size()).isEqualTo(20);
        assertThat(h.times()[0]).isEqualTo(DAY0.plusMillis(30 * DAY).toEpochMilli());
        assertThat(h.newestTime()).isEqualTo(DAY0.plusMillis(49 * DAY).toEpochMilli());
        assertThat(predictions.readRecordsToList()).hasSize(41 * 4);
    }

    @Test
    void aConfigThatCannotFitYetPredictsWithNaiveKeepingItsVersion() {
        start(Map.of(ForecasterConfig.MIN_HISTORY, "3", ForecasterConfig.HORIZONS, "7d"));
        configs.pipeInput("default:7d", config("default:7d", 3, "holt_winters_add", Map.of("season_length", "7")));
        days("S1", 0, 14);
        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(out).hasSize(12).allMatch(r -> r.value().getConfigVersion() == 3);
        assertThat(out.get(0).value().getYhat()).isEqualTo(value(2)); // naive: the last value
        assertThat(metricTotal("fit-fallbacks")).isEqualTo(11.0); // 13 points still < 2 seasons
        days("S1", 14, 15);
        assertThat(metricTotal("fit-fallbacks")).isEqualTo(11.0); // 14 points: holt-winters fits
        assertThat(predictions.readRecordsToList()).hasSize(1);
    }

    @Test
    void modelRoutesPickTheModelAndUnroutedSeriesAreNotForecast() {
        start(Map.of(ForecasterConfig.MODELS, "fx=USD.*,sales=.*:daily-sales", ForecasterConfig.HORIZONS, "7d"));
        days("USDCLP", 0, 15);
        days("acme:daily-sales", 0, 15);
        days("other", 0, 15);
        assertThat(predictions.readRecordsToList()).extracting(r -> r.value().getModelId() + "/" + r.key())
            .containsExactly("fx/USDCLP", "sales/acme:daily-sales");
        assertThat(metricTotal("unrouted-actuals")).isEqualTo(15.0);
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(StoreNames.FORECASTER_HISTORY);
        assertThat(store.get("other")).isNull();
        assertThat(store.get("USDCLP")).isNotNull();
    }

    @Test
    void aContractBreakingActualGoesToDeadLettersAndTheNextIsProcessed() {
        start(Map.of(ForecasterConfig.MIN_HISTORY, "1", ForecasterConfig.HORIZONS, "7d"));
        actuals.pipeInput("wrong-key", actual("S1", 0, 1.0));
        actuals.pipeInput("S1", actual("S1", 1, Double.NaN));
        actuals.pipeInput("S1", actual("S1", 2, 3.0));
        assertThat(deadLetters.readRecordsToList()).hasSize(2);
        assertThat(predictions.readRecordsToList()).hasSize(1);
    }

    @Test
    void horizonsThatAreNotWholeBucketsAreSkipped() {
        start(Map.of(ForecasterConfig.MIN_HISTORY, "1", ForecasterConfig.HORIZONS, "7d,15d,12h"));
        actuals.pipeInput("S1", actual("S1", 0, 1.0));
        assertThat(predictions.readRecordsToList())
                .extracting(r -> r.value().getHorizon())
                .containsExactly("7d", "15d");
        assertThat(metricTotal("skipped-horizons")).isEqualTo(1.0);
    }

    static Map<String, Prediction> byHorizon(List<TestRecord<String, Prediction>> records) {
        Map<String, Prediction> out = new HashMap<>();
        records.forEach(r -> {
            if (out.put(r.value().getHorizon(), r.value()) != null) {
                throw new AssertionError("two predictions for " + r.value().getHorizon());
            }
        });
        return out;
    }

    @Test
    void aReplayWritesTheSameRecords() {
        List<List<TestRecord<String, Prediction>>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            start(Map.of());
            configs.pipeInput("default:15d", config("default:15d", 4, "holt_damped", Map.of("num_samples", "100")));
            days("S1", 0, 30);
            runs.add(predictions.readRecordsToList());
            driver.close();
            driver = null;
        }
        assertThat(runs.get(0)).hasSize(16 * 4).isEqualTo(runs.get(1));
        assertThat(runs.get(0)).filteredOn(r -> r.value().getHorizon().equals("15d"))
            .allMatch(r -> r.value().getConfigVersion() == 4 && r.value().getYhatUpper() > r.value().getYhatLower());
    }
}
