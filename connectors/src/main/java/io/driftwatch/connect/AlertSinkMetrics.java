package io.driftwatch.connect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one alert sink task did, counted in memory and exported as Connect plugin metrics (KIP-877,
 * Kafka 4.1+): the worker registers them in its own metrics, so they appear in JMX as
 * {@code kafka.connect:type=plugins,connector=<name>,task=<id>[,reason=<reason>]} next to Connect's
 * task metrics, and leave with the task.
 *
 * <p>Every metric is a {@link Measurable} reading a counter of this class (no Kafka {@code Sensor}:
 * sensor names are global in the worker, and two tasks would share them). Every counter the task
 * can foresee is registered at start, so it reads 0 before its first event (Prometheus sees every
 * series from the first scrape, and the MBean set does not change while the task runs): the
 * untagged ones, the channel's failure reasons, both dead-letter reasons. A reason nobody foresaw
 * is registered when it first occurs. On a worker without plugin metrics (before Kafka 4.1) or
 * when registration fails, the task counts but exports nothing.
 *
 * <p>Written by the task thread, read by JMX (or a test) from any thread.
 */
public final class AlertSinkMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(AlertSinkMetrics.class);

    /** Messages delivered (one Slack post, webhook call or email; a digest counts once). */
    public static final String MESSAGES_SENT = "alert-messages-sent-total";
    /** Alerts settled by delivered messages: the one shown, the ones folded into it, a digest's. */
    public static final String ALERTS_DELIVERED = "alerts-delivered-total";
    /** Attempts repeated after a retriable failure. */
    public static final String RETRIES = "alert-delivery-retries-total";
    /** Failed delivery attempts, retried or not, tagged {@code reason}. */
    public static final String FAILURES = "alert-delivery-failures-total";
    /** Records this task sent to the dead letter queue, tagged {@code reason}. */
    public static final String DEAD_LETTERED = "alerts-dead-lettered-total";
    /** Alerts held back by the rate limiter, to be folded into a later message. */
    public static final String FOLDED = "alerts-rate-limited-total";
    /** Digest messages delivered. */
    public static final String DIGESTS_SENT = "alert-digests-sent-total";
    /** Alerts below {@code min.severity}, skipped. */
    public static final String SKIPPED = "alerts-skipped-total";
    /** Alerts accepted but not delivered yet (rate-limited or waiting for a digest); a gauge. */
    public static final String PENDING = "alerts-pending";

    /** The tag of {@link #FAILURES} and {@link #DEAD_LETTERED}. */
    public static final String TAG_REASON = "reason";
    /** {@link #DEAD_LETTERED} reason: the record is not a valid alert. */
    public static final String INVALID_RECORD = "invalid-record";
    /** {@link #DEAD_LETTERED} reason: the endpoint rejected the message for good (4xx, SMTP 5xx). */
    public static final String DELIVERY_REJECTED = "delivery-rejected";

    private static final Map<String, String> DESCRIPTIONS = descriptions();

    private final Exporter exporter;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();

    private AlertSinkMetrics(Exporter exporter, List<String> failureReasons) {
        this.exporter = exporter;
        for (String name : DESCRIPTIONS.keySet()) {
            if (!name.equals(FAILURES) && !name.equals(DEAD_LETTERED) && !name.equals(PENDING)) {
                counter(name, null);
            }
        }
        failureReasons.forEach(reason -> counter(FAILURES, reason));
        List.of(INVALID_RECORD, DELIVERY_REJECTED).forEach(reason -> counter(DEAD_LETTERED, reason));
        exporter.export(PENDING, DESCRIPTIONS.get(PENDING), null, pending::get);
    }

    /**
     * Metrics exported through the task's plugin metrics, or only counted when the worker has none.
     *
     * @param failureReasons the reasons the task's channel reports failures with, registered at 0
     */
    public static AlertSinkMetrics of(SinkTaskContext context, List<String> failureReasons) {
        return new AlertSinkMetrics(exporter(context), failureReasons);
    }

    /** Counted, not exported (no worker). */
    public static AlertSinkMetrics unexported() {
        return new AlertSinkMetrics(Exporter.NONE, List.of());
    }

    private static Exporter exporter(SinkTaskContext context) {
        if (context == null) {
            return Exporter.NONE;
        }
        try {
            PluginMetrics plugin = context.pluginMetrics();
            if (plugin != null) {
                return new PluginExporter(plugin);
            }
        } catch (LinkageError | UnsupportedOperationException e) {
            LOG.info(
                    "The Connect worker has no plugin metrics (Kafka 4.1+), alert metrics are not exported: {}",
                    e.toString());
        }
        return Exporter.NONE;
    }

    /** A message went out; it settles {@code alerts} alerts. */
    public void sent(Notification notification) {
        increment(MESSAGES_SENT, null, 1);
        increment(ALERTS_DELIVERED, null, notification.all().size());
        if (notification.digest()) {
            increment(DIGESTS_SENT, null, 1);
        }
    }

    /** One delivery attempt failed with {@code reason}; {@code retried}: another attempt follows. */
    public void failed(String reason, boolean retried) {
        increment(FAILURES, reason, 1);
        if (retried) {
            increment(RETRIES, null, 1);
        }
    }

    public void deadLettered(String reason) {
        increment(DEAD_LETTERED, reason, 1);
    }

    public void folded() {
        increment(FOLDED, null, 1);
    }

    public void skipped() {
        increment(SKIPPED, null, 1);
    }

    public void pending(int alerts) {
        pending.set(alerts);
    }

    /** The value of counter {@code name} ({@code reason} null for untagged ones); 0 if never counted. */
    public long count(String name, String reason) {
        if (PENDING.equals(name)) {
            return pending.get();
        }
        AtomicLong c = counters.get(key(name, reason));
        return c == null ? 0 : c.get();
    }

    /** Every metric name with its description, in documentation order. */
    public static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(MESSAGES_SENT, "Messages delivered (a Slack post, a webhook call or an email; a digest counts once).");
        d.put(ALERTS_DELIVERED, "Alerts settled by delivered messages: the alert shown, the alerts folded into it, "
                + "the alerts of a digest.");
        d.put(RETRIES, "Delivery attempts repeated after a retriable failure.");
        d.put(FAILURES, "Failed delivery attempts (retried or not) by reason.");
        d.put(DEAD_LETTERED, "Records this task sent to the dead letter queue, by reason.");
        d.put(FOLDED, "Alerts held back by the rate limiter, to be folded into a later message.");
        d.put(DIGESTS_SENT, "Digest emails delivered.");
        d.put(SKIPPED, "Alerts below min.severity, skipped.");
        d.put(PENDING, "Alerts accepted but not delivered yet (rate-limited or waiting for a digest).");
        return d;
    }

    private void increment(String name, String reason, long by) {
        counter(name, reason).addAndGet(by);
    }

    private AtomicLong counter(String name, String reason) {
        return counters.computeIfAbsent(key(name, reason), k -> {
            AtomicLong c = new AtomicLong();
            exporter.export(name, DESCRIPTIONS.get(name), reason, c::get);
            return c;
        });
    }

    private static String key(String name, String reason) {
        return reason == null ? name : name + "{" + reason + "}";
    }

    /** Where counters are published. */
    private interface Exporter {
        Exporter NONE = (name, description, reason, value) -> { };

        void export(String name, String description, String reason, LongSupplier value);
    }

    /**
     * Registers each counter as a plugin metric. Kept apart so that a worker without
     * {@code PluginMetrics} never loads this class.
     */
    private static final class PluginExporter implements Exporter {
        private final PluginMetrics plugin;

        PluginExporter(PluginMetrics plugin) {
            this.plugin = plugin;
        }

        @Override
        public void export(String name, String description, String reason, LongSupplier value) {
            LinkedHashMap<String, String> tags = new LinkedHashMap<>();
            if (reason != null) {
                tags.put(TAG_REASON, reason);
            }
            try {
                MetricName metric = plugin.metricName(name, description, tags);
                plugin.addMetric(metric, (Measurable) (config, now) -> value.getAsLong());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Could not register the plugin metric {}{}: {}", name, tags, e.toString());
            }
        }
    }
}
