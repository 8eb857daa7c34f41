package io.driftwatch.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The open (not yet emitted) buckets of one series plus the last emitted bucket start. This is the
 * value of the ingest state store, one entry per series.
 *
 * <p>Bounded: a bucket is open only until stream time passes its end plus the grace, so a series
 * holds at most (grace / bucket size) + 2 open buckets.
 */
final class SeriesBuckets {

    static final long NONE = Long.MIN_VALUE;

    /** Aggregate of one bucket: sum and count (sales), and the value with the latest event time (rates). */
    static final class Bucket {
        double sum;
        long count;
        long latestTime = Long.MIN_VALUE;
        double latestValue;

        void addSum(double amount) {
            sum += amount;
            count++;
        }

        void addLatest(long eventTime, double value) {
            count++;
            if (eventTime >= latestTime) { // ties: the later arrival wins, deterministic on replay
                latestTime = eventTime;
                latestValue = value;
            }
        }
    }

    String tenantId;
    long lastEmitted = NONE;
    final TreeMap<Long, Bucket> open = new TreeMap<>();

    Bucket bucket(long start) {
        return open.computeIfAbsent(start, s -> new Bucket());
    }

    byte[] toBytes() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(tenantId != null);
            if (tenantId != null) {
                out.writeUTF(tenantId);
            }
            out.writeLong(lastEmitted);
            out.writeInt(open.size());
            for (Map.Entry<Long, Bucket> e : open.entrySet()) {
                Bucket b = e.getValue();
                out.writeLong(e.getKey());
                out.writeDouble(b.sum);
                out.writeLong(b.count);
                out.writeLong(b.latestTime);
                out.writeDouble(b.latestValue);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SeriesBuckets fromBytes(byte[] data) {
        SeriesBuckets s = new SeriesBuckets();
        if (data == null) {
            return s;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            s.tenantId = in.readBoolean() ? in.readUTF() : null;
            s.lastEmitted = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Bucket b = new Bucket();
                long start = in.readLong();
                b.sum = in.readDouble();
                b.count = in.readLong();
                b.latestTime = in.readLong();
                b.latestValue = in.readDouble();
                s.open.put(start, b);
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt ingest state entry", e);
        }
    }
}
