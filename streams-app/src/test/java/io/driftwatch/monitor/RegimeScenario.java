package io.driftwatch.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.StringSerializer;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Prediction;
import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.stats.ErrorBucket;
import io.driftwatch.stats.ErrorSummary;
import io.driftwatch.stats.LossRatioTest;
import io.driftwatch.topics.Topics;

/**
 * A realistic input for integration tests: daily rate-like series (random walks around 900) whose
 * volatility jumps on a known day, forecast by a fixed naive model (yhat = yesterday's value,
 * 95% interval +-1.96), with a reference computation of the first PERFORMANCE_DEGRADATION.
 */
public final class RegimeScenario {

    static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");
    static final long DAY = 86_400_000L;
    public static final String MODEL = "naive";

    final int days;
    final int changeDay;
    final List<String> series = new ArrayList<>();
    final Map<String, double[]> values = new TreeMap<>();

    public RegimeScenario(int seriesCount, int days, int changeDay, long seed) {
        this.days = days;
        this.changeDay = changeDay;
        Random rnd = new Random(seed);
        for (int s = 0; s < seriesCount; s++) {
            String id = seriesCount == 1 ? "USDCLP" : "FX" + s;
            double[] v = new double[days];
            v[0] = 900 + s;
            for (int d = 1; d < days; d++) {
                v[d] = v[d - 1] + rnd.nextGaussian() * (d >= changeDay ? 2.0 : 1.0);
            }
            series.add(id);
            values.put(id, v);
        }
    }

    public static Instant day(int d) {
        return DAY0.plusMillis(d * DAY);
    }

    public ModelConfig config() {
        return ModelConfig.newBuilder().setModelId(MODEL).setHorizon("1d").setVersion(1).setAlgorithm("naive")
            .setCreatedAt(DAY0).build();
    }

    /** Per day: every series' prediction for that day (issued the day before), then every actual. */
    public List<Object> events() {
        List<Object> out = new ArrayList<>();
        for (int d = 1; d < days; d++) {
            for (String s : series) {
                double yhat = values.get(s)[d - 1];
                out.add(Prediction.newBuilder().setPredictionId(s + "-" + d).setModelId(MODEL).setConfigVersion(1)
                    .setSeriesId(s).setTenantId("fx").setHorizon("1d").setIssuedAt(day(d - 1)).setTargetTime(day(d))
                    .setYhat(yhat).setYhatLower(yhat - 1.96).setYhatUpper(yhat + 1.96).build());
            }
            for (String s : series) {
                out.add(Actual.newBuilder()
                        .setSeriesId(s)
                        .setTenantId("fx")
                        .setEventTime(day(d))
                        .setValue(values.get(s)[d])
                        .build());
            }
        }
        return out;
    }

    /** Errors of all pairs with target day in [from, to). */
    ErrorSummary errors(int from, int to) {
        ErrorBucket b = new ErrorBucket();
        for (double[] v : values.values()) {
            for (int d = Math.max(1, from); d < Math.min(days, to); d++) {
                b.add(v[d], v[d - 1], v[d - 1] - 1.96, v[d - 1] + 1.96);
            }
        }
        return b.summary();
    }

    /**
     * Window end (day) of the first PERFORMANCE_DEGRADATION under the default settings, or -1, recomputed from the
     * raw values: the baseline holds data over at least half its 60 days, the RMSE ratio is at least 1.15, and the
     * per-day mean squared errors of the 60 + 14 days pass the one-sided loss-ratio test at 0.01 (fixed-b HAC,
     * lag 4 (T/100)^(2/9) for a 1-day horizon).
     */
    int firstDegradationEnd() {
        for (int end = 2; end < days - 1; end++) {
            ErrorSummary recent = errors(end - 14, end);
            ErrorSummary base = errors(end - 74, end - 14);
            if (recent.n() < 10 || base.n() < 10 || Math.max(1, end - 74) > end - 14 - 30
                || recent.rmse() < base.rmse() * 1.15) {
                continue;
            }
            List<Double> losses = new ArrayList<>();
            int nBaseline = 0;
            for (int d = Math.max(1, end - 74); d < Math.min(days, end); d++) {
                losses.add(errors(d, d + 1).rmse() * errors(d, d + 1).rmse());
                nBaseline += d < end - 14 ? 1 : 0;
            }
            int lag = Math.min((int) Math.floor(4 * Math.pow(losses.size() / 100.0, 2.0 / 9.0)), losses.size() - 3);
            LossRatioTest.Result r = LossRatioTest.test(losses.stream().mapToDouble(Double::doubleValue).toArray(),
                nBaseline, lag, 0.02, LossRatioTest.Method.FIXED_B_WELCH);
            if (r.pValue() < 0.01) {
                return end;
            }
        }
        return -1;
    }

    /** The predictions of {@link #events()}, keyed by series. */
    public List<Map.Entry<String, Prediction>> predictions() {
        return events().stream()
                .filter(Prediction.class::isInstance)
                .map(e -> Map.entry(((Prediction) e).getSeriesId(), (Prediction) e))
                .toList();
    }

    /** The actuals of {@link #events()}, keyed by series. */
    public List<Map.Entry<String, Actual>> actuals() {
        return events().stream()
                .filter(Actual.class::isInstance)
                .map(e -> Map.entry(((Actual) e).getSeriesId(), (Actual) e))
                .toList();
    }

    /** Creates the topics and produces the v1 config, the predictions and the actuals. */
    public void produceTo(KafkaTestKit kit, Topics topics) {
        kit.createTopics(topics.all());
        StringSerializer keys = new StringSerializer();
        kit.produce(topics.modelConfigs.name(), keys, topics.modelConfigs.valueSerde().serializer(),
            List.of(Map.entry(MODEL + ":1d", config())));
        kit.produce(topics.predictions.name(), keys, topics.predictions.valueSerde().serializer(), predictions());
        kit.produce(topics.actuals.name(), keys, topics.actuals.valueSerde().serializer(), actuals());
    }
}
