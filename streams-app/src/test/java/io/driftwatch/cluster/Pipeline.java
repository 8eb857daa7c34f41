package io.driftwatch.cluster;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.demo.Scenario;
import io.driftwatch.kafka.CheckedProducer;
import io.driftwatch.retrain.service.RetrainConfig;
import io.driftwatch.topics.TopicAdmin;
import io.driftwatch.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The demo's pipeline (ingest, forecaster, monitor, retrain) over the demo's {@link Scenario}, fed so that its
 * outputs depend on the input only, not on how many instances run, where, or what crashed meanwhile:
 * {@code daysPerStep} days at a time, each step only once every app has processed everything before it
 * ({@link Quiescence}). That is the demo's simulated clock, made strict: a retrain triggered by a step has published
 * its outcome before the next step's actuals arrive, and every prediction reaches the monitor before its actual
 * (a step is shorter than the 7-day horizon), and no pair is late by the monitor's stream time
 * ({@code monitor.bucket.grace} 7 days, above a step). The demo itself produces its history at once, and there
 * how far the monitor's stream time runs ahead of the forecaster's predictions (which are then late) depends on
 * timing.
 *
 * <p>Settings that would make a run depend on the machine are pinned: grid search (not {@code auto}, which picks by
 * measured speed), no inference-time limit on promotion, no wall-clock staleness checks.
 */
public final class Pipeline {

    /** The apps, in pipeline order. */
    public static final List<String> APPS = List.of("ingest", "forecaster", "monitor", "retrain");

    /**
     * What to feed.
     *
     * @param days        scenario length in days
     * @param changeDay   the regime change
     * @param daysPerStep days produced per step, at most 6 (below the 7-day horizon)
     * @param partitions  topics.partitions
     */
    public record Plan(int days, int changeDay, long seed, int daysPerStep, int partitions) {

        public Plan {
            if (daysPerStep < 1 || daysPerStep > 6) {
                throw new IllegalArgumentException(
                        "daysPerStep must be in 1..6 (below the 7-day horizon), was " + daysPerStep);
            }
        }

        /** Small enough for an integration test: 75 days of baseline, then drift, triggers and retrains. */
        public static Plan forTests() {
            return new Plan(130, 95, 42, 5, 3);
        }

        /** Steps 0 .. steps() - 1. */
        public int steps() {
            return (days + daysPerStep - 1) / daysPerStep;
        }
    }

    private static final Instant START = Instant.parse("2022-01-01T00:00:00Z");

    private final String bootstrapServers;
    private final String prefix;
    private final Plan plan;
    private final Map<String, String> settings;
    private final Topics topics;
    private final Scenario scenario;

