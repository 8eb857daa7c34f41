package io.driftwatch.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;


/**
 * The one place apps get their meter registry from: Micrometer's {@link Metrics#globalRegistry}.
 *
 * <p>Apps record into {@link #registry()} (or {@code Metrics.globalRegistry} directly, which is the
 * same); the process that serves {@code /metrics} calls {@link #prometheus()} once at start-up,
 * which adds a Prometheus registry to the global one. Invariant: that happens before any app is
 * created, because the global composite drops increments while it has no registry attached.
 * Kafka's own metrics (Streams, producers, consumers, admin) are bridged with Micrometer's Kafka
 * binders, tagged with the app name.
 */
public final class Telemetry {

    private static PrometheusMeterRegistry prometheus;

    private Telemetry() {
    }

    /** Where every driftwatch meter goes. */
    public static MeterRegistry registry() {
        return Metrics.globalRegistry;
    }

    /** The Prometheus registry, created and attached to the global registry on first call. */
    public static synchronized PrometheusMeterRegistry prometheus() {
        if (prometheus == null) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Metrics.addRegistry(prometheus);
        }
        return prometheus;
    }

    /**
     * Bridges a Streams client's metrics (threads, tasks, its consumers and producers) into the registry; close it with
     * the app.
     */
    public static KafkaStreamsMetrics bind(String app, KafkaStreams streams) {
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams, Tags.of(MetricNames.TAG_APP, app));
        metrics.bindTo(registry());
        return metrics;
    }

    /** Bridges a producer's metrics; close the result before the producer. */
    public static KafkaClientMetrics bind(String app, Producer<?, ?> producer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer, Tags.of(MetricNames.TAG_APP, app));
        metrics.bindTo(registry());
        return metrics;
    }

    /** Bridges a consumer's metrics; close the result before the consumer. */
    public static KafkaClientMetrics bind(String app, Consumer<?, ?> consumer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, Tags.of(MetricNames.TAG_APP, app));
        metrics.bindTo(registry());
        return metrics;
    }

    /** Bridges an admin client's metrics; close the result before the client. */
    public static KafkaClientMetrics bind(String app, AdminClient admin) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(admin, Tags.of(MetricNames.TAG_APP, app));
        metrics.bindTo(registry());
        return metrics;
    }
}
