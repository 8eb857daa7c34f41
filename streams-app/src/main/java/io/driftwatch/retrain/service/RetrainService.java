package io.driftwatch.retrain.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.OpsAlertType;
import io.driftwatch.kafka.ConsumerReadiness;
import io.driftwatch.retrain.configs.ConfigHistory;
import io.driftwatch.retrain.configs.ReportLog;
import io.driftwatch.retrain.configs.StateReader;
import io.driftwatch.retrain.history.ActualsLoader;
import io.driftwatch.topics.ModelKey;
import io.driftwatch.topics.Topics;

/**
 * The retrain service: a plain consumer/producer app (not Kafka Streams) that turns drift triggers
 * into promoted configs, rejection reports, decays and rollbacks.
 *
 * <p>Loop: poll one trigger at a time (consumer group {@code <prefix>-retrain}, read_committed, no
 * auto-commit); catch the config/report state up from Kafka; plan the attempt (search, validate...;
 * may take up to the time budget, outside any transaction); then publish its outputs and the
 * trigger's offset in one transaction. Every consumed trigger ends in a transaction, also skipped
 * ones (offsets only). Triggers are keyed model:horizon, so one group member owns a model:horizon
 * and attempts for it run one at a time, in order. A transaction that fails (not fenced) is aborted,
 * a PROMOTION_FAILED alert is published on its own and the consumer rewinds to retry the trigger.
 *
 * <p>Meters ({@link RetrainMetrics}): an attempt is counted once its transaction committed; between
 * triggers the state is re-read every 30 s so the config-version gauge and manual rollbacks follow
 * model-configs. Readiness ({@link #readiness()}): assigned and caught up with the waiting triggers.
 */
