package io.driftwatch.monitor;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Store value of one series in matching (key: the series_id): its targets still within the match grace, in time
 * order, each with its {@link MatchEntry}. A series keeps about (match grace + horizon) / bucket targets at a time
 * (9 for a daily series with the defaults), each needed for the whole grace, so one value per series instead of one
 * per (series, target) means one cache slot and key per series, and one changelog record per series a commit
 * writes, not one per target. Looking up a target is a walk from the newest: the short arrays of one series.
 *
 * <p>Layout (version 3): version byte, target count (int), then per target its time (long), the length of its
 * entry's bytes (int) and the bytes ({@link MatchEntry#toBytes}). A value of version 1 or 2 is a single entry of
 * the layout before, keyed by (target, series): {@link #fromBytes} reads it as one entry at {@link #LEGACY}, which
 * {@link MatchProcessor} moves to its series' value at start-up.
 */
final class SeriesMatches {

    private static final byte VERSION = 3;
    /** Target of an entry read from a value of the layout before (its target is in its key). */
    static final long LEGACY = Long.MIN_VALUE;
    private static final int INITIAL = 4;

    // A ring in time order from head: a series adds its newest target at the end and drops its oldest at the front
    // each day, without moving the others. The value lives as long as its series, so in the collector's old
    // generation: a reference moved within its arrays (a shift) is a write the collector must refine, a reference
    // cleared is none.
    private long[] targets;
    private MatchEntry[] entries;
    private int head;
    private int n;

    SeriesMatches() {
        this(INITIAL);
    }

    private SeriesMatches(int capacity) {
        int c = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        targets = new long[c];
        entries = new MatchEntry[c];
    }

    private int at(int i) {
        return (head + i) & (targets.length - 1);
    }

    int size() {
        return n;
    }

    boolean isEmpty() {
        return n == 0;
    }

    long target(int i) {
        return targets[at(i)];
    }

    MatchEntry entry(int i) {
        return entries[at(i)];
    }

    /** The earliest target held; only when not empty. */
    long oldestTarget() {
        return targets[head];
    }

    /** The entry of {@code target}, or null. */
    MatchEntry get(long target) {
        for (int i = n - 1; i >= 0; i--) {
            int k = at(i);
            if (targets[k] == target) {
                return entries[k];
            }
            if (targets[k] < target) {
                return null;
            }
        }
        return null;
    }

    /** Adds the entry of a target not held yet, in time order. */
    void add(long target, MatchEntry entry) {
        int pos = n;
        while (pos > 0 && target(pos - 1) > target) {
            pos--;
        }
        if (pos > 0 && target(pos - 1) == target) {
            throw new IllegalArgumentException("target " + target + " is held already");
        }
        if (n == targets.length) {
            grow();
        }
        for (int i = n; i > pos; i--) { // only a target older than the newest: rare
            targets[at(i)] = targets[at(i - 1)];
            entries[at(i)] = entries[at(i - 1)];
        }
        targets[at(pos)] = target;
        entries[at(pos)] = entry;
        n++;
    }

    private void grow() {
        long[] t = new long[targets.length * 2];
        MatchEntry[] e = new MatchEntry[t.length];
        for (int i = 0; i < n; i++) {
            t[i] = target(i);
            e[i] = entry(i);
        }
        targets = t;
        entries = e;
        head = 0;
    }

    /** Removes the targets at or before {@code through}, each entry given to {@code removed} first; the count. */
    int removeThrough(long through, Consumer<MatchEntry> removed) {
        int k = 0;
        while (n > 0 && targets[head] <= through) {
            removed.accept(entries[head]);
            entries[head] = null;
            head = (head + 1) & (targets.length - 1);
            n--;
            k++;
        }
        return k;
    }

    byte[] toBytes() {
        byte[][] parts = new byte[n][];
        int size = 1 + 4;
        for (int i = 0; i < n; i++) {
            parts[i] = entry(i).toBytes();
            size += 8 + 4 + parts[i].length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION).putInt(n);
        for (int i = 0; i < n; i++) {
            out.putLong(target(i)).putInt(parts[i].length).put(parts[i]);
        }
        return out.array();
    }

    static SeriesMatches fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new SeriesMatches();
        }
        if (bytes[0] != VERSION) { // the layout before: one entry, its target in its key
            SeriesMatches legacy = new SeriesMatches(1);
            legacy.add(LEGACY, MatchEntry.fromBytes(bytes));
            return legacy;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.get();
        int count = in.getInt();
        if (count < 0 || count > (bytes.length - 5) / 12) {
            throw new IllegalArgumentException("corrupt SeriesMatches: " + count + " targets in " + bytes.length
                + " bytes");
        }
        SeriesMatches m = new SeriesMatches(Math.max(INITIAL, count));
        for (int i = 0; i < count; i++) {
            long target = in.getLong();
            byte[] entry = new byte[in.getInt()];
            in.get(entry);
            m.targets[i] = target;
            m.entries[i] = MatchEntry.fromBytes(entry);
        }
        m.n = count;
        return m;
    }
}
