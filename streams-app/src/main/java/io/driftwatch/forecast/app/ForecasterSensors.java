package io.driftwatch.forecast.app;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The forecaster's counters, as Kafka Streams metrics in group
 * {@code stream-driftwatch-forecaster-metrics} (tag {@code driftwatch-forecaster-id} = task id), each
 * with {@code -total} and {@code -rate}: {@code predictions}, {@code late-actuals} (not the
 * series' newest point: late, out of order, a correction or a redelivery; history updated, nothing
 * emitted), {@code config-fallbacks} (a promoted config was invalid, the default was used),
 * {@code fit-fallbacks} (a config could not fit the history yet, naive was used),
 * {@code unrouted-actuals} (no {@code forecaster.models} rule matches the series) and
 * {@code skipped-horizons} (a horizon is not a whole number of the actual's buckets).
 * One instance per processor; {@link #close()} removes its sensors.
 */
final class ForecasterSensors implements AutoCloseable {

    static final String SCOPE = "driftwatch-forecaster";

    final Sensor predictions;
    final Sensor lateActuals;
    final Sensor configFallbacks;
    final Sensor fitFallbacks;
    final Sensor unroutedActuals;
    final Sensor skippedHorizons;
    private final StreamsMetrics metrics;
    private final List<Sensor> all = new ArrayList<>();

    ForecasterSensors(StreamsMetrics metrics, String entity) {
        this.metrics = metrics;
        predictions = add(entity, "predictions");
        lateActuals = add(entity, "late-actuals");
        configFallbacks = add(entity, "config-fallbacks");
        fitFallbacks = add(entity, "fit-fallbacks");
        unroutedActuals = add(entity, "unrouted-actuals");
        skippedHorizons = add(entity, "skipped-horizons");
    }

    private Sensor add(String entity, String operation) {
        Sensor s = metrics.addRateTotalSensor(SCOPE, entity, operation, Sensor.RecordingLevel.INFO);
        all.add(s);
        return s;
    }

    @Override
    public void close() {
        all.forEach(metrics::removeSensor);
        all.clear();
    }
}
