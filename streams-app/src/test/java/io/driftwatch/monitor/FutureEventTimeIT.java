package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.app.RunningApp;
import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.launch.Apps;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;
import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.telemetry.Telemetry;
import io.driftwatch.topics.Topics;

/**
 * An event time a few hours ahead of the clock, within the inputs' tolerance of a day, on the real broker: the apps
 * stamp what they write to their internal topics (re-route marks, partials, changelogs) with event time, and since
 * Kafka 4.0 a broker rejects a CreateTime timestamp more than {@code log.message.timestamp.after.max.ms} (1 h by
 * default) ahead of its own clock, which stopped the app. Without {@code StreamsProperties}' topic setting neither app
 * below got past its first rebalance within a minute.
 */
@ExtendWith(LocalKafkaExtension.class)
class FutureEventTimeIT {

    private static final long DAY = 86_400_000L;

    @Test
    @Timeout(180)
    void aPairHoursAheadOfTheClockIsMatchedCommittedAndTheMonitorKeepsRunning(LocalKafkaBroker broker)
            throws Exception {
        Telemetry.prometheus();
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> settings = settings(broker);
        CommonConfig config = new CommonConfig(settings);
        Topics topics = Topics.from(config);
        kit.createTopics(topics.all());

        Instant target = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        Prediction p = Prediction.newBuilder().setPredictionId("p1").setModelId("fm").setConfigVersion(1)
            .setSeriesId("s1").setTenantId("acme").setHorizon("1d").setIssuedAt(target.minusMillis(DAY))
            .setTargetTime(target).setYhat(98).setYhatLower(95).setYhatUpper(101).build();
        Actual a = Actual.newBuilder().setSeriesId("s1").setTenantId("acme").setEventTime(target).setValue(100)
            .setBucketMs(DAY).build();
        kit.produce(topics.predictions.name(), new StringSerializer(), topics.predictions.valueSerde().serializer(),
            List.of(Map.entry("s1", p)));
        kit.produce(topics.actuals.name(), new StringSerializer(), topics.actuals.valueSerde().serializer(),
            List.of(Map.entry("s1", a)));
        double pairs = pairs();

        String group = config.applicationId(MonitorTopology.APP);
        List<TopicPartition> inputs = List.of(new TopicPartition(topics.predictions.name(), 0),
            new TopicPartition(topics.actuals.name(), 0));
        try (RunningApp app = Apps.get("monitor").create(settings).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            app.awaitRunning(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(app.failure()).isNull();
                assertThat(pairs() - pairs).as("p1 matched once").isEqualTo(1.0);
                assertCommittedToTheEnd(admin, group, inputs);
            });
            // the next commits (the monitor's clock marks and idle checks) go through as well
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(app.failure()).isNull());
        }
    }

    @Test
    @Timeout(180)
    void aSaleHoursAheadOfTheClockIsCommittedByIngestWhichKeepsRunning(LocalKafkaBroker broker) throws Exception {
        KafkaTestKit kit = new KafkaTestKit(broker);
        Map<String, Object> settings = settings(broker);
        CommonConfig config = new CommonConfig(settings);
        Topics topics = Topics.from(config);
        kit.createTopics(topics.all());
        SaleEvent sale = SaleEvent.newBuilder().setSaleId("f1").setTenantId("acme").setSeriesId("s1")
            .setEventTime(Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS)).setAmount(5)
            .build();
        kit.produce(topics.salesEvents.name(), new StringSerializer(), topics.salesEvents.valueSerde().serializer(),
            List.of(Map.entry("s1", sale)));
        try (RunningApp app = Apps.get("ingest").create(settings).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            app.awaitRunning(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(app.failure()).isNull();
                assertCommittedToTheEnd(admin, config.applicationId("ingest"),
                    List.of(new TopicPartition(topics.salesEvents.name(), 0)));
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(app.failure()).isNull());
        }
    }

    private static Map<String, Object> settings(LocalKafkaBroker broker) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        settings.put("topics.prefix", KafkaTestKit.uniquePrefix("future"));
        settings.put("topics.partitions", "1");
        settings.put("application.id.prefix", "future-" + System.nanoTime());
        settings.put("state.dir", TempDirs.create("future-it-").toString());
        return settings;
    }

    /** The group's committed offset of each partition is its end offset (each holds one record here). */
    private static void assertCommittedToTheEnd(Admin admin, String group, List<TopicPartition> partitions)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        for (TopicPartition tp : partitions) {
            assertThat(ends.get(tp).offset()).as("end offset of %s", tp).isEqualTo(1L);
            assertThat(committed.get(tp)).as("committed offset of %s", tp).isNotNull();
            assertThat(committed.get(tp).offset()).as("committed offset of %s", tp).isEqualTo(1L);
        }
    }

    private static double pairs() {
        Counter c = Telemetry.registry().find(MetricNames.PAIRS_MATCHED).tags(MetricNames.TAG_APP, "monitor",
            MetricNames.TAG_MODEL, "fm", MetricNames.TAG_HORIZON, "1d").counter();
        return c == null ? 0 : c.count();
    }
}
