package io.driftwatch.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.CandidateResult;
import io.driftwatch.avro.CriterionResult;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.serde.RecordCodec;
import io.driftwatch.topics.Topics;

/**
 * Watches the demo's topics (read_committed) on its own thread and prints what happens: retrain
 * attempts with their validation table, promotions, and the first prediction each model:horizon
 * makes with a new config version. Alerts (triggers, anomalies, ops alerts) are printed by the
 * console alert connector ({@link AlertBridge}); here they are only counted, and the offset after
 * the last one of each partition is kept so the demo can wait for the connectors to deliver them.
 * Keeps what the summary and the feeder need.
 */
final class DemoConsole implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final PrintStream out;
    private final long startedNanos;
    private final Thread thread;
    private volatile boolean closed;

    final ErrorTracker errors = new ErrorTracker("7d");
    final Map<String, Integer> versionInUse = new ConcurrentHashMap<>();
    final Map<String, Instant> lastIssued = new ConcurrentHashMap<>();
    final List<DriftTrigger> triggers = Collections.synchronizedList(new ArrayList<>());
    final List<RetrainReport> reports = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Instant> promotedAtDay = new ConcurrentHashMap<>();
    final AtomicLong actuals = new AtomicLong();
    final AtomicLong predictions = new AtomicLong();
    final AtomicLong suppressed = new AtomicLong();
    /** Per partition of the alert topics: the offset after the last record seen. */
    final Map<TopicPartition, Long> alertEnds = new ConcurrentHashMap<>();
    private final Map<String, Integer> pendingRetrains = new ConcurrentHashMap<>();

    DemoConsole(Map<String, Object> clientProps, Topics topics, PrintStream out, long startedNanos) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "driftwatch-demo-console-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.out = out;
        this.startedNanos = startedNanos;
        consumer.subscribe(List.of(
                topics.actuals.name(),
                topics.predictions.name(),
                topics.driftTriggers.name(),
                topics.retrainReports.name(),
                topics.modelConfigs.name(),
                topics.opsAlerts.name(),
                topics.anomalies.name()));
        this.thread = new Thread(this::loop, "demo-console");
    }

    DemoConsole start() {
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    handle(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        String topic = r.topic();
        if (topic.equals(topics.driftTriggers.name())
                || topic.equals(topics.anomalies.name())
                || topic.equals(topics.opsAlerts.name())) {
            alertEnds.merge(new TopicPartition(topic, r.partition()), r.offset() + 1, Math::max);
        }
        if (r.value() == null) {
            return;
        }
        if (topic.equals(topics.actuals.name())) {
            Actual a = RecordCodec.of(Actual.class).decode(r.value());
            actuals.incrementAndGet();
            errors.actual(a.getSeriesId(), a.getEventTime(), a.getValue());
        } else if (topic.equals(topics.predictions.name())) {
            onPrediction(RecordCodec.of(Prediction.class).decode(r.value()));
        } else if (topic.equals(topics.driftTriggers.name())) {
            onTrigger(RecordCodec.of(DriftTrigger.class).decode(r.value()));
        } else if (topic.equals(topics.retrainReports.name())) {
            onReport(RecordCodec.of(RetrainReport.class).decode(r.value()));
        } else if (topic.equals(topics.modelConfigs.name())) {
            ModelConfig c = RecordCodec.of(ModelConfig.class).decode(r.value());
            print(
                    "model-configs: %s:%s is now v%d (%s %s)",
                    c.getModelId(), c.getHorizon(), c.getVersion(), c.getAlgorithm(), c.getParams());
        }
    }

    private void onPrediction(Prediction p) {
        predictions.incrementAndGet();
        String key = p.getModelId() + ":" + p.getHorizon();
        lastIssued.merge(p.getSeriesId(), p.getIssuedAt(), (a, b) -> a.isAfter(b) ? a : b);
        errors.prediction(p.getSeriesId(), p.getHorizon(), p.getTargetTime(), p.getYhat(), p.getConfigVersion());
        Integer before = versionInUse.put(key + "/" + p.getSeriesId(), p.getConfigVersion());
        if (before != null && before != p.getConfigVersion()) {
            print("FORECASTER %s for %s switched v%d -> v%d (first prediction issued %s)", key, p.getSeriesId(), before,
                p.getConfigVersion(), day(p.getIssuedAt()));
            promotedAtDay.putIfAbsent(p.getSeriesId() + "@" + p.getHorizon(), p.getIssuedAt());
        }
    }

    private void onTrigger(DriftTrigger t) {
        triggers.add(t);
        if (t.getSuppressed()) {
            suppressed.incrementAndGet(); // counted, shown in the progress line: cooldown and replayed history
        } else if (t.getRecommendation() != Recommendation.CONTINUE) {
            pendingRetrains.merge(t.getModelId() + ":" + t.getHorizon(), 1, Integer::sum);
        }
    }

    private void onReport(RetrainReport r) {
        reports.add(r);
        pendingRetrains.computeIfPresent(
                r.getModelId() + ":" + r.getHorizon(),
                (k, n) -> n <= r.getTriggerIds().size()
                        ? null
                        : n - r.getTriggerIds().size());
        CandidateResult best = r.getBestCandidate();
        CandidateResult current = r.getCurrentCandidate();
        print("RETRAIN %s:%s %s: %d candidates (%s search) in %.1f s", r.getModelId(), r.getHorizon(), r.getOutcome(),
            r.getIterations(), r.getSearchStrategy(), r.getDurationMs() / 1000.0);
        if (best != null) {
            out.printf(
                    "          best    %-18s %s backtest RMSE %.2f MAPE %.2f%% coverage %.2f%n",
                    best.getAlgorithm(),
                    best.getParams(),
                    best.getMetrics().getRmse(),
                    100 * best.getMetrics().getMape(),
                    best.getMetrics().getCi95Coverage());
        }
        if (current != null) {
            out.printf(
                    "          current %-18s %s backtest RMSE %.2f MAPE %.2f%% coverage %.2f%n",
                    current.getAlgorithm(),
                    current.getParams(),
                    current.getMetrics().getRmse(),
                    100 * current.getMetrics().getMape(),
                    current.getMetrics().getCi95Coverage());
        }
        if (!r.getCriteria().isEmpty()) {
            out.printf("          %-26s %12s %4s %10s  %s%n", "criterion", "value", "", "threshold", "pass");
            for (CriterionResult c : r.getCriteria()) {
                out.printf(
                        "          %-26s %12s %4s %10.3f  %s%n",
                        c.getName(),
                        c.getValue() == null ? "-" : String.format("%.3f", c.getValue()),
                        c.getComparison(),
                        c.getThreshold(),
                        c.getPassed() ? "yes" : "NO");
            }
        }
        if (r.getDeployedVersion() != null) {
            out.printf("          PROMOTED %s:%s v%s -> v%d%n", r.getModelId(), r.getHorizon(),
                r.getCurrentVersion() == null ? "-" : r.getCurrentVersion(), r.getDeployedVersion());
        }
        out.flush();
    }

    /** True while a retrain-worthy trigger has no report yet. */
    boolean retrainInFlight() {
        return !pendingRetrains.isEmpty();
    }

    void print(String format, Object... args) {
        out.printf("[%5.1fs] " + format + "%n", prepend(seconds(), args));
        out.flush();
    }

    private Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    double seconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    static String day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    Map<String, Integer> versionsInUse() {
        return new LinkedHashMap<>(versionInUse);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
