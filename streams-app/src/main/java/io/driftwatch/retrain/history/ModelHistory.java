package io.driftwatch.retrain.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bounded history of the series of one model, built from actuals as they are read.
 *
 * <p>Bounds: at most {@code maxSeries} series, the preferred one (the trigger's) always kept and
 * the others chosen in series-id order (the largest id is evicted when a smaller one arrives), so
 * the selection does not depend on the order records are read; per series one value per bucket
 * (a later revision of a bucket replaces an earlier one, an equal or lower revision is ignored).
 * Memory is therefore {@code maxSeries x buckets in the history window}. Not thread-safe.
 */
public final class ModelHistory {

    /** One bucket's value and the revision it came from. */
    private record Point(double value, int revision) {
    }

    private final int maxSeries;
    private final String preferred;
    private final TreeMap<String, TreeMap<Long, Point>> series = new TreeMap<>(preferredFirst());
    private long bucketMs;

    /**
     * @param maxSeries at most this many series
     * @param preferred the series kept whatever its id (the trigger's), or null
     */
    public ModelHistory(int maxSeries, String preferred) {
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries must be >= 1");
        }
        this.maxSeries = maxSeries;
        this.preferred = preferred;
    }

    private Comparator<String> preferredFirst() {
        return (a, b) -> a.equals(b) ? 0 : a.equals(preferred) ? -1 : b.equals(preferred) ? 1 : a.compareTo(b);
    }

    /** Adds one actual; returns false if its series is not kept. */
    public boolean add(String seriesId, long eventTime, double value, int revision, long bucket) {
        TreeMap<Long, Point> points = series.get(seriesId);
        if (points == null) {
            if (series.size() >= maxSeries) {
                String last = series.lastKey();
                if (preferredFirst().compare(seriesId, last) > 0) {
                    return false;
                }
                series.remove(last);
            }
            points = new TreeMap<>();
            series.put(seriesId, points);
        }
        Point old = points.get(eventTime);
        if (old == null || revision > old.revision()) {
            points.put(eventTime, new Point(value, revision));
        }
        bucketMs = Math.max(bucketMs, bucket);
        return true;
    }

    /** The bucket length seen (the largest bucket_ms), 0 when empty. */
    public long bucketMs() {
        return bucketMs;
    }

    /** Series ids kept, preferred first. */
    public List<String> seriesIds() {
        return new ArrayList<>(series.keySet());
    }

    /**
     * The series as regularly spaced arrays (oldest first), preferred first: missing buckets
     * between the first and last carry the previous value forward. Series shorter than
     * {@code minLength} are left out.
     */
    public Map<String, double[]> arrays(int minLength) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, TreeMap<Long, Point>> e : series.entrySet()) {
            double[] y = regular(e.getValue());
            if (y.length >= minLength) {
                out.put(e.getKey(), y);
            }
        }
        return out;
    }

    private double[] regular(TreeMap<Long, Point> points) {
        if (points.isEmpty() || bucketMs <= 0) {
            return new double[0];
        }
        long first = points.firstKey();
        int n = (int) ((points.lastKey() - first) / bucketMs) + 1;
        double[] y = new double[n];
        double last = points.firstEntry().getValue().value();
        for (int i = 0; i < n; i++) {
            Point p = points.get(first + i * bucketMs);
            last = p != null ? p.value() : last;
            y[i] = last;
        }
        return y;
    }
}
