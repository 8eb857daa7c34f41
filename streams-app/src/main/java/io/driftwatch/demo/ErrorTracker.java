package io.driftwatch.demo;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's own view of forecast quality: joins predictions of one horizon with actuals by
 * (series, target time) and keeps squared errors per phase (before the regime change, after it
 * with the old config, after the promotion). Independent of the monitor, so the demo's summary
 * checks the loop from outside. Bounded by the demo's size.
 */
final class ErrorTracker {

    /** Running sum of squared errors. */
    static final class Rmse {
        double sumSquares;
        long n;

        void add(double error) {
            sumSquares += error * error;
            n++;
        }

        double value() {
            return n == 0 ? Double.NaN : Math.sqrt(sumSquares / n);
        }
    }

    private record Key(String series, long targetTime) {
    }

    private record Forecast(double yhat, int version) {
    }

    private final String horizon;
    private final Map<Key, Double> actuals = new HashMap<>();
    private final Map<Key, Forecast> forecasts = new HashMap<>();
    private final Map<String, TreeMap<Long, Double>> squaredErrorsByDay = new HashMap<>();
    private final Map<String, Map<Integer, Rmse>> byVersion = new HashMap<>();

    ErrorTracker(String horizon) {
        this.horizon = horizon;
    }

    void actual(String series, Instant eventTime, double value) {
        Key key = new Key(series, eventTime.toEpochMilli());
        actuals.put(key, value);
        Forecast f = forecasts.remove(key);
        if (f != null) {
            record(series, key.targetTime(), value - f.yhat(), f.version());
        }
    }

    void prediction(String series, String horizonLabel, Instant target, double yhat, int version) {
        if (!horizon.equals(horizonLabel)) {
            return;
        }
        Key key = new Key(series, target.toEpochMilli());
        Double actual = actuals.get(key);
        if (actual != null) {
            record(series, key.targetTime(), actual - yhat, version);
        } else {
            forecasts.put(key, new Forecast(yhat, version));
        }
    }

    private void record(String series, long targetTime, double error, int version) {
        squaredErrorsByDay.computeIfAbsent(series, s -> new TreeMap<>()).put(targetTime, error * error);
        byVersion.computeIfAbsent(series, s -> new TreeMap<>()).computeIfAbsent(version, v -> new Rmse()).add(error);
    }

    /** RMSE of the series' errors whose target time is in [from, to). */
    double rmse(String series, Instant from, Instant to) {
        TreeMap<Long, Double> errors = squaredErrorsByDay.getOrDefault(series, new TreeMap<>());
        Rmse r = new Rmse();
        errors.subMap(from.toEpochMilli(), to.toEpochMilli()).values().forEach(sq -> r.add(Math.sqrt(sq)));
        return r.value();
    }

    long count(String series, Instant from, Instant to) {
        return squaredErrorsByDay
                .getOrDefault(series, new TreeMap<>())
                .subMap(from.toEpochMilli(), to.toEpochMilli())
                .size();
    }

    Map<Integer, Rmse> byVersion(String series) {
        return byVersion.getOrDefault(series, Map.of());
    }

    String horizon() {
        return horizon;
    }
}
