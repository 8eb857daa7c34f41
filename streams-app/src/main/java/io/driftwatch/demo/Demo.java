package io.driftwatch.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.launch.Apps;
import io.driftwatch.app.RunningApp;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.avro.Severity;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.kafka.CheckedProducer;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.topics.TopicAdmin;
import io.driftwatch.topics.Topics;

/**
 * The end-to-end demo on an embedded broker: a real local Kafka broker, every topic, every app
 * (ingest, forecaster, monitor, retrain), a generated scenario with a regime change, a console
 * that prints what happens, and the alerts through a real Kafka Connect worker ({@link AlertBridge}:
 * printed on the console, and sent to the {@code --alerts} channels). History before the change is produced at once;
 * after it, one day at a
 * time, as a clock would: the next day is produced once the apps have processed the last one and
 * no retrain is still running (in production a day is a day and a retrain takes seconds).
 * Leaves nothing behind unless asked to keep running.
 */
public final class Demo {

    /**
     * Demo options.
     *
     * @param alerts channels added to the console alerts ({@code --alerts})
     * @param alertMinSeverity alerts below it are neither printed nor sent
     */
    public record Options(
            int days,
            int changeDay,
            long seed,
            Duration timeout,
            boolean keepRunning,
            List<AlertTarget> alerts,
            Severity alertMinSeverity) {
        public Options {
            alerts = List.copyOf(alerts);
        }
    }

    /** What happened, for the summary and for tests. */
    public record Result(
            int triggers,
            int promotions,
            Map<String, Integer> versionsInUse,
            double rmseBeforeChange,
            double rmseAfterChangeBeforePromotion,
            double rmseAfterPromotion,
            Instant promotedAt,
            boolean finished,
            DriftTrigger firstFxTriggerAfterChange,
            Integer fxVersionAtEnd,
            List<Path> tempDirs) {}

    static final String RATE_MODEL = "fx";
    static final String SALES_MODEL = "sales";
    static final List<String> HORIZONS = List.of("7d");
    /** Days produced per step after the change: the simulated clock's tick. */
    private static final int DAYS_PER_STEP = 2;

    private final Options options;
    private final PrintStream out;

