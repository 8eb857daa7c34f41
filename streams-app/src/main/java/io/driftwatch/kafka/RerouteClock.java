package io.driftwatch.kafka;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The time a stateful processor behind {@link Reroute} judges lateness and closes buckets by: the progress of this
 * task's own input partition, held back to the last {@link Reroute.Progress} mark of every other partition that may
 * still send it re-routed records (a partition without a mark yet holds it at "no time", -1; a partition with nothing
 * left to read marks {@link Long#MAX_VALUE}, and a partition whose last mark was clean,
 * {@link Reroute.Progress#holds()} false, holds nothing back). Never moves backwards within a task's life. Without
 * re-routing ({@link #streamTime}) it is the task's stream time.
 *
 * <p><b>Own progress.</b> The task's stream time is no measure of it: the marks and records that arrive through the
 * reroute topic move it too, and they can run ahead of this partition's own records, e.g. while its leader is being
 * elected again after a broker failed. Own progress is the latest timestamp of a record read directly from this task's
 * input ({@link #onRecord}), or of this partition's own marks, which {@link RerouteSplit} forwards here directly
 * (not through the topic) each time it sends one out, so that records it re-routes away count too. A partition with
 * nothing left to read (asked of the cluster, {@link IdleProbe}) follows the others: {@link RerouteSplit} then forwards
 * the task's stream time as its own progress.
 *
 * <p><b>Quiet partitions when input resumes.</b> A partition with nothing left to read holds nothing back, but it may
 * get input again at any moment, and its destinations learn of that only from its next mark, a commit later. Read at
 * full speed, a backlog moves a destination's own progress days ahead in that time, and the records the other
 * partition then re-routes to it would all be late. So with {@code max.task.idle.ms} > 0 (how long Kafka Streams
 * waits for an input without buffered data), when this partition's own input resumes after it had nothing to read
 * ({@link RerouteSplit} says so with its own mark), and when the task starts, every partition whose last mark said it
 * had nothing to read holds this clock again at its last mark with a time (at "no time" after a restart, when that is
 * not known), until it sends a mark again or {@code max.task.idle.ms} of wall-clock time has passed. The owner of the
 * clock asks {@link #now()} again from a wall-clock punctuation so that a hold that runs out closes what it held.
 *
 * <p>State: one entry per other partition in the progress store (in memory, with a changelog, so a restarted or
 * moved task knows where the others were); kept decoded in an array here. Only the times are stored: after a
 * restart every partition holds at its last mark until its next mark says it is clean, and this partition's own
 * progress starts over from its first record.
 */
public final class RerouteClock {

    private static final long FROM_FIRST_USE = -1;

    private final ProcessingContext context;
    private final KeyValueStore<Integer, Long> store;
    private final String rerouteTopic;
    private final long[] marks;
    private final boolean[] clean;
    /** Each other partition's last mark with a time (not {@link Long#MAX_VALUE}), or -1 when not known. */
    private final long[] lastTimed;
    /**
     * Wall-clock time until which a quiet partition holds this clock at {@link #lastTimed}; 0: it does not;
     * {@link #FROM_FIRST_USE}: from the first time the clock is asked (the task's wall clock is not set in init).
     */
    private final long[] heldUntil;
    private final long resumeHoldMs;
    /** The earliest of {@link #heldUntil} that is set, or {@link Long#MAX_VALUE}. */
    private long nextRelease = Long.MAX_VALUE;
    private final int self;
    private long upstream;
    private long own = -1;
    private long last = -1;
    private String lastTopic;
    private boolean lastRerouted;

    private RerouteClock(ProcessingContext context, KeyValueStore<Integer, Long> store, String rerouteTopic,
                         int partitions) {
        this.context = context;
        this.store = store;
        this.rerouteTopic = rerouteTopic;
        this.self = context.taskId().partition();
        this.marks = new long[store == null ? 0 : partitions];
        this.clean = new boolean[marks.length];
        this.lastTimed = new long[marks.length];
        this.heldUntil = new long[marks.length];
        this.resumeHoldMs = store == null ? 0 : maxTaskIdleMs(context);
        for (int q = 0; q < marks.length; q++) {
            Long m = q == self ? Long.valueOf(Long.MAX_VALUE) : store.get(q);
            marks[q] = m == null ? -1 : m;
            lastTimed[q] = m == null || m == Long.MAX_VALUE ? -1 : m;
        }
        holdQuietPartitions(FROM_FIRST_USE);
        upstream = min();
    }

    /** The app's {@code max.task.idle.ms}, 0 when not set or negative. */
    public static long maxTaskIdleMs(ProcessingContext context) {
        Object v = context.appConfigs().get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG);
        return v == null ? 0 : Math.max(0, Long.parseLong(v.toString().trim()));
    }

    /**
     * The clock of a processor behind {@link Reroute}.
     *
     * @param storeName the {@link Reroute#progressStore}
     * @param name      the reroute topic's name as in {@link Reroute.Spec#name()}
     */
    public static RerouteClock rerouted(ProcessingContext context, String storeName, String name, int partitions) {
        return new RerouteClock(context, context.getStateStore(storeName), Reroute.topic(context.applicationId(), name),
            partitions);
    }

    /** The task's stream time (no re-routing). */
    public static RerouteClock streamTime(ProcessingContext context) {
        return new RerouteClock(context, null, null, 0);
    }

    /**
     * Takes in a record (not a mark) the processor is about to handle: read directly from this task's input, its
     * timestamp is this partition's progress; re-routed here from elsewhere, it says nothing about it.
     */
    public void onRecord(long timestamp) {
        if (store != null && timestamp > own && !rerouted()) {
            own = timestamp;
        }
    }

    /** Takes a mark in; true when it moved this clock. */
    public boolean onProgress(Reroute.Progress mark) {
        if (store == null || mark.source() >= marks.length) {
            return false;
        }
        long before = now();
        if (mark.source() == self) {
            // this partition's own marks count when forwarded directly; back through the topic they are stale
            if (rerouted()) {
                return false;
            }
            if (mark.holds()) {
                holdQuietPartitions(context.currentSystemTimeMs() + resumeHoldMs);
                upstream = min();
            }
            if (mark.time() <= own) {
                return now() > before;
            }
            own = mark.time();
        } else {
            int q = mark.source();
            marks[q] = mark.time();
            clean[q] = !mark.holds();
            if (mark.time() != Long.MAX_VALUE) {
                lastTimed[q] = mark.time();
            }
            heldUntil[q] = 0;
            store.put(q, mark.time());
            upstream = min();
        }
        return now() > before;
    }

    /** Holds this clock at every quiet partition's last timed mark for {@code max.task.idle.ms} (see above). */
    private void holdQuietPartitions(long until) {
        if (resumeHoldMs == 0) {
            return;
        }
        for (int q = 0; q < marks.length; q++) {
            if (q != self && marks[q] == Long.MAX_VALUE) {
                heldUntil[q] = until;
                nextRelease = Math.min(nextRelease, until);
            }
        }
    }

    private void releaseHolds() {
        long wall = context.currentSystemTimeMs();
        if (wall < nextRelease) {
            return;
        }
        nextRelease = Long.MAX_VALUE;
        for (int q = 0; q < marks.length; q++) {
            if (heldUntil[q] == FROM_FIRST_USE) {
                heldUntil[q] = wall + resumeHoldMs;
            }
            if (heldUntil[q] != 0 && heldUntil[q] <= wall) {
                heldUntil[q] = 0;
            } else if (heldUntil[q] != 0) {
                nextRelease = Math.min(nextRelease, heldUntil[q]);
            }
        }
        upstream = min();
    }

    /**
     * True when the record being processed came through the reroute topic. Asked per record: the topic name is compared
     * only when it is another String than the last record's (a task's records carry their partition's topic name).
     */
    private boolean rerouted() {
        RecordMetadata m = context.recordMetadata().orElse(null);
        if (m == null) {
            return false;
        }
        String topic = m.topic();
        if (topic != lastTopic) {
            lastTopic = topic;
            lastRerouted = rerouteTopic.equals(topic);
        }
        return lastRerouted;
    }

    /**
     * True when this clock may hold at quiet partitions for a while ({@code max.task.idle.ms} > 0): its owner then asks
     * {@link #now()} again every {@link Reroute#IDLE_CHECK_MS} of wall-clock time, so that what a hold kept open
     * closes when the hold runs out, without waiting for the next record.
     */
    public boolean holdsQuietPartitions() {
        return resumeHoldMs > 0;
    }

    /** True when every other partition has said it has nothing left to read. */
    public boolean othersDrained() {
        for (int q = 0; q < marks.length; q++) {
            if (q != self && marks[q] != Long.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** The time to judge by: -1 before anything is known. */
    public long now() {
        if (nextRelease != Long.MAX_VALUE) {
            releaseHolds();
        }
        long t = store == null ? context.currentStreamTimeMs() : Math.min(own, upstream);
        if (t > last) {
            last = t;
        }
        return last;
    }

    private long min() {
        long m = Long.MAX_VALUE;
        for (int q = 0; q < marks.length; q++) {
            if (heldUntil[q] != 0) {
                m = Math.min(m, lastTimed[q]);
            } else if (!clean[q]) {
                m = Math.min(m, marks[q]);
            }
        }
        return m;
    }
}
