package io.driftwatch.monitor;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.driftwatch.avro.Prediction;

/**
 * The matching state of one (series, target_time), held in its series' {@link SeriesMatches}: the actual if seen,
 * the predictions still waiting for it, and the ids of predictions already matched (to drop redeliveries). Size is
 * bounded by the number of model:horizon predictions made for that one target. Mutable.
 *
 * <p>Memory: a large fleet keeps hundreds of thousands of entries cached, each living for the match grace, so
 * long enough to reach the collector's old generation, where each dead one is work. Hence lists sized for the
 * usual one prediction per target (a set of matched ids cost 200 bytes of table and nodes for one id), and the
 * model, horizon and tenant names shared through {@link #canonical} instead of one copy per entry.
 */
final class MatchEntry {

    // 3 is SeriesMatches' layout, which reads a value starting with 1 or 2 as one entry of the per-target layout
    private static final byte VERSION_1 = 1;
    private static final byte VERSION = 2;
    /** Distinct names {@link #canonical} shares at most; beyond, names are kept as they come. */
    static final int MAX_CANONICAL = 10_000;
    private static final Names NAMES = new Names(MAX_CANONICAL);

    boolean hasActual;
    double actual;
    double change = Double.NaN;
    int revision;
    String actualTenant;
    /**
     * The predictions waiting for the actual: null (none), one {@link Waiting}, or an {@code ArrayList} of two or
     * more. Nearly every target has one prediction per model:horizon, and an entry lives for the match grace among
     * hundreds of thousands of others: a list and its array for one element were two more objects per entry for the
     * collector to copy (the same for {@link #matched}).
     */
    private Object waiting;
    /**
     * Ids of the predictions matched, in the order matched, no id twice (an id {@link #knows} is never added): null,
     * one {@code String}, or an {@code ArrayList} of them.
     */
    private Object matched;

    /**
     * One shared instance per distinct model id, horizon or tenant (of the first {@link #MAX_CANONICAL} seen in the
     * JVM): the fleet has few of them, and every entry would otherwise hold its own copies, decoded from its record.
     */
    static String canonical(String name) {
        return NAMES.of(name);
    }

    /** Equal strings to one instance, for at most {@code max} distinct ones (so unique names cannot grow it). */
    static final class Names {

        private final Map<String, String> shared = new ConcurrentHashMap<>();
        private final int max;

        Names(int max) {
            this.max = max;
        }

        String of(String name) {
            if (name == null) {
                return null;
            }
            String known = shared.get(name);
            if (known != null) {
                return known;
            }
            if (shared.size() >= max) {
                return name;
            }
            known = shared.putIfAbsent(name, name);
            return known == null ? name : known;
        }
    }

    /** A prediction waiting for its actual. */
    record Waiting(String predictionId, String modelId, String horizon, String tenantId, int configVersion,
                   long issuedAt, double yhat, double lower, double upper) {

        static Waiting of(Prediction p) {
            return new Waiting(
                    p.getPredictionId(),
                    canonical(p.getModelId()),
                    canonical(p.getHorizon()),
                    canonical(p.getTenantId()),
                    p.getConfigVersion(),
                    p.getIssuedAt().toEpochMilli(),
                    p.getYhat(),
                    p.getYhatLower(),
                    p.getYhatUpper());
        }
    }

    /** The predictions waiting for the actual, in the order they came (a read-only view). */
    List<Waiting> waiting() {
        return view(waiting);
    }

    /** Whether a prediction waits for the actual. */
    boolean hasWaiting() {
        return waiting != null;
    }

    void addWaiting(Waiting w) {
        waiting = add(waiting, w);
    }

    void clearWaiting() {
        waiting = null;
    }

    /** The ids of the predictions matched, in the order matched (a read-only view). */
    List<String> matchedIds() {
        return view(matched);
    }

    void addMatched(String predictionId) {
        matched = add(matched, predictionId);
    }

