package io.driftwatch.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import io.driftwatch.app.Apps;
import io.driftwatch.app.RunningApp;
import io.driftwatch.avro.Actual;
import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.kafka.CheckedProducer;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.topics.TopicAdmin;
import io.driftwatch.topics.Topics;

/**
 * The end-to-end demo on an embedded broker: start a real local broker, create the topics, produce a
 * generated scenario, run the apps and print what happens. Leaves nothing behind unless asked to
 * keep running.
 */
public final class Demo {

    /** Demo options. */
    public record Options(int days, int changeDay, long seed, Duration timeout, boolean keepRunning) {
    }

    private final Options options;
    private final PrintStream out;

    public Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the demo; returns 0 when every expected actual arrived. */
    public int run() throws InterruptedException {
        Path stateDir = tempDir();
        long started = System.nanoTime();
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            out.printf("[%5.1fs] Kafka broker (KRaft, in-process) at %s%n", seconds(started), broker.bootstrapServers());
            Map<String, Object> settings = new HashMap<>();
            settings.put(CommonConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            settings.put(CommonConfig.STATE_DIR, stateDir.toString());
            settings.put(CommonConfig.APPLICATION_ID_PREFIX, "driftwatch-demo");
            CommonConfig config = new CommonConfig(settings);
            Topics topics = Topics.from(config);
            try (Admin admin = Admin.create(config.kafkaClientProperties())) {
                new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(topics.all());
            }
            out.printf("[%5.1fs] %d topics created%n", seconds(started), topics.all().size());

            Scenario scenario = new Scenario(Instant.parse("2024-01-01T00:00:00Z"), options.days(), options.changeDay(), options.seed());
            produce(config, topics, scenario);
            out.printf("[%5.1fs] produced %d days of USDCLP ticks and 3 tenants' sales (regime change on %s)%n",
                seconds(started), scenario.days(), day(scenario.start().plus(Duration.ofDays(scenario.changeDay()))));

            try (RunningApp ingest = Apps.get("ingest").create(settings).start()) {
                ingest.awaitRunning(Duration.ofMinutes(1));
                out.printf("[%5.1fs] ingest running%n", seconds(started));
                int expected = 4 * (scenario.days() - 1);
                Map<String, TreeMap<Instant, Double>> actuals = readActuals(config, topics, expected, started);
                printSummary(actuals, scenario);
                int got = actuals.values().stream().mapToInt(Map::size).sum();
                out.printf("[%5.1fs] done: %d of %d daily actuals%n", seconds(started), got, expected);
                if (options.keepRunning()) {
                    out.printf("Broker and apps keep running: bootstrap.servers=%s (Ctrl-C to stop)%n", broker.bootstrapServers());
                    ingest.awaitStop();
                }
                return got >= expected ? 0 : 1;
            }
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private void produce(CommonConfig config, Topics topics, Scenario scenario) {
        Map<String, Object> props = config.kafkaClientProperties();
        try (CheckedProducer<String, RateEvent> rates = new CheckedProducer<>(props, topics.rateEvents);
             CheckedProducer<String, SaleEvent> sales = new CheckedProducer<>(props, topics.salesEvents)) {
            for (RateEvent r : scenario.rates()) {
                rates.send(r.getSeriesId(), r, r.getEventTime().toEpochMilli());
            }
            for (SaleEvent s : scenario.sales()) {
                sales.send(s.getSeriesId(), s, s.getEventTime().toEpochMilli());
            }
        }
    }

    private Map<String, TreeMap<Instant, Double>> readActuals(CommonConfig config, Topics topics, int expected, long started) {
        Map<String, Object> props = config.kafkaClientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "driftwatch-demo-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, TreeMap<Instant, Double>> bySeries = new TreeMap<>();
        int count = 0;
        long deadline = System.nanoTime() + options.timeout().toNanos();
        try (KafkaConsumer<String, Actual> consumer = new KafkaConsumer<>(props, topics.actuals.keySerde().deserializer(),
            topics.actuals.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.actuals.name()));
            while (count < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Actual> r : consumer.poll(Duration.ofMillis(250))) {
                    bySeries.computeIfAbsent(r.key(), k -> new TreeMap<>()).put(r.value().getEventTime(), r.value().getValue());
                    count++;
                    if (count % 100 == 0) {
                        out.printf("[%5.1fs] actuals: %d/%d%n", seconds(started), count, expected);
                    }
                }
            }
        }
        return bySeries;
    }

    private void printSummary(Map<String, TreeMap<Instant, Double>> actuals, Scenario scenario) {
        Instant change = scenario.start().plus(Duration.ofDays(scenario.changeDay()));
        out.println();
        out.printf("%-22s %6s %12s %12s %12s%n", "series", "days", "mean before", "mean after", "last day");
        actuals.forEach((series, values) -> {
            double before = values.headMap(change).values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double after = values.tailMap(change).values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            out.printf("%-22s %6d %12.2f %12.2f %12s%n", series, values.size(), before, after, day(values.lastKey()));
        });
        out.println();
    }

    private static String day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("driftwatch-demo-state-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }
}
