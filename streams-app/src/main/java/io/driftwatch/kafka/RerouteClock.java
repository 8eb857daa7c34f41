package io.driftwatch.kafka;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The time a stateful processor behind {@link Reroute} judges lateness and closes buckets by: the task's stream
 * time, held back to the last {@link Reroute.Progress} mark of every other partition that may still send it
 * re-routed records (a partition without a mark yet holds it at "no time", -1; a partition with nothing left to read
 * marks {@link Long#MAX_VALUE}, and a partition whose last mark was clean, {@link Reroute.Progress#holds()} false,
 * hold nothing back). Never moves backwards within a task's life. Without re-routing ({@link #streamTime}) it is the
 * task's stream time.
 *
 * <p>State: one entry per other partition in the progress store (in memory, with a changelog, so a restarted or
 * moved task knows where the others were); kept decoded in an array here. Only the times are stored: after a
 * restart every partition holds at its last mark until its next mark says it is clean.
 */
public final class RerouteClock {

    private final ProcessingContext context;
    private final KeyValueStore<Integer, Long> store;
    private final long[] marks;
    private final boolean[] clean;
    private final int self;
    private long upstream;
    private long last = -1;

    private RerouteClock(ProcessingContext context, KeyValueStore<Integer, Long> store, int partitions) {
        this.context = context;
        this.store = store;
        this.self = context.taskId().partition();
        this.marks = new long[store == null ? 0 : partitions];
        this.clean = new boolean[marks.length];
        for (int q = 0; q < marks.length; q++) {
            Long m = q == self ? Long.valueOf(Long.MAX_VALUE) : store.get(q);
            marks[q] = m == null ? -1 : m;
        }
        upstream = min();
    }

    /** The clock of a processor behind {@link Reroute}; {@code storeName} is its {@link Reroute#progressStore}. */
    public static RerouteClock rerouted(ProcessingContext context, String storeName, int partitions) {
        return new RerouteClock(context, context.getStateStore(storeName), partitions);
    }

    /** The task's stream time (no re-routing). */
    public static RerouteClock streamTime(ProcessingContext context) {
        return new RerouteClock(context, null, 0);
    }

    /** Takes a mark in; true when it moved this clock. */
    public boolean onProgress(Reroute.Progress mark) {
        if (store == null || mark.source() == self || mark.source() >= marks.length) {
            return false;
        }
        long before = now();
        marks[mark.source()] = mark.time();
        clean[mark.source()] = !mark.holds();
        store.put(mark.source(), mark.time());
        upstream = min();
        return now() > before;
    }

    /** True when every other partition has said it has nothing left to read. */
    public boolean othersDrained() {
        for (long m : marks) {
            if (m != Long.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** The time to judge by: -1 before anything is known. */
    public long now() {
        long t = Math.min(context.currentStreamTimeMs(), upstream);
        if (t > last) {
            last = t;
        }
        return last;
    }

    private long min() {
        long m = Long.MAX_VALUE;
        for (int q = 0; q < marks.length; q++) {
            if (!clean[q]) {
                m = Math.min(m, marks[q]);
            }
        }
        return m;
    }
}
