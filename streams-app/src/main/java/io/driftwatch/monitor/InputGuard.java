package io.driftwatch.monitor;

/**
 * Keeps one of matching's two inputs (predictions, actuals) from making the other late by running ahead of it.
 *
 * <p>Kafka Streams merges a task's input partitions in timestamp order only while it knows that each has data:
 * a partition with nothing buffered is waited for up to {@code max.task.idle.ms}, but that wait is counted from when
 * the task first found it empty (Kafka Streams 4.3, {@code PartitionGroup}), so after a pause longer than that a
 * backlog on one input is processed at once while the other's records are still being fetched. The first input then
 * moves the stream time days ahead, and the other's records, in order on their own partition, all come late: their
 * pairs are lost.
 *
 * <p>So the time matching judges lateness by is held to at most the progress of each input plus the match grace less
 * one millisecond: a record that comes in order on its own input is never late, whatever the other input did, and
 * a prediction expires only once the actuals have passed its target. The time that closes buckets is held to the
 * progress of each input plus the bucket grace: a bucket closes only once both inputs passed its end, so no pair of
 * it comes after (predictions are stamped when issued, before their targets). An input lagging behind either is
 * released (holds nothing back until its next record) once it has held for {@link #RELEASE_AFTER_MS}, or the app's
 * {@code max.task.idle.ms} if longer, of wall-clock time without a record and the cluster then says its partition has
 * nothing left to read: a forecaster that stopped,
 * or actuals that stopped, hold evaluations back for a few seconds, not for good. (Asked at once, the cluster could
 * say so while the records the other input ran ahead with are still being appended to this one.)
 * An input not seen yet (since the task started) holds both times at "no time", -1, until its first record or its
 * release: a task that started before its inputs had data found them empty, and its wait for them ran out long
 * before their first records came.
 */
final class InputGuard {

    static final int PREDICTIONS = 0;
    static final int ACTUALS = 1;

    /**
     * How long an input holds at least, without a record, before the cluster is asked whether it has anything left.
     * {@code max.task.idle.ms}, if longer, takes its place: the wait a user gives Kafka Streams for a quiet input
     * (a forecaster that is still fitting while the history arrives at once) holds here too.
     */
    static final long RELEASE_AFTER_MS = 2_000;

    private final long slackMs;
    private final long closeSlackMs;
    private final long releaseAfterMs;
    private final long[] progress = {-1, -1};
    private final boolean[] released = new boolean[2];
    /** Wall-clock time since which each input holds without a record, or -1. */
    private final long[] holdingSince = {-1, -1};

    /** A guard whose inputs may be released after {@link #RELEASE_AFTER_MS} without a record. */
    InputGuard(long matchGraceMs, long bucketGraceMs) {
        this(matchGraceMs, bucketGraceMs, 0);
    }

    /**
     * @param matchGraceMs   each input holds the time lateness is judged by at its progress plus this less 1 ms
     * @param bucketGraceMs  each input holds the time buckets close by at its progress plus this
     * @param maxTaskIdleMs  the app's {@code max.task.idle.ms}: an input holds this long without a record, if more than
     *                       {@link #RELEASE_AFTER_MS}, before it may be released
     */
    InputGuard(long matchGraceMs, long bucketGraceMs, long maxTaskIdleMs) {
        this.slackMs = matchGraceMs - 1;
        this.closeSlackMs = bucketGraceMs;
        this.releaseAfterMs = Math.max(RELEASE_AFTER_MS, maxTaskIdleMs);
    }

    /** Takes in the timestamp of a record of {@code input}; a released input holds again from its next record. */
    void onRecord(int input, long timestamp) {
        if (timestamp > progress[input]) {
            progress[input] = timestamp;
        }
        released[input] = false;
        holdingSince[input] = -1;
    }

    /**
     * True when {@code input} has held {@code time} back for {@link #RELEASE_AFTER_MS} (or the longer
     * {@code max.task.idle.ms}) of wall-clock time without a record: time to ask the cluster whether it has anything
     * left to read. Called every second or so.
     */
    boolean dueForRelease(int input, long time, long wallClock) {
        if (!holds(input, time)) {
            holdingSince[input] = -1;
            return false;
        }
        if (holdingSince[input] < 0) {
            holdingSince[input] = wallClock;
        }
        return wallClock - holdingSince[input] >= releaseAfterMs;
    }

    /** {@code time}, held back to what each input allows for judging lateness. */
    long bound(long time) {
        return bound(time, slackMs);
    }

    /** {@code time}, held back to what each input allows for closing buckets. */
    long closingBound(long time) {
        return bound(time, closeSlackMs);
    }

    private long bound(long time, long slack) {
        long t = time;
        for (int i = 0; i < progress.length; i++) {
            if (held(i, t, slack)) {
                t = progress[i] < 0 ? -1 : progress[i] + slack;
            }
        }
        return t;
    }

    private boolean held(int input, long time, long slack) {
        return !released[input] && (progress[input] < 0 || progress[input] + slack < time);
    }

    /** {@code input} holds nothing back until its next record. */
    void release(int input) {
        released[input] = true;
    }

    /** True when {@code input} holds {@code time} back (for judging lateness or for closing buckets). */
    boolean holds(int input, long time) {
        return held(input, time, Math.min(slackMs, closeSlackMs));
    }
}
