package io.driftwatch.ui;

/**
 * The most recent actuals of one series (time, value), for predictions that arrive after their actual (a replay
 * reads both topics side by side). Bounded by its capacity; a new actual overwrites the oldest, a revision of a
 * time held replaces its value. Not thread-safe: {@link ConsoleState} guards it.
 */
final class ActualRing {

    private final long[] time;
    private final double[] value;
    private int next;
    private int size;
    /** Newest time held: a later one (the usual case) needs no search. */
    private long newest = Long.MIN_VALUE;

    ActualRing(int capacity) {
        time = new long[capacity];
        value = new double[capacity];
    }

    void put(long t, double v) {
        if (t > newest) {
            newest = t;
            append(t, v);
            return;
        }
        for (int k = 1; k <= size; k++) {
            int i = Math.floorMod(next - k, time.length);
            if (time[i] == t) {
                value[i] = v;
                return;
            }
        }
        append(t, v);
    }

    private void append(long t, double v) {
        time[next] = t;
        value[next] = v;
        next = (next + 1) % time.length;
        size = Math.min(size + 1, time.length);
    }

    /** The actual at {@code t}, NaN when not held. */
    double at(long t) {
        if (t > newest) {
            return Double.NaN;
        }
        for (int k = 1; k <= size; k++) {
            int i = Math.floorMod(next - k, time.length);
            if (time[i] == t) {
                return value[i];
            }
        }
        return Double.NaN;
    }
}
