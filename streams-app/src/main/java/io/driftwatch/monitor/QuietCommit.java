package io.driftwatch.monitor;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

import io.driftwatch.kafka.StreamThreadConsumers;

/**
 * Requests a commit as soon as the stream thread goes quiet, instead of at the next {@code commit.interval.ms}
 * ({@link MonitorTopology#DEFAULT_COMMIT_INTERVAL_MS} for the monitor). Under exactly-once, what a task wrote is
 * visible only once committed: a trigger reaches its consumers, and the matching stage's partials reach the
 * window stage, at a commit. The monitor's long commit interval lets a busy thread coalesce its store
 * updates; when the input pauses (a daily batch of actuals is done, the end of a replay) it only made
 * the last results wait up to an interval per stage.
 *
 * <p>Each task checks every {@code quiet} of wall-clock time: if this stream thread processed no
 * monitor record since the task's previous check and the task processed records since it last
 * asked, it asks for a commit ({@link ProcessorContext#commit()}: done right after the current loop,
 * for every task of the thread). While records keep coming nothing changes; after a burst, one
 * commit follows within one to two {@code quiet} periods.
 *
 * <p>A thread that processed nothing is not always caught up: under a backlog it also waits for fetches (Kafka
 * Streams holds a task back while one of its partitions has records on the broker and none fetched yet, and the
 * broker may take a while to answer while it writes another thread's commit). Taking such a wait for the end of a
 * burst made busy threads commit every second or two, not every interval, and each commit writes every store entry
 * changed since the last one. So a quiet thread commits only if its consumer's lag is zero on every partition
 * ({@link StreamThreadConsumers#inputWaiting()}). The check runs when the thread's loop does:
 * an idle thread wakes every {@code poll.ms}, which the monitor sets to 20 ms (Kafka's 100 ms let a
 * live input of a batch every 150 ms look busy at every check).
 */
final class QuietCommit {

    /** Records processed by the monitor's processors on this stream thread (a task runs on one thread at a time). */
    private static final ThreadLocal<long[]> THREAD_RECORDS = ThreadLocal.withInitial(() -> new long[1]);

    private final ProcessorContext<?, ?> context;
    private final BooleanSupplier inputWaiting;
    private long threadRecordsAtCheck = -1;
    private boolean processedSinceAsked;

    private QuietCommit(ProcessorContext<?, ?> context, BooleanSupplier inputWaiting) {
        this.context = context;
        this.inputWaiting = inputWaiting;
    }

    /** Schedules the check every {@code quiet} on {@code context}; a zero {@code quiet} schedules nothing. */
    static QuietCommit schedule(ProcessorContext<?, ?> context, Duration quiet) {
        return schedule(context, quiet, StreamThreadConsumers::inputWaiting);
    }

    /** As {@link #schedule(ProcessorContext, Duration)}; {@code inputWaiting}: do records wait to be fetched. */
    static QuietCommit schedule(ProcessorContext<?, ?> context, Duration quiet, BooleanSupplier inputWaiting) {
        QuietCommit q = new QuietCommit(context, inputWaiting);
        if (!quiet.isZero()) {
            context.schedule(quiet, PunctuationType.WALL_CLOCK_TIME, now -> q.check());
        }
        return q;
    }

    /** Called for every record the task processes. */
    void processed() {
        THREAD_RECORDS.get()[0]++;
        processedSinceAsked = true;
    }

    private void check() {
        long records = THREAD_RECORDS.get()[0];
        if (records == threadRecordsAtCheck && processedSinceAsked && !inputWaiting.getAsBoolean()) {
            context.commit();
            processedSinceAsked = false;
        }
        threadRecordsAtCheck = records;
    }
}
