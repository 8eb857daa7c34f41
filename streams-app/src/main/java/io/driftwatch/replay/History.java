package io.driftwatch.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The records a replay feeds to the monitor, in the order it feeds them, held once in memory and shared read-only by
 * every setting combination: parallel arrays (kind, timestamps, key and value bytes as read from Kafka), no decoded
 * objects.
 *
 * <p>The order is the one Kafka Streams gives a task whose inputs are all on the broker: within a partition, offset
 * order; across partitions and topics, the partition whose next record has the smallest timestamp (the monitor's
 * event time) goes first. So every record meets the stream time its own partition had when the live monitor read it
 * with its inputs caught up. Records of {@code model-configs} and {@code monitor-settings} (global stores, no event
 * time) are placed by their Kafka record timestamp: each goes just before the first input record whose record
 * timestamp is not earlier than its own.
 */
public final class History {

    /** What a record is; the order of the constants is the tie-break between equal timestamps. */
    public enum Kind {
        MODEL_CONFIG, MONITOR_SETTINGS, PREDICTION, ACTUAL, METRIC;

        boolean global() {
            return this == MODEL_CONFIG || this == MONITOR_SETTINGS;
        }
    }

    private static final Kind[] KINDS = Kind.values();

    private final byte[] kinds;
    private final long[] eventTimes;
    private final long[] recordTimes;
    private final byte[][] keys;
    private final byte[][] values;
    private final int inputs;
    private final Set<String> models;

    private History(byte[] kinds, long[] eventTimes, long[] recordTimes, byte[][] keys, byte[][] values,
                    Set<String> models) {
        this.kinds = kinds;
        this.eventTimes = eventTimes;
        this.recordTimes = recordTimes;
        this.keys = keys;
        this.values = values;
        int n = 0;
        for (byte k : kinds) {
            n += KINDS[k].global() ? 0 : 1;
        }
        this.inputs = n;
        this.models = Collections.unmodifiableSet(new TreeSet<>(models));
    }

    /** The model ids of the predictions (as far as the builder was told). */
    public Set<String> models() {
        return models;
    }

    public int size() {
        return kinds.length;
    }

    /** Records of predictions, actuals and metric-observations (the global records aside). */
    public int inputs() {
        return inputs;
    }

    public Kind kind(int i) {
        return KINDS[kinds[i]];
    }

    /** The monitor's timestamp of input record {@code i} (its event time); for a global record its record time. */
    public long eventTime(int i) {
        return eventTimes[i];
    }

    public long recordTime(int i) {
        return recordTimes[i];
    }

    public byte[] key(int i) {
        return keys[i];
    }

    public byte[] value(int i) {
        return values[i];
    }

    /** First and last event time of the input records, or null when there are none. */
    public long[] span() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < kinds.length; i++) {
            if (!KINDS[kinds[i]].global()) {
                min = Math.min(min, eventTimes[i]);
                max = Math.max(max, eventTimes[i]);
            }
        }
        return min == Long.MAX_VALUE ? null : new long[] {min, max};
    }

    /** Collects records partition by partition (each in offset order) and merges them into the replay order. */
    public static final class Builder {

        private record Rec(Kind kind, long eventTime, long recordTime, byte[] key, byte[] value) {}

        private final Map<String, List<Rec>> partitions = new LinkedHashMap<>();
        private final List<Rec> globals = new ArrayList<>();
        private final Set<String> models = new TreeSet<>();

        /** Notes a model id seen in the predictions. */
        public Builder model(String modelId) {
            models.add(modelId);
            return this;
        }

        /**
         * Adds the next record of a partition (records of one partition must come in offset order).
         *
         * @param partition any name unique to the topic-partition, e.g. "predictions-3"
         * @param eventTime the monitor's timestamp for it (ignored for global kinds)
         */
        public Builder add(Kind kind, String partition, long eventTime, long recordTime, byte[] key, byte[] value) {
            Rec r = new Rec(kind, eventTime, recordTime, key, value);
            if (kind.global()) {
                globals.add(r);
            } else {
                partitions.computeIfAbsent(kind + "/" + partition, p -> new ArrayList<>()).add(r);
            }
            return this;
        }

        public History build() {
            int total = globals.size() + partitions.values().stream().mapToInt(List::size).sum();
            byte[] kinds = new byte[total];
            long[] events = new long[total];
            long[] records = new long[total];
            byte[][] keys = new byte[total][];
            byte[][] values = new byte[total][];
            int[] n = {0};
            List<Rec> sortedGlobals = new ArrayList<>(globals);
            sortedGlobals.sort(Comparator.comparingLong(Rec::recordTime)); // stable: offset order within a time
            int g = 0;
            List<List<Rec>> queues = new ArrayList<>(partitions.values());
            int[] heads = new int[queues.size()];
            PriorityQueue<Integer> byHead = new PriorityQueue<>((a, b) -> {
                Rec x = queues.get(a).get(heads[a]);
                Rec y = queues.get(b).get(heads[b]);
                int c = Long.compare(x.eventTime(), y.eventTime());
                return c != 0 ? c : c(x.kind().compareTo(y.kind()), Integer.compare(a, b));
            });
            for (int q = 0; q < queues.size(); q++) {
                byHead.add(q);
            }
            while (!byHead.isEmpty()) {
                int q = byHead.poll();
                Rec r = queues.get(q).get(heads[q]++);
                while (g < sortedGlobals.size() && sortedGlobals.get(g).recordTime() <= r.recordTime()) {
                    put(sortedGlobals.get(g++), kinds, events, records, keys, values, n);
                }
                put(r, kinds, events, records, keys, values, n);
                if (heads[q] < queues.get(q).size()) {
                    byHead.add(q);
                }
            }
            while (g < sortedGlobals.size()) {
                put(sortedGlobals.get(g++), kinds, events, records, keys, values, n);
            }
            partitions.clear();
            globals.clear();
            return new History(kinds, events, records, keys, values, models);
        }

        private static int c(int first, int second) {
            return first != 0 ? first : second;
        }

        private static void put(Rec r, byte[] kinds, long[] events, long[] records, byte[][] keys, byte[][] values,
                                int[] n) {
            int i = n[0]++;
            kinds[i] = (byte) r.kind().ordinal();
            events[i] = r.kind().global() ? r.recordTime() : r.eventTime();
            records[i] = r.recordTime();
            keys[i] = r.key();
            values[i] = r.value();
        }
    }

    @Override
    public String toString() {
        return "History[" + size() + " records, " + inputs + " inputs, span " + Arrays.toString(span()) + "]";
    }
}