    /** {@code prefix} keeps this run's topics and groups apart from any other run on the same cluster. */
    public Pipeline(String bootstrapServers, String prefix, Plan plan, Map<String, String> extraSettings) {
        this.bootstrapServers = bootstrapServers;
        this.prefix = prefix;
        this.plan = plan;
        this.scenario = new Scenario(START, plan.days(), plan.changeDay(), plan.seed());
        Map<String, String> s = new LinkedHashMap<>();
        s.put(CommonConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        s.put(CommonConfig.TOPICS_PREFIX, prefix);
        s.put(CommonConfig.APPLICATION_ID_PREFIX, prefix + "app");
        s.put(CommonConfig.TOPICS_PARTITIONS, String.valueOf(plan.partitions()));
        s.put("forecaster.models", "fx=" + Scenario.RATE_SERIES + ",sales=.*:daily-sales");
        s.put("forecaster.horizons", "7d");
        s.put(RetrainConfig.STRATEGY, "grid");
        s.put(RetrainConfig.TIME_BUDGET, "120s");
        s.put(RetrainConfig.PARALLELISM, "1");
        s.put(RetrainConfig.MAX_INFERENCE_TIME_RATIO, "1000000");
        s.put("retrain.validation.bias-limit.per-model", "fx=20,sales=5");
        s.put("monitor.max-config-age", "36500d");
        // a step's pairs reach the monitor up to daysPerStep apart in event time, in an order that depends on timing;
        // with a bucket grace above that, no pair is late (and counted in a later sub-bucket) in one run and on time
        // in another
        s.put("monitor.bucket.grace", "7d");
        s.put("retrain.stale-after", "36500d");
        s.put(
                "monitor.triggers.active-from",
                String.valueOf(START.plus(Duration.ofDays(Math.max(0, plan.changeDay() - 21)))
                        .toEpochMilli()));
        // a killed member leaves the group after this, not after the 45 s default
        s.put("session.timeout.ms", "6000");
        s.put("heartbeat.interval.ms", "1000");
        s.putAll(extraSettings);
        this.settings = Map.copyOf(s);
        this.topics = Topics.from(new CommonConfig(settings));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Plan plan() {
        return plan;
    }

    public Topics topics() {
        return topics;
    }

    /** Settings shared by every instance (no state.dir, no retrain.instance.id). */
    public Map<String, String> settings() {
        return settings;
    }

    /** The settings as {@code run} command-line arguments, plus per-instance ones. */
    public List<String> runArgs(String app, Map<String, String> instanceSettings) {
        List<String> args = new ArrayList<>(List.of("run", app));
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.putAll(instanceSettings);
        all.forEach((k, v) -> args.addAll(List.of("-s", k + "=" + v)));
        return args;
    }

    /** Creates the topics and publishes v1 of every model:horizon, as the demo does. */
    public void prepare() {
        CommonConfig config = new CommonConfig(settings);
        try (Admin admin = Admin.create(config.kafkaClientProperties())) {
            new TopicAdmin(admin, Duration.ofSeconds(60)).ensure(topics.all());
        }
        try (CheckedProducer<String, ModelConfig> configs =
                        new CheckedProducer<>(config.kafkaClientProperties(), topics.modelConfigs);
                CheckedProducer<String, ModelConfig> versions =
                        new CheckedProducer<>(config.kafkaClientProperties(), topics.modelConfigVersions)) {
            for (ModelConfig c : List.of(
                    initial("fx", "ses", Map.of("alpha", "0.5", "num_samples", "200")),
                    initial("sales", "seasonal_naive", Map.of("season_length", "7")))) {
                configs.send(topics.modelConfigs.keyFor(c), c, null);
                versions.send(topics.modelConfigVersions.keyFor(c), c, null);
            }
        }
    }

    private ModelConfig initial(String model, String algorithm, Map<String, String> params) {
        return ModelConfig.newBuilder()
                .setModelId(model)
                .setHorizon("7d")
                .setVersion(1)
                .setAlgorithm(algorithm)
                .setParams(params)
                .setCreatedAt(START)
                .setReason(List.of("initial"))
                .build();
    }

    /**
     * Feeds the scenario step by step, each once the apps caught up; {@code produced} runs once step i has been
     * produced, while the apps process it (e.g. to kill an instance mid-run). Returns when
     * the last step is processed.
     */
    public void feed(StepListener produced, Duration stepTimeout) throws InterruptedException {
        CommonConfig config = new CommonConfig(settings);
        List<RateEvent> rates = scenario.rates();
        List<SaleEvent> sales = scenario.sales();
        try (Admin admin = Admin.create(config.kafkaClientProperties());
                CheckedProducer<String, RateEvent> rateOut =
                        new CheckedProducer<>(config.kafkaClientProperties(), topics.rateEvents);
                CheckedProducer<String, SaleEvent> saleOut =
                        new CheckedProducer<>(config.kafkaClientProperties(), topics.salesEvents)) {
            Quiescence quiescence = new Quiescence(admin, config.kafkaClientProperties());
            for (int step = 0; step < plan.steps(); step++) {
                int from = step * plan.daysPerStep();
                int to = Math.min(plan.days(), from + plan.daysPerStep());
                Instant a = scenario.dayStart(from);
                Instant b = scenario.dayStart(to);
                rates.stream()
                        .filter(r -> !r.getEventTime().isBefore(a)
                                && r.getEventTime().isBefore(b))
                        .forEach(r -> rateOut.send(
                                r.getSeriesId(), r, r.getEventTime().toEpochMilli()));
                sales.stream()
                        .filter(s -> !s.getEventTime().isBefore(a)
                                && s.getEventTime().isBefore(b))
                        .forEach(s -> saleOut.send(
                                s.getSeriesId(), s, s.getEventTime().toEpochMilli()));
                rateOut.flush();
                saleOut.flush();
                produced.after(step);
                quiescence.await(groups(admin), stepTimeout);
            }
        }
    }

    /** Called after each step has been produced. */
    @FunctionalInterface
    public interface StepListener {
        void after(int step) throws InterruptedException;
    }

    /** The apps' consumer groups and their inputs, in pipeline order (the monitor's repartition topic included). */
    List<Quiescence.Group> groups(Admin admin) {
        String monitor = applicationId("monitor");
        List<String> monitorInputs = new ArrayList<>(
                List.of(topics.actuals.name(), topics.predictions.name(), topics.metricObservations.name()));
        try {
            admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(n -> n.startsWith(monitor + "-") && n.endsWith("-repartition"))
                    .sorted()
                    .forEach(monitorInputs::add);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return List.of(
                new Quiescence.Group(
                        applicationId("ingest"), List.of(topics.salesEvents.name(), topics.rateEvents.name())),
                new Quiescence.Group(applicationId("forecaster"), List.of(topics.actuals.name())),
                new Quiescence.Group(monitor, monitorInputs),
                new Quiescence.Group(applicationId("retrain"), List.of(topics.driftTriggers.name())));
    }

    public String applicationId(String app) {
        return new CommonConfig(settings).applicationId(app);
    }

    /** What the run wrote. */
    public Outputs outputs() {
        return Outputs.read(bootstrapServers, topics);
    }

    /** Base settings plus {@code extra}, as a map for in-process apps. */
    Map<String, Object> settingsWith(Map<String, String> extra) {
        Map<String, Object> s = new HashMap<>(settings);
        s.putAll(extra);
        return s;
    }
}
