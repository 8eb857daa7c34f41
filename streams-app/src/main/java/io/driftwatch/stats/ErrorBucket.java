package io.driftwatch.stats;

import java.nio.ByteBuffer;

/**
 * Sufficient statistics of forecast errors {@code e = actual - yhat} for one time bucket, small
 * enough to live in a state store and exact enough to rebuild RMSE, MAE, MAPE, bias, error std and
 * interval coverage of any union of buckets ({@link #merge}, then {@link #summary()}).
 *
 * <p>Numerics: the sums of e, |e| and |e|/|y| are Neumaier-compensated (value + running
 * compensation), and the sum of squares is kept centred (Welford's M2 = sum (e - mean)^2, merged
 * with Chan's formula), so neither the error std nor RMSE = sqrt(M2/n + mean^2) suffers the
 * cancellation of {@code sum e^2 - (sum e)^2 / n}. Tests check 1e-9 relative agreement with a
 * direct two-pass recomputation for series around 900 (USD/CLP-like) and 1e6.
 *
 * <p>Invariants: {@code count >= nonZeroActuals}, {@code count >= intervalHits}, m2 >= 0. Mutable
 * and not thread-safe: one instance per store value being updated. {@link #toBytes()} is always
 * {@link #SERIALIZED_SIZE} bytes.
 */
public final class ErrorBucket {

    /** Fixed serialized size: version byte + 5 longs + 11 doubles. */
    public static final int SERIALIZED_SIZE = 1 + 5 * Long.BYTES + 11 * Double.BYTES;
    /** Size of the version 1 encoding (no interval scores), still read. */
    static final int SERIALIZED_SIZE_V1 = 1 + 3 * Long.BYTES + 8 * Double.BYTES;

    private static final byte VERSION = 2;
    /** Miscoverage of the interval the pinball loss and Winkler score assume (a 95% interval). */
    public static final double INTERVAL_ALPHA = 0.05;

    private long count;
    private long nonZeroActuals;
    private long intervalHits;
    private final CompensatedSum sumE = new CompensatedSum();
    private double m2;
    private final CompensatedSum sumAbsE = new CompensatedSum();
    private final CompensatedSum sumApe = new CompensatedSum();
    /** Pairs whose interval is not degenerate (upper > lower), and the hits among them. */
    private long intervalPairs;

    private long intervalPairHits;
    /** Over the interval pairs: pinball loss of the two bounds (mean of the two), Winkler interval score. */
    private final CompensatedSum sumPinball = new CompensatedSum();

    private final CompensatedSum sumWinkler = new CompensatedSum();

    /**
     * Adds one matched (prediction, actual) pair.
     *
     * @param lower lower bound of the 95% prediction interval; a hit is lower <= actual <= upper
     * @throws IllegalArgumentException if any argument is not finite
     */
    public ErrorBucket add(double actual, double yhat, double lower, double upper) {
        requireFinite(actual, "actual");
        requireFinite(yhat, "yhat");
        requireFinite(lower, "lower");
        requireFinite(upper, "upper");
        double e = actual - yhat;
        double oldMean = count == 0 ? 0.0 : sumE.value() / count;
        count++;
        sumE.add(e);
        double newMean = sumE.value() / count;
        m2 += (e - oldMean) * (e - newMean);
        sumAbsE.add(Math.abs(e));
        if (actual != 0.0) {
            nonZeroActuals++;
            sumApe.add(Math.abs(e) / Math.abs(actual));
        }
        boolean hit = lower <= actual && actual <= upper;
        if (hit) {
            intervalHits++;
        }
        if (upper > lower) {
            intervalPairs++;
            if (hit) {
                intervalPairHits++;
            }
            sumPinball.add(
                    (pinball(actual, lower, INTERVAL_ALPHA / 2) + pinball(actual, upper, 1 - INTERVAL_ALPHA / 2)) / 2);
            sumWinkler.add(winkler(actual, lower, upper, INTERVAL_ALPHA));
        }
        return this;
    }

    /** Pinball (quantile) loss of {@code q} as the {@code tau} quantile of {@code y}. */
    public static double pinball(double y, double q, double tau) {
        return y >= q ? tau * (y - q) : (1 - tau) * (q - y);
    }

    /** Winkler interval score of [lower, upper] as a (1 - alpha) interval for {@code y}: width plus 2/alpha x miss. */
    public static double winkler(double y, double lower, double upper, double alpha) {
        double score = upper - lower;
        if (y < lower) {
            score += 2 / alpha * (lower - y);
        } else if (y > upper) {
            score += 2 / alpha * (y - upper);
        }
        return score;
    }

    /** Pairs with a non-degenerate interval (upper > lower). */
    public long intervalPairs() {
        return intervalPairs;
    }

    /** Actuals inside their non-degenerate interval. */
    public long intervalPairHits() {
        return intervalPairHits;
    }

    /** Mean pinball loss of the interval bounds (as the 2.5% and 97.5% quantiles); NaN without interval pairs. */
    public double meanPinball() {
        return intervalPairs == 0 ? Double.NaN : sumPinball.value() / intervalPairs;
    }

    /** Mean Winkler score of the 95% intervals; NaN without interval pairs. */
    public double meanWinkler() {
        return intervalPairs == 0 ? Double.NaN : sumWinkler.value() / intervalPairs;
    }

