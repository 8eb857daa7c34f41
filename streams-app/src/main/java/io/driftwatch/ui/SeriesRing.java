package io.driftwatch.ui;

import java.util.Arrays;

/**
 * The most recent points of one model:horizon:series in primitive arrays: target time, actual (NaN until
 * known), prediction, interval bounds and config version. Bounded by its capacity ({@code ui.series.points}):
 * a new point overwrites the oldest. A prediction for a time already held replaces that point's prediction.
 * Not thread-safe: {@link ConsoleState} guards it.
 */
final class SeriesRing {

    private final long[] time;
    private final double[] actual;
    private final double[] predicted;
    private final double[] lower;
    private final double[] upper;
    private final int[] version;
    private int next;
    private int size;
    /** Newest time held: a later one (the usual case, forecasts come in time order) needs no search. */
    private long newest = Long.MIN_VALUE;

    SeriesRing(int capacity) {
        time = new long[capacity];
        actual = new double[capacity];
        predicted = new double[capacity];
        lower = new double[capacity];
        upper = new double[capacity];
        version = new int[capacity];
    }

    int size() {
        return size;
    }

    /** Adds or replaces the prediction for {@code t}; {@code knownActual} is NaN when the actual is not known. */
    void predict(long t, double yhat, double lo, double hi, int configVersion, double knownActual) {
        int i = t > newest ? -1 : indexOf(t);
        newest = Math.max(newest, t);
        if (i < 0) {
            i = next;
            next = (next + 1) % time.length;
            size = Math.min(size + 1, time.length);
            time[i] = t;
            actual[i] = knownActual;
        } else if (!Double.isNaN(knownActual)) {
            actual[i] = knownActual;
        }
        predicted[i] = yhat;
        lower[i] = lo;
        upper[i] = hi;
        version[i] = configVersion;
    }

    /** Sets the actual of the point at {@code t}, if held; false otherwise. */
    boolean actual(long t, double value) {
        int i = t > newest ? -1 : indexOf(t);
        if (i < 0) {
            return false;
        }
        actual[i] = value;
        return true;
    }

    /** Newest first: predictions mostly arrive in time order, so a re-issued one is found early. */
    private int indexOf(long t) {
        for (int k = 1; k <= size; k++) {
            int i = Math.floorMod(next - k, time.length);
            if (time[i] == t) {
                return i;
            }
        }
        return -1;
    }

    /** Sum of squared errors and count of the points with an actual and a time in [from, to]. */
    void squaredErrors(long from, long to, double[] sumAndCount) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < size; i++) {
            if (time[i] >= from && time[i] <= to && !Double.isNaN(actual[i])) {
                double e = predicted[i] - actual[i];
                sum += e * e;
                n++;
            }
        }
        sumAndCount[0] = sum;
        sumAndCount[1] = n;
    }

    /** Indexes of the points with time in [from, to], by time. */
    int[] indexesBetween(long from, long to) {
        int[] out = new int[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (time[i] >= from && time[i] <= to) {
                out[n++] = i;
            }
        }
        Integer[] boxed = new Integer[n];
        for (int k = 0; k < n; k++) {
            boxed[k] = out[k];
        }
        Arrays.sort(boxed, (a, b) -> Long.compare(time[a], time[b]));
        for (int k = 0; k < n; k++) {
            out[k] = boxed[k];
        }
        return Arrays.copyOf(out, n);
    }

    long time(int i) {
        return time[i];
    }

    double actual(int i) {
        return actual[i];
    }

    double predicted(int i) {
        return predicted[i];
    }

    double lower(int i) {
        return lower[i];
    }

    double upper(int i) {
        return upper[i];
    }

    int version(int i) {
        return version[i];
    }
}
