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
 * released (holds nothing back until its next record) once the cluster says its partition has nothing left to read:
 * a forecaster that stopped, or actuals that stopped, do not hold evaluations back for longer than that takes to see.
 * An input not seen yet holds nothing back (at a task's start Kafka Streams waits for the metadata of every partition
 * anyway).
 */
final class InputGuard {

    static final int PREDICTIONS = 0;
    static final int ACTUALS = 1;

    private final long slackMs;
    private final long closeSlackMs;
    private final long[] progress = {-1, -1};
    private final boolean[] released = new boolean[2];

    /**
     * @param matchGraceMs  each input holds the time lateness is judged by at its progress plus this less 1 ms
     * @param bucketGraceMs each input holds the time buckets close by at its progress plus this
     */
    InputGuard(long matchGraceMs, long bucketGraceMs) {
        this.slackMs = matchGraceMs - 1;
        this.closeSlackMs = bucketGraceMs;
    }

    /** Takes in the timestamp of a record of {@code input}; a released input holds again from its next record. */
    void onRecord(int input, long timestamp) {
        if (timestamp > progress[input]) {
            progress[input] = timestamp;
        }
        released[input] = false;
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
            if (!released[i] && progress[i] >= 0 && progress[i] + slack < t) {
                t = progress[i] + slack;
            }
        }
        return t;
    }

    /** {@code input} holds nothing back until its next record. */
    void release(int input) {
        released[input] = true;
    }

    /** True when {@code input} holds {@code time} back (for judging lateness or for closing buckets). */
    boolean holds(int input, long time) {
        return !released[input] && progress[input] >= 0 && progress[input] + Math.min(slackMs, closeSlackMs) < time;
    }
}
