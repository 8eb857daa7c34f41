package io.driftwatch.connect;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline every alert sink runs: decode -> severity and suppression filter -> digest or rate limit -> deliver
 * with retries -> DLQ on permanent failure.
 *
 * <p>Delivery contract: at least once, with one idempotency key per record (its own id). Records
 * accepted but not delivered yet (folded by the rate limiter, waiting for a digest) keep their
 * offsets from being committed ({@link #preCommit}); due messages are sent from {@link #put} and
 * {@link #preCommit} according to the injected clock. Invalid records and permanently rejected
 * deliveries go to the errant record reporter; without one the task fails with a clear message.
 * What it does is counted in {@link AlertSinkMetrics}, exported as the worker's plugin metrics.
 */
public abstract class AlertSinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(AlertSinkTask.class);

    private final Clock clock;
    private final Sleeper sleeper;
    private final Random random;

    private AlertParser parser;
    private AlertSinkConfig config;
    private RateLimiter limiter;
    private DigestBuffer digest;
    private RetryPolicy retry;
    private Channel channel;
    private final HeldOffsets held = new HeldOffsets();
    private ErrantRecordReporter reporter;
    private AlertSinkMetrics metrics = AlertSinkMetrics.unexported();

    protected AlertSinkTask() {
        this(Clock.systemUTC(), Sleeper.SYSTEM, new Random());
    }

    /** For tests: a fake clock and sleeper, a seeded random for the jitter. */
    protected AlertSinkTask(Clock clock, Sleeper sleeper, Random random) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** Parses (and validates) the task's settings. */
    protected abstract AlertSinkConfig parseConfig(Map<String, String> props);

    /** Opens the channel the notifications go through. */
    protected abstract Channel openChannel(AlertSinkConfig config, Clock clock);

    /** The failure reasons the channel reports ({@link DeliveryException#reason()}), counted from 0. */
    protected abstract List<String> failureReasons();

    /** The digest buffer, or null when this sink sends no digests. */
    protected DigestBuffer digestBuffer(AlertSinkConfig config) {
        return null;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = parseConfig(props);
        parser = new AlertParser(config.topicKinds());
        limiter = new RateLimiter(config.rateLimitWindowMs());
        digest = digestBuffer(config);
        retry = config.retryPolicy(sleeper, random);
        channel = openChannel(config, clock);
        reporter = errantRecordReporter();
        metrics = AlertSinkMetrics.of(context, failureReasons());
        LOG.info("{} started (min severity {}, rate limit {} ms, DLQ {})", getClass().getSimpleName(),
                config.minSeverity(), config.rateLimitWindowMs(), reporter == null ? "not configured" : "configured");
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context == null ? null : context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            accept(record);
        }
        sendDue();
    }

    private void accept(SinkRecord record) {
        Alert alert;
        try {
            alert = parser.parse(record);
        } catch (InvalidAlertException e) {
            reportErrant(record, "invalid alert record: " + e.getMessage(), AlertSinkMetrics.INVALID_RECORD);
            return;
        }
        if (alert.severity().compareTo(config.minSeverity()) < 0 || (alert.suppressed() && config.skipSuppressed())) {
            metrics.skipped();
            return;
        }
        if (digest != null && digest.accepts(alert)) {
            digest.add(alert, clock.millis());
            held.hold(alert);
            return;
        }
        Optional<Notification> now = limiter.offer(alert, clock.millis());
        if (now.isPresent()) {
            deliver(now.get());
        } else {
            held.hold(alert);
            metrics.folded();
            LOG.debug("Folded {} into the next message for {}", alert.idempotencyKey(), alert.rateKey());
        }
    }

    /** Sends what the rate limiter and the digest release at the clock's current time. */
    private void sendDue() {
        long now = clock.millis();
        limiter.due(now).forEach(this::deliver);
        if (digest != null) {
            digest.due(now).ifPresent(this::deliver);
        }
        metrics.pending(held.size());
    }

    private void deliver(Notification notification) {
        try {
            retry.run(channel, notification, (failure, retried) -> metrics.failed(failure.reason(), retried));
            metrics.sent(notification);
            LOG.debug("Delivered {} ({} alerts)", notification.idempotencyKey(), notification.all().size());
        } catch (DeliveryException.Permanent e) {
            for (Alert alert : notification.all()) {
                reportErrant(
                        alert.record(), "delivery rejected: " + e.getMessage(), AlertSinkMetrics.DELIVERY_REJECTED);
            }
        }
        notification.all().forEach(held::release);
    }

    private void reportErrant(SinkRecord record, String reason, String metricReason) {
        String where = record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
        if (reporter == null) {
            throw new ConnectException("Record " + where + " cannot be delivered (" + reason + ") and no dead "
                    + "letter queue is configured: set errors.tolerance=all and errors.deadletterqueue.topic.name");
        }
        LOG.warn("Sending record {} to the dead letter queue: {}", where, reason);
        reporter.report(record, new AlertRejectedException(reason));
        metrics.deadLettered(metricReason);
    }

    /** Sends the rate-limited and digest messages that are due by now. */
    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        sendDue();
    }

    /** Flushes, then commits no further than the first record not delivered yet in each partition. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        flush(currentOffsets);
        return held.limit(currentOffsets);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        limiter.forget(a -> partitions.contains(a.topicPartition()));
        if (digest != null) {
            digest.forget(a -> partitions.contains(a.topicPartition()));
        }
        held.forget(partitions);
        metrics.pending(held.size());
    }

    @Override
    public void stop() {
        if (channel != null) {
            channel.close();
        }
        if (held.size() > 0) {
            LOG.info("Stopping with {} undelivered alerts; their offsets were not committed, they will be replayed",
                    held.size());
        }
    }

    /** For tests: how many accepted alerts are not delivered yet. */
    int heldCount() {
        return held.size();
    }

    /** What this task counted (also exported as plugin metrics when the worker has them). */
    public AlertSinkMetrics metrics() {
        return metrics;
    }

    /** The reason a record went to the DLQ (its message is the reason). */
    public static final class AlertRejectedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AlertRejectedException(String reason) {
            super(reason, null, false, false);
        }
    }

}
