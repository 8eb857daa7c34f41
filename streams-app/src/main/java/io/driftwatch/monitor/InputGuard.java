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
 * a prediction expires only once the actuals have passed its target. An input lagging that far is released (holds
 * nothing back until its next record) once the cluster says the partition has nothing left to read: a forecaster that
 * stopped, or actuals that stopped, do not hold evaluations back for longer than that takes to see. An input not seen
 * yet holds nothing back (at a task's start Kafka Streams waits for the metadata of every partition anyway).
 */
final class InputGuard {

    static final int PREDICTIONS = 0;
    static final int ACTUALS = 1;

    private final long slackMs;
    private final long[] progress = {-1, -1};
    private final boolean[] released = new boolean[2];

    /** @param matchGraceMs the match grace; each input holds the time at its progress plus this less 1 ms */
    InputGuard(long matchGraceMs) {
        this.slackMs = matchGraceMs - 1;
    }

    /** Takes in the timestamp of a record of {@code input}; a released input holds again from its next record. */
    void onRecord(int input, long timestamp) {
        if (timestamp > progress[input]) {
            progress[input] = timestamp;
        }
        released[input] = false;
    }

    /** {@code time}, held back to what each input allows. */
    long bound(long time) {
        long t = time;
        for (int i = 0; i < progress.length; i++) {
            if (holds(i, t)) {
                t = progress[i] + slackMs;
            }
        }
        return t;
    }

    /** {@code input} holds nothing back until its next record. */
    void release(int input) {
        released[input] = true;
    }

    /** True when {@code input} holds {@code time} back. */
    boolean holds(int input, long time) {
        return !released[input] && progress[input] >= 0 && progress[input] + slackMs < time;
    }
}
