package io.driftwatch.monitor;

import static io.driftwatch.monitor.MonitorDriver.DAY;
import static io.driftwatch.monitor.MonitorDriver.actual;
import static io.driftwatch.monitor.MonitorDriver.day;
import static io.driftwatch.monitor.MonitorDriver.prediction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Prediction;

/** Feeds day-by-day predictions and actuals into a {@link MonitorDriver} and keeps the raw pairs for recomputation. */
final class Scenario {

    /** One raw matched pair as the test produced it. */
    record Raw(String series, long target, double actual, double yhat, double lower, double upper, int version) {
    }

    final List<Raw> pairs = new ArrayList<>();
    private final MonitorDriver m;
    private final String model;
    private int version = 1;

    Scenario(MonitorDriver m, String model) {
        this.m = m;
        this.model = model;
    }

    /** Promotes a config created at {@code createdDay}. */
    Scenario promote(int version, double createdDay) {
        m.configs.pipeInput(
                model + ":1d",
                ModelConfig.newBuilder()
                        .setModelId(model)
                        .setHorizon("1d")
                        .setVersion(version)
                        .setAlgorithm("naive")
                        .setCreatedAt(day(createdDay))
                        .build());
        return this;
    }

    /** Config version carried by the predictions of later {@link #days} calls (default 1). */
    Scenario predictWith(int configVersion) {
        this.version = configVersion;
        return this;
    }

    /**
     * For each day in [from, to): per series a prediction (issued the day before) with the given error, then the
     * actual.
     */
    Scenario days(int from, int to, String[] series, IntToDoubleFunction actualOf, ErrorFn errorOf) {
        for (int d = from; d < to; d++) {
            for (String s : series) {
                double a = actualOf.applyAsDouble(d);
                double e = errorOf.error(d, s);
                double yhat = a - e;
                m.pipe(Prediction.newBuilder(
                        prediction(model + "-" + s + "-" + d, model, s, day(d - 1), day(d), yhat, yhat - 2, yhat + 2))
                    .setConfigVersion(version).build());
                pairs.add(new Raw(s, day(d).toEpochMilli(), a, yhat, yhat - 2, yhat + 2, version));
            }
            for (String s : series) {
                m.pipe(actual(s, day(d), actualOf.applyAsDouble(d)));
            }
        }
        return this;
    }

    /** Error (actual - yhat) of one series on one day. */
    interface ErrorFn {
        double error(int day, String series);
    }

    /** Direct two-pass recomputation over the pairs with target in [from, to). */
    static double[] metrics(List<Raw> raw, Instant from, Instant to) {
        List<Raw> in = raw.stream()
                .filter(r -> r.target >= from.toEpochMilli() && r.target < to.toEpochMilli())
                .toList();
        int n = in.size();
        double sumSq = 0;
        double sumAbs = 0;
        double sumApe = 0;
        double sumE = 0;
        int hits = 0;
        for (Raw r : in) {
            double e = r.actual - r.yhat;
            sumSq += e * e;
            sumAbs += Math.abs(e);
            sumApe += Math.abs(e) / Math.abs(r.actual);
            sumE += e;
            hits += r.lower <= r.actual && r.actual <= r.upper ? 1 : 0;
        }
        double mean = sumE / n;
        double m2 = 0;
        for (Raw r : in) {
            double e = r.actual - r.yhat;
            m2 += (e - mean) * (e - mean);
        }
        return new double[] {
            n, Math.sqrt(sumSq / n), sumAbs / n, sumApe / n, mean, Math.sqrt(m2 / (n - 1)), (double) hits / n
        };
    }

    static long days(long millis) {
        return millis / DAY;
    }
}