    /** Folds {@code other} into this bucket (Chan's parallel update for the centred squares). */
    public ErrorBucket merge(ErrorBucket other) {
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            copyFrom(other);
            return this;
        }
        double meanA = sumE.value() / count;
        double meanB = other.sumE.value() / other.count;
        double delta = meanB - meanA;
        long total = count + other.count;
        m2 = m2 + other.m2 + delta * delta * ((double) count * other.count / total);
        count = total;
        nonZeroActuals += other.nonZeroActuals;
        intervalHits += other.intervalHits;
        sumE.add(other.sumE);
        sumAbsE.add(other.sumAbsE);
        sumApe.add(other.sumApe);
        intervalPairs += other.intervalPairs;
        intervalPairHits += other.intervalPairHits;
        sumPinball.add(other.sumPinball);
        sumWinkler.add(other.sumWinkler);
        return this;
    }

    /** Metrics of everything added or merged so far; all NaN (and n = 0) when empty. */
    public ErrorSummary summary() {
        if (count == 0) {
            return new ErrorSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = sumE.value() / count;
        double rmse = Math.sqrt(m2 / count + mean * mean);
        double std = count > 1 ? Math.sqrt(m2 / (count - 1)) : Double.NaN;
        double mape = nonZeroActuals > 0 ? sumApe.value() / nonZeroActuals : Double.NaN;
        return new ErrorSummary(count, rmse, sumAbsE.value() / count, mape, mean, std, (double) intervalHits / count);
    }

    /** Summary of the union of {@code buckets} (none of which is modified). */
    public static ErrorSummary summarize(Iterable<ErrorBucket> buckets) {
        ErrorBucket total = new ErrorBucket();
        for (ErrorBucket b : buckets) {
            total.merge(b);
        }
        return total.summary();
    }

    public long count() {
        return count;
    }

    /** Sum of e^2, rebuilt from the centred form. */
    public double sumSquaredErrors() {
        return count == 0 ? 0.0 : m2 + sumE.value() * (sumE.value() / count);
    }

    /** Fixed-size big-endian encoding, see {@link #SERIALIZED_SIZE}. */
    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(SERIALIZED_SIZE);
        buf.put(VERSION).putLong(count).putLong(nonZeroActuals).putLong(intervalHits);
        buf.putDouble(sumE.sum).putDouble(sumE.compensation).putDouble(m2);
        buf.putDouble(sumAbsE.sum).putDouble(sumAbsE.compensation);
        buf.putDouble(sumApe.sum).putDouble(sumApe.compensation);
        buf.putLong(intervalPairs).putLong(intervalPairHits);
        buf.putDouble(sumPinball.sum).putDouble(sumPinball.compensation);
        buf.putDouble(sumWinkler.sum).putDouble(sumWinkler.compensation);
        return buf.array();
    }

    /** Inverse of {@link #toBytes()}. */
    public static ErrorBucket fromBytes(byte[] bytes) {
        boolean v1 = bytes != null && bytes.length == SERIALIZED_SIZE_V1 && bytes[0] == 1;
        if (!v1 && (bytes == null || bytes.length != SERIALIZED_SIZE || bytes[0] != VERSION)) {
            throw new IllegalArgumentException("not a version " + VERSION + " ErrorBucket of " + SERIALIZED_SIZE
                    + " bytes (nor version 1 of " + SERIALIZED_SIZE_V1 + ")");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        ErrorBucket b = new ErrorBucket();
        b.count = buf.getLong();
        b.nonZeroActuals = buf.getLong();
        b.intervalHits = buf.getLong();
        b.sumE.set(buf.getDouble(), buf.getDouble());
        b.m2 = buf.getDouble();
        b.sumAbsE.set(buf.getDouble(), buf.getDouble());
        b.sumApe.set(buf.getDouble(), buf.getDouble());
        if (!v1) {
            b.intervalPairs = buf.getLong();
            b.intervalPairHits = buf.getLong();
            b.sumPinball.set(buf.getDouble(), buf.getDouble());
            b.sumWinkler.set(buf.getDouble(), buf.getDouble());
        }
        if (b.intervalPairHits > b.intervalPairs
                || b.intervalPairs > b.count
                || b.count < 0
                || b.nonZeroActuals > b.count
                || b.intervalHits > b.count
                || b.m2 < 0) {
            throw new IllegalArgumentException("corrupt ErrorBucket: count=" + b.count);
        }
        return b;
    }

    private void copyFrom(ErrorBucket o) {
        count = o.count;
        nonZeroActuals = o.nonZeroActuals;
        intervalHits = o.intervalHits;
        m2 = o.m2;
        sumE.set(o.sumE.sum, o.sumE.compensation);
        sumAbsE.set(o.sumAbsE.sum, o.sumAbsE.compensation);
        sumApe.set(o.sumApe.sum, o.sumApe.compensation);
        intervalPairs = o.intervalPairs;
        intervalPairHits = o.intervalPairHits;
        sumPinball.set(o.sumPinball.sum, o.sumPinball.compensation);
        sumWinkler.set(o.sumWinkler.sum, o.sumWinkler.compensation);
    }

    private static void requireFinite(double v, String name) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
    }

    /** Neumaier's improved Kahan summation. */
    private static final class CompensatedSum {
        private double sum;
        private double compensation;

        void add(double v) {
            double t = sum + v;
            if (Math.abs(sum) >= Math.abs(v)) {
                compensation += (sum - t) + v;
            } else {
                compensation += (v - t) + sum;
            }
            sum = t;
        }

        void add(CompensatedSum other) {
            add(other.sum);
            add(other.compensation);
        }

        void set(double s, double c) {
            sum = s;
            compensation = c;
        }

        double value() {
            return sum + compensation;
        }
    }
}