    public Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the demo and returns what happened. */
    public Result run() throws InterruptedException {
        Path stateDir = tempDir();
        long started = System.nanoTime();
        long deadline = started + options.timeout().toNanos();
        List<RunningApp> apps = new ArrayList<>();
        Result result = null;
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            Map<String, Object> settings = settings(broker, stateDir);
            CommonConfig config = new CommonConfig(settings);
            Topics topics = Topics.from(config);
            try (Admin admin = Admin.create(config.kafkaClientProperties())) {
                new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(topics.all());
            }
            Scenario scenario = new Scenario(START, options.days(), options.changeDay(), options.seed());
            try (DemoConsole console = new DemoConsole(config.kafkaClientProperties(), topics, out, started).start();
                    AlertBridge alerts = AlertBridge.start(
                            broker.bootstrapServers(),
                            topics,
                            stateDir,
                            out,
                            options.alertMinSeverity(),
                            options.alerts());
                    Feeder feeder = new Feeder(config, topics, scenario)) {
                console.print(
                        "Kafka broker (KRaft, in-process) at %s; %d topics",
                        broker.bootstrapServers(), topics.all().size());
                console.print(
                        "alerts (%s and above, suppressed triggers skipped) through Kafka Connect (in-process worker, "
                                + "started in %.1f s): %s",
                        options.alertMinSeverity(),
                        alerts.startup().toMillis() / 1000.0,
                        String.join(", ", alerts.channels().values()));
                publishInitialConfigs(config, topics, scenario.start());
                console.print(
                        "initial configs v1: fx (USDCLP) ses alpha=0.5, sales (3 tenants) seasonal_naive, horizons %s",
                        HORIZONS);
                for (String name : List.of("ingest", "forecaster", "monitor", "retrain")) {
                    apps.add(Apps.get(name).create(settings).start());
                }
                for (RunningApp app : apps) {
                    app.awaitRunning(Duration.ofMinutes(1));
                }
                console.print(
                        "apps running: ingest, forecaster, monitor, retrain; triggers live from %s (earlier windows"
                                + " are replayed history, emitted suppressed)",
                        DemoConsole.day(activeFrom()));
                boolean finished = feed(scenario, feeder, console, deadline);
                if (!alerts.awaitDelivered(Map.copyOf(console.alertEnds), ALERTS_DRAIN)) {
                    console.print("some alerts were still being delivered after %d s", ALERTS_DRAIN.toSeconds());
                }
                result = summarize(scenario, console, finished, List.of(stateDir, broker.dataDir()));
                if (options.keepRunning()) {
                    console.print(
                            "broker and apps keep running: bootstrap.servers=%s (Ctrl-C to stop)",
                            broker.bootstrapServers());
                    apps.get(0).awaitStop();
                }
                return result;
            } finally {
                apps.forEach(RunningApp::close);
            }
        } finally {
            LocalKafkaBroker.deleteRecursively(stateDir);
        }
    }

    private static final Instant START = Instant.parse("2022-01-01T00:00:00Z");
    /** How long the summary waits for the alert connectors to print and send the last alerts. */
    private static final Duration ALERTS_DRAIN = Duration.ofSeconds(15);

    private Instant activeFrom() {
        return START.plus(Duration.ofDays(Math.max(0, options.changeDay() - 21)));
    }

    private Map<String, Object> settings(LocalKafkaBroker broker, Path stateDir) {
        Map<String, Object> s = new HashMap<>();
        s.put(CommonConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        s.put(CommonConfig.STATE_DIR, stateDir.toString());
        s.put(CommonConfig.APPLICATION_ID_PREFIX, "driftwatch-demo");
        s.put(CommonConfig.TOPICS_PARTITIONS, "2");
        s.put("forecaster.models", RATE_MODEL + "=" + Scenario.RATE_SERIES + "," + SALES_MODEL + "=.*:daily-sales");
        s.put("forecaster.horizons", String.join(",", HORIZONS));
        s.put("retrain.time-budget", "30s");
        // |mean error| limits are in series units: a rate near 900 is not a sales series near 40
        s.put("retrain.validation.bias-limit.per-model", RATE_MODEL + "=20," + SALES_MODEL + "=5");
        // the demo replays years in seconds: weekly time-based retraining and wall-clock staleness alerts
        // (on in production) would fire for every simulated week, so they are off here
        s.put("monitor.max-config-age", "36500d");
        s.put("retrain.stale-after", "36500d");
        // windows before the last weeks of history are replayed as suppressed triggers: a backfill, not news
        s.put("monitor.triggers.active-from", String.valueOf(activeFrom().toEpochMilli()));
        return s;
    }

    /** v1 of every model:horizon, as an operator would have promoted them before the demo starts. */
    private void publishInitialConfigs(CommonConfig config, Topics topics, Instant at) {
        try (CheckedProducer<String, ModelConfig> configs =
                        new CheckedProducer<>(config.kafkaClientProperties(), topics.modelConfigs);
                CheckedProducer<String, ModelConfig> versions =
                        new CheckedProducer<>(config.kafkaClientProperties(), topics.modelConfigVersions)) {
            for (String horizon : HORIZONS) {
                for (ModelConfig c : List.of(
                    initial(RATE_MODEL, horizon, "ses", Map.of("alpha", "0.5", "num_samples", "200"), at),
                    initial(SALES_MODEL, horizon, "seasonal_naive", Map.of("season_length", "7"), at))) {
                    configs.send(topics.modelConfigs.keyFor(c), c, null);
                    versions.send(topics.modelConfigVersions.keyFor(c), c, null);
                }
            }
        }
    }

    private static ModelConfig initial(
            String model, String horizon, String algorithm, Map<String, String> params, Instant at) {
        return ModelConfig.newBuilder().setModelId(model).setHorizon(horizon).setVersion(1).setAlgorithm(algorithm)
            .setParams(params).setCreatedAt(at).setReason(List.of("initial")).build();
    }

    /** Produces history at once up to the change, then day by day; false if the deadline passed first. */
    private boolean feed(Scenario scenario, Feeder feeder, DemoConsole console, long deadline)
            throws InterruptedException {
        feeder.produceDays(0, scenario.changeDay());
        console.print(
                "history: %d days of USDCLP ticks and 3 tenants' sales (to %s); regime change from %s on",
                scenario.changeDay(),
                DemoConsole.day(scenario.dayStart(scenario.changeDay() - 1)),
                DemoConsole.day(scenario.dayStart(scenario.changeDay())));
        awaitProcessed(scenario, console, scenario.changeDay() - 2, deadline);
        long lastProgress = System.nanoTime();
        for (int d = scenario.changeDay(); d < scenario.days(); d += DAYS_PER_STEP) {
            int next = Math.min(d + DAYS_PER_STEP, scenario.days());
            feeder.produceDays(d, next);
            if (!awaitProcessed(scenario, console, next - 2, deadline)) {
                return false;
            }
            while (console.retrainInFlight() && System.nanoTime() < deadline) {
                Thread.sleep(20); // the simulated clock waits while a retrain runs
            }
            if (System.nanoTime() - lastProgress > 2_000_000_000L || next == scenario.days()) {
                lastProgress = System.nanoTime();
                Instant day = scenario.dayStart(next - 1);
                console.print(
                        "day %s | actuals %d | predictions %d | suppressed triggers %d | fx 7d RMSE last 14 days %.2f"
                                + " | fx:7d v%s",
                        DemoConsole.day(day),
                        console.actuals.get(),
                        console.predictions.get(),
                        console.suppressed.get(),
                        console.errors.rmse(Scenario.RATE_SERIES, day.minus(Duration.ofDays(14)), day),
                        console.versionsInUse().get(RATE_MODEL + ":7d/" + Scenario.RATE_SERIES));
            }
        }
        return true;
    }

    /** Waits until the forecaster has issued predictions for {@code day} (so every app downstream saw it). */
    private boolean awaitProcessed(Scenario scenario, DemoConsole console, int day, long deadline)
            throws InterruptedException {
        Instant target = scenario.dayStart(day);
        while (System.nanoTime() < deadline) {
            Instant issued = console.lastIssued.get(Scenario.RATE_SERIES);
            if (issued != null && !issued.isBefore(target)) {
                return true;
            }
            Thread.sleep(10); // polling the console's view with the demo's deadline
        }
        console.print("deadline reached before %s was processed", DemoConsole.day(target));
        return false;
    }

    private Result summarize(Scenario scenario, DemoConsole console, boolean finished, List<Path> tempDirs) {
        Instant change = scenario.dayStart(scenario.changeDay());
        Instant end = scenario.dayStart(scenario.days());
        Instant promoted = console.promotedAtDay.get(Scenario.RATE_SERIES + "@7d");
        Instant lastDays = end.minus(Duration.ofDays(14));
        double before = console.errors.rmse(Scenario.RATE_SERIES, change.minus(Duration.ofDays(60)), change);
        // errors of predictions made with v1 after the change: their targets fall before promotion + 7 days
        double degraded = console.errors.rmse(
                Scenario.RATE_SERIES, change, promoted == null ? end : promoted.plus(Duration.ofDays(7)));
        double after = promoted == null || !promoted.plus(Duration.ofDays(7)).isBefore(lastDays) ? Double.NaN
            : console.errors.rmse(Scenario.RATE_SERIES, lastDays, end);
        int promotions = (int) console.reports.stream().filter(r -> r.getDeployedVersion() != null).count();
        DriftTrigger firstAfter;
        synchronized (console.triggers) {
            firstAfter = console.triggers.stream().filter(t -> t.getModelId().equals(RATE_MODEL) && !t.getSuppressed()
                && t.getRecentWindowEnd() != null && t.getRecentWindowEnd().isAfter(change)).findFirst().orElse(null);
        }
        out.println();
        out.println("Summary");
        out.printf(
                "  triggers: %d, retrain reports: %d, promotions: %d%n",
                console.triggers.size(), console.reports.size(), promotions);
        out.printf(
                "  fx 7d RMSE (USDCLP): 60 days before the change %.2f | after the change, before the first promotion"
                        + " %.2f | last 14 days %s%n",
                before,
                degraded,
                Double.isNaN(after)
                        ? "n/a (no 7-day prediction of the promoted version has met its actual yet)"
                        : String.format("%.2f", after));
        out.printf("  config versions in use: %s%n", console.versionsInUse());
        out.printf("  %s in %.1f s%n", finished ? "finished" : "stopped at the deadline", console.seconds());
        out.flush();
        Integer fxVersion = console.versionsInUse().get(RATE_MODEL + ":7d/" + Scenario.RATE_SERIES);
        return new Result(
                console.triggers.size(),
                promotions,
                console.versionsInUse(),
                before,
                degraded,
                after,
                promoted,
                finished,
                firstAfter,
                fxVersion,
                tempDirs);
    }

    /** Produces the scenario's days with checked sends. */
    private static final class Feeder implements AutoCloseable {
        private final Scenario scenario;
        private final CheckedProducer<String, RateEvent> rates;
        private final CheckedProducer<String, SaleEvent> sales;
        private final List<RateEvent> allRates;
        private final List<SaleEvent> allSales;

        Feeder(CommonConfig config, Topics topics, Scenario scenario) {
            this.scenario = scenario;
            this.rates = new CheckedProducer<>(config.kafkaClientProperties(), topics.rateEvents);
            this.sales = new CheckedProducer<>(config.kafkaClientProperties(), topics.salesEvents);
            this.allRates = scenario.rates();
            this.allSales = scenario.sales();
        }

        void produceDays(int fromDay, int toDay) {
            Instant from = scenario.dayStart(fromDay);
            Instant to = scenario.dayStart(toDay);
            allRates.stream().filter(r -> !r.getEventTime().isBefore(from) && r.getEventTime().isBefore(to))
                .forEach(r -> rates.send(r.getSeriesId(), r, r.getEventTime().toEpochMilli()));
            allSales.stream().filter(s -> !s.getEventTime().isBefore(from) && s.getEventTime().isBefore(to))
                .forEach(s -> sales.send(s.getSeriesId(), s, s.getEventTime().toEpochMilli()));
            rates.flush();
            sales.flush();
        }

        @Override
        public void close() {
            rates.close();
            sales.close();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("driftwatch-demo-state-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