    boolean knows(String predictionId) {
        // once per prediction: straight on the fields, no view
        if (matched instanceof ArrayList<?> ids ? ids.contains(predictionId) : predictionId.equals(matched)) {
            return true;
        }
        if (waiting instanceof Waiting w) {
            return w.predictionId.equals(predictionId);
        }
        if (waiting != null) {
            for (Object w : (ArrayList<?>) waiting) {
                if (((Waiting) w).predictionId.equals(predictionId)) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> view(Object few) {
        if (few == null) {
            return List.of();
        }
        return few instanceof ArrayList<?> list ? Collections.unmodifiableList((List<T>) list) : List.of((T) few);
    }

    @SuppressWarnings("unchecked")
    private static Object add(Object few, Object item) {
        if (few == null) {
            return item;
        }
        if (few instanceof ArrayList<?> list) {
            ((ArrayList<Object>) list).add(item);
            return list;
        }
        ArrayList<Object> list = new ArrayList<>(2);
        list.add(few);
        list.add(item);
        return list;
    }

    /**
     * Version 2: strings as a length and their UTF-8 bytes (-1: absent), written into one buffer of the exact size.
     * {@link #fromBytes} reads version 1 (DataOutputStream's modified UTF-8) too.
     */
    byte[] toBytes() {
        List<Waiting> waiting = waiting();
        List<String> matchedIds = matchedIds();
        byte[] tenant = utf8(actualTenant);
        byte[][] strings = new byte[waiting.size() * 4 + matchedIds.size()][];
        int size = 1 + 1 + 8 + 8 + 4 + 4 + length(tenant) + 4 + 4;
        int s = 0;
        for (Waiting w : waiting) {
            for (String text : new String[] {w.predictionId, w.modelId, w.horizon, w.tenantId}) {
                byte[] b = utf8(text);
                strings[s++] = b;
                size += 4 + length(b);
            }
            size += 4 + 8 + 8 + 8 + 8;
        }
        for (String id : matchedIds) {
            byte[] b = utf8(id);
            strings[s++] = b;
            size += 4 + length(b);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION).put((byte) (hasActual ? 1 : 0)).putDouble(actual).putDouble(change).putInt(revision);
        put(out, tenant);
        out.putInt(waiting.size());
        s = 0;
        for (Waiting w : waiting) {
            for (int i = 0; i < 4; i++) {
                put(out, strings[s++]);
            }
            out.putInt(w.configVersion).putLong(w.issuedAt).putDouble(w.yhat).putDouble(w.lower).putDouble(w.upper);
        }
        out.putInt(matchedIds.size());
        while (s < strings.length) {
            put(out, strings[s++]);
        }
        return out.array();
    }

    static MatchEntry fromBytes(byte[] bytes) {
        if (bytes == null) {
            return new MatchEntry();
        }
        if (bytes.length > 0 && bytes[0] == VERSION_1) {
            return fromVersion1(bytes);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != VERSION) {
            throw new IllegalArgumentException("unknown MatchEntry version " + bytes[0]);
        }
        MatchEntry e = new MatchEntry();
        e.hasActual = in.get() != 0;
        e.actual = in.getDouble();
        e.change = in.getDouble();
        e.revision = in.getInt();
        e.actualTenant = canonical(string(in));
        int n = in.getInt();
        for (int i = 0; i < n; i++) {
            e.addWaiting(new Waiting(string(in), canonical(string(in)), canonical(string(in)),
                    canonical(string(in)), in.getInt(), in.getLong(), in.getDouble(), in.getDouble(), in.getDouble()));
        }
        int m = in.getInt();
        for (int i = 0; i < m; i++) {
            e.addMatched(string(in));
        }
        return e;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void put(ByteBuffer out, byte[] b) {
        if (b == null) {
            out.putInt(-1);
        } else {
            out.putInt(b.length).put(b);
        }
    }

    private static String string(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    /** The layout written before version 2 (a store or changelog of an earlier release may still hold it). */
    private static MatchEntry fromVersion1(byte[] bytes) {
        MatchEntry e = new MatchEntry();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.readByte();
            e.hasActual = in.readBoolean();
            e.actual = in.readDouble();
            e.change = in.readDouble();
            e.revision = in.readInt();
            e.actualTenant = NullableStrings.read(in);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                e.addWaiting(new Waiting(
                        in.readUTF(),
                        in.readUTF(),
                        in.readUTF(),
                        NullableStrings.read(in),
                        in.readInt(),
                        in.readLong(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble()));
            }
            int m = in.readInt();
            for (int i = 0; i < m; i++) {
                e.addMatched(in.readUTF());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return e;
    }
}
