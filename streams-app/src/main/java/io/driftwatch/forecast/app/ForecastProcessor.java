package io.driftwatch.forecast.app;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Prediction;
import io.driftwatch.config.ModelAssignment;
import io.driftwatch.kafka.BadRecordException;
import io.driftwatch.topics.ModelKey;

/**
 * Keeps each series' history and, when an actual is the series' newest point, emits one
 * {@link Prediction} per configured horizon with the model:horizon's promoted config.
 *
 * <p>Per record: check the contract (key = series_id, finite value, bucket_ms > 0; others go to
 * dead-letters), find the series' model ({@code forecaster.models}; a series without one is
 * dropped before it takes any state), update the history ({@link SeriesHistory}: corrections replace, late points go in
 * place, neither re-emits), then, once the history has {@code forecaster.min-history} points, resolve each horizon's
 * config from the
 * global {@code model-configs} store (read on every record, so a new version applies to the next
 * prediction), fit once per distinct config ({@link ForecastEngine}) and forward the predictions,
 * keyed by series id and stamped with issued_at.
 *
 * <p>State: the history store holds one entry per series, bounded by
 * {@code forecaster.history.max-points}; in memory, the parsed-config cache (one entry per
 * model:horizon) and the set of problems already logged (capped at {@value #MAX_LOGGED}).
 */
final class ForecastProcessor implements Processor<String, Actual, String, Prediction> {

    private static final Logger LOG = LoggerFactory.getLogger(ForecastProcessor.class);
    static final int MAX_LOGGED = 10_000;

    /** One horizon to predict for this actual, with its steps and resolved config. */
    private record Plan(Horizon horizon, String key, int steps, ResolvedConfig config) {
    }

    private final ForecasterConfig config;
    private final List<Horizon> horizons;
    private final ModelAssignment routes;
    private final ZoneId zone;
    private final ConfigResolver resolver;
    private final String historyStoreName;
    private final String configStoreName;
    private final Set<String> logged = new HashSet<>();
    private ProcessorContext<String, Prediction> context;
    private KeyValueStore<String, byte[]> history;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<ModelConfig>> configs;
    private ForecasterSensors metrics;

    ForecastProcessor(ForecasterConfig config, String historyStoreName, String configStoreName) {
        this.config = config;
        this.horizons = config.horizons();
        this.routes = config.models();
        this.zone = config.timeZone();
        this.resolver = new ConfigResolver(config.defaultSpec());
        this.historyStoreName = historyStoreName;
        this.configStoreName = configStoreName;
    }

    @Override
    public void init(ProcessorContext<String, Prediction> context) {
        this.context = context;
        this.history = context.getStateStore(historyStoreName);
        this.configs = context.getStateStore(configStoreName);
        this.metrics = new ForecasterSensors(context.metrics(), context.taskId().toString());
    }

    @Override
    public void process(Record<String, Actual> record) {
        Actual actual = checkContract(record.key(), record.value());
        String series = actual.getSeriesId();
        Optional<String> model = routes.modelFor(series);
        if (model.isEmpty()) {
            metrics.unroutedActuals.record();
            logOnce("unrouted|" + series, () -> "no " + ForecasterConfig.MODELS + " rule matches series '" + series
                + "': it is not forecast and keeps no history");
            return;
        }
        SeriesHistory h = SeriesHistory.fromBytes(history.get(series), config.historyMaxPoints());
        SeriesHistory.Change change = h.upsert(actual.getEventTime().toEpochMilli(), actual.getValue());
        if (change != SeriesHistory.Change.DROPPED) {
            history.put(series, h.toBytes());
        }
        if (change != SeriesHistory.Change.APPENDED) {
            metrics.lateActuals.record();
            return;
        }
        if (h.size() < config.minHistory()) {
            return;
        }
        predict(model.get(), actual, h.values());
    }

    private void predict(String modelId, Actual actual, double[] values) {
        List<Plan> plans = plan(modelId, actual.getBucketMs());
        if (plans.isEmpty()) {
            return;
        }
        int maxSteps = plans.stream().mapToInt(Plan::steps).max().orElseThrow();
        Instant issuedAt = actual.getEventTime();
        long seed = Predictions.seed(config.seed(), actual.getSeriesId(), issuedAt);
        Map<String, ForecastEngine.Result> results = ForecastEngine.forecastAll(values,
            plans.stream().map(Plan::config).toList(), maxSteps, seed);
        for (Plan p : plans) {
            ForecastEngine.Result r = results.get(p.config().specKey());
            if (r.fallback() != null) {
                metrics.fitFallbacks.record();
                logOnce("fit|" + p.key() + "|" + p.config().version(), () -> "config " + p.key() + " version "
                    + p.config().version() + ": " + r.fallback() + "; predicting with naive until it can");
            }
            Instant target = Horizon.target(issuedAt, p.steps(), actual.getBucketMs(), zone);
            Prediction prediction = Predictions.of(modelId, p.config().version(), actual.getSeriesId(),
                actual.getTenantId(), p.horizon(), issuedAt, target, r.forecast(), p.steps());
            context.forward(new Record<>(actual.getSeriesId(), prediction, issuedAt.toEpochMilli()));
            metrics.predictions.record();
            ForecasterMeters.predicted(modelId, p.horizon().label(), p.config().version());
        }
    }

    /** The horizons this actual's bucket size can serve, each with its config. */
    private List<Plan> plan(String modelId, long bucketMs) {
        List<Plan> plans = new ArrayList<>(horizons.size());
        for (Horizon horizon : horizons) {
            int steps = horizon.steps(bucketMs);
            if (steps == 0) {
                metrics.skippedHorizons.record();
                logOnce("steps|" + horizon.label() + "|" + bucketMs, () -> "horizon " + horizon.label()
                    + " is not a whole number of " + bucketMs + " ms buckets: skipped for such actuals");
                continue;
            }
            String key = ModelKey.of(modelId, horizon.label());
            ValueAndTimestamp<ModelConfig> promoted = configs.get(key);
            ConfigResolver.Resolution res = resolver.resolve(key, promoted == null ? null : promoted.value());
            if (res.problem() != null) {
                metrics.configFallbacks.record();
                if (res.firstTime()) {
                    LOG.warn(res.problem());
                }
            }
            plans.add(new Plan(horizon, key, steps, res.config()));
        }
        return plans;
    }

    private static Actual checkContract(String key, Actual actual) {
        if (actual == null) {
            throw new BadRecordException("null-value", "a record without a value (tombstone) is not an actual");
        }
        if (!actual.getSeriesId().equals(key)) {
            throw new BadRecordException("key-not-series-id", "the record key must be the series_id '"
                + actual.getSeriesId() + "', was " + (key == null ? "null" : "'" + key + "'"));
        }
        if (!Double.isFinite(actual.getValue())) {
            throw new BadRecordException("non-finite-value", "value of series " + key + " at "
                + actual.getEventTime() + " is " + actual.getValue());
        }
        if (actual.getBucketMs() <= 0 || actual.getEventTime().toEpochMilli() < 0) {
            throw new BadRecordException("bad-bucket", "bucket_ms must be > 0 and event_time >= 1970, got "
                + actual.getBucketMs() + " and " + actual.getEventTime());
        }
        return actual;
    }

    private void logOnce(String what, Supplier<String> message) {
        if (logged.size() < MAX_LOGGED && logged.add(what)) {
            LOG.warn(message.get());
        }
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