public final class RetrainService implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainService.class);
    private static final Duration STATE_TIMEOUT = Duration.ofMinutes(2);
    /**
     * How often an idle service re-reads model-configs, so its config-version gauge and manual-rollback count follow
     * the CLI.
     */
    private static final long STATE_REFRESH_MS = 30_000;

    private final RetrainConfig config;
    private final Topics topics;
    private final ConfigHistory history = new ConfigHistory();
    private final ReportLog reports = new ReportLog(100_000);
    private final RetrainMetrics metrics = new RetrainMetrics();
    private final CountDownLatch started = new CountDownLatch(1);
    private final ConsumerReadiness readiness = new ConsumerReadiness();
    private final Map<String, Integer> staleAlerted = new HashMap<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, DriftTrigger> consumer;
    private long nextStaleCheck;
    private long nextStateRefresh;
    private int failures;

    public RetrainService(RetrainConfig config) {
        this.config = config;
        this.topics = Topics.from(config);
    }

    @Override
    public void run() {
        Map<String, Object> client = config.kafkaClientProperties();
        String txId = config.applicationId("retrain") + "-" + config.instanceId();
        try (TransactionalPublisher publisher =
                        new TransactionalPublisher(client, txId, topics, config.testHaltAfter());
                StateReader state = new StateReader(client, topics, history, reports);
                KafkaConsumer<String, DriftTrigger> triggers = triggerConsumer(client)) {
            consumer = triggers;
            state.catchUp(STATE_TIMEOUT);
            metrics.promoted(history.promoted(), false);
            nextStateRefresh = System.currentTimeMillis() + STATE_REFRESH_MS;
            triggers.subscribe(List.of(topics.driftTriggers.name()), readiness);
            AttemptPlanner planner = new AttemptPlanner(config, history, reports, new ActualsLoader(client,
                topics.actuals, config.models())::loadFor, metrics);
            LOG.info(
                    "retrain service started: {} promoted configs, transactional.id {}",
                    history.promoted().size(),
                    txId);
            started.countDown();
            readiness.started();
            while (running) {
                for (ConsumerRecord<String, DriftTrigger> r : triggers.poll(Duration.ofMillis(500))) {
                    state.catchUp(STATE_TIMEOUT);
                    metrics.promoted(history.promoted(), true);
                    handle(r, planner, publisher, triggers);
                    nextStateRefresh = System.currentTimeMillis() + STATE_REFRESH_MS;
                }
                readiness.refresh(triggers);
                refreshState(state);
                checkStale(publisher);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            readiness.stopped();
            started.countDown();
        }
    }

    private void handle(
            ConsumerRecord<String, DriftTrigger> r,
            AttemptPlanner planner,
            TransactionalPublisher publisher,
            KafkaConsumer<String, DriftTrigger> triggers) {
        DriftTrigger t = r.value();
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(tp, new OffsetAndMetadata(r.offset() + 1));
        AttemptResult result = t == null ? AttemptResult.skipped() : planner.handle(t, System.currentTimeMillis());
        try {
            publisher.publish(result, offsets, triggers.groupMetadata());
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            throw e; // fatal: another instance took over, or we may not write
        } catch (KafkaException e) {
            LOG.warn(
                    "publishing the outcome of trigger {} failed, retrying it: {}",
                    t == null ? r.offset() : t.getTriggerId(),
                    e.toString());
            publisher.abort();
            reportFailure(publisher, t, e);
            triggers.seek(tp, r.offset());
            backOff();
            return;
        }
        failures = 0;
        metrics.committed(result);
        if (result.config() != null) {
            history.onPromoted(
                    ModelKey.of(result.config().getModelId(), result.config().getHorizon()), result.config());
            history.onVersion(result.config());
        }
        if (result.report() != null) {
            reports.onReport(result.report());
            LOG.info("trigger {} -> {} {}", t.getTriggerId(), result.report().getOutcome(),
                result.config() == null ? "" : "v" + result.config().getVersion());
        }
    }

    /**
     * Between triggers: catch the state up now and then (failures only logged; the next trigger catches up for real).
     */
    private void refreshState(StateReader state) {
        long now = System.currentTimeMillis();
        if (now < nextStateRefresh) {
            return;
        }
        nextStateRefresh = now + STATE_REFRESH_MS;
        try {
            state.catchUp(Duration.ofSeconds(10));
            metrics.promoted(history.promoted(), true);
        } catch (KafkaException e) {
            LOG.warn("refreshing the config state failed, retrying later: {}", e.toString());
        }
    }

    /** Bounded exponential back-off between retries of a failed publication: 1 s, 2 s, ... 30 s. */
    private void backOff() {
        failures++;
        try {
            Thread.sleep(Math.min(30_000L, 1000L << Math.min(failures - 1, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void reportFailure(TransactionalPublisher publisher, DriftTrigger t, KafkaException e) {
        if (t == null) {
            return;
        }
        long now = System.currentTimeMillis();
        var alert = OpsAlerts.create(
                OpsAlertType.PROMOTION_FAILED,
                t.getModelId(),
                t.getHorizon(),
                t.getTriggerId() + ":" + now,
                "Promotion for " + ModelKey.of(t.getModelId(), t.getHorizon()) + " failed and will be retried: "
                        + e.getMessage(),
                Map.of("trigger_id", t.getTriggerId()),
                now);
        try {
            publisher.publish(new AttemptResult(null, null, List.of(alert)), null, null);
        } catch (KafkaException again) {
            publisher.abort();
            LOG.error("could not publish the PROMOTION_FAILED alert either: {}", again.toString());
        }
    }

    /** STALE_MODEL (LOW) once per promoted version older than retrain.alert.stale-after. */
    private void checkStale(TransactionalPublisher publisher) {
        long now = System.currentTimeMillis();
        if (now < nextStaleCheck) {
            return;
        }
        nextStaleCheck = now + config.staleCheckInterval().toMillis();
        for (ModelConfig c : List.copyOf(history.promoted().values())) {
            String key = ModelKey.of(c.getModelId(), c.getHorizon());
            OpsAlert alert = staleAlert(c, staleAlerted.get(key), config.staleAfter(), now);
            if (alert != null) {
                try {
                    publisher.publish(new AttemptResult(null, null, List.of(alert)), null, null);
                    staleAlerted.put(key, c.getVersion());
                } catch (KafkaException e) {
                    publisher.abort();
                }
            }
        }
    }

    /**
     * The STALE_MODEL alert for a promoted config created before {@code now - staleAfter}, or null if it
     * is younger or this version was already alerted ({@code alertedVersion}, may be null).
     */
    static OpsAlert staleAlert(ModelConfig c, Integer alertedVersion, Duration staleAfter, long now) {
        String key = ModelKey.of(c.getModelId(), c.getHorizon());
        if (c.getCreatedAt().toEpochMilli() >= now - staleAfter.toMillis()
                || Integer.valueOf(c.getVersion()).equals(alertedVersion)) {
            return null;
        }
        return OpsAlerts.create(OpsAlertType.STALE_MODEL, c.getModelId(), c.getHorizon(), "v" + c.getVersion(),
            "No promotion for " + key + " since v" + c.getVersion() + " at " + c.getCreatedAt(),
            Map.of("version", String.valueOf(c.getVersion()), "created_at", c.getCreatedAt().toString()), now);
    }

    private KafkaConsumer<String, DriftTrigger> triggerConsumer(Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.applicationId("retrain"));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
            (int) Math.max(300_000, 5 * config.searchSettings().timeBudget().toMillis()));
        return new KafkaConsumer<>(props, new StringDeserializer(), new LenientDeserializer(topics));
    }

    /**
     * Ready once started, assigned, and caught up with the triggers that were waiting when its
     * partitions were assigned (positions past each partition's end offset then; a trigger handled
     * means its transaction committed, so ready implies the backlog's outcomes are published).
     */
    public ConsumerReadiness readiness() {
        return readiness;
    }

    /** Waits until the service has read its state and subscribed. */
    public boolean awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<?, ?> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Decodes triggers; an undecodable one becomes null and is skipped (with its offset committed). */
    private static final class LenientDeserializer implements Deserializer<DriftTrigger> {
        private final Deserializer<DriftTrigger> inner;

        LenientDeserializer(Topics topics) {
            this.inner = topics.driftTriggers.valueSerde().deserializer();
        }

        @Override
        public DriftTrigger deserialize(String topic, byte[] data) {
            try {
                return inner.deserialize(topic, data);
            } catch (SerializationException e) {
                LOG.warn("skipping an undecodable drift trigger: {}", e.getMessage());
                return null;
            }
        }
    }
}
