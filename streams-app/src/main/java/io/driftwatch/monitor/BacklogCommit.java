package io.driftwatch.monitor;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Requests a commit once a matching task has closed {@code monitor.commit.buckets} bucket boundaries within one
 * {@code commit.interval.ms}, instead of waiting for the interval to end.
 *
 * <p>Under exactly-once the window stage reads what matching sent at each boundary only once matching has
 * committed. The monitor's long interval ({@link MonitorTopology#DEFAULT_COMMIT_INTERVAL_MS}) lets a busy task
 * write each series' store entries once for several buckets of a backlog; but a backlog read within one interval
 * gave the window stage all its partials at the end, to evaluate after matching was done, on a core that had idled
 * meanwhile. A task that closes 100 boundaries (the default) within one interval now commits at once, and again
 * every 100 boundaries while it keeps that pace; a task slower than that (a large fleet, whose commits write
 * hundreds of thousands of entries each) is left to the interval, as a count that outlived an interval starts
 * over: the thread has committed in between.
 */
final class BacklogCommit {

    private final ProcessorContext<?, ?> context;
    private final int threshold;
    private final long intervalMs;
    private long closed;
    private long since;

    /** {@code threshold}: bucket boundaries closed within one commit interval after which to commit; 0: never. */
    BacklogCommit(ProcessorContext<?, ?> context, int threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must be >= 0, got " + threshold);
        }
        this.context = context;
        this.threshold = threshold;
        Object interval = context.appConfigs().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        this.intervalMs = Long.parseLong(String.valueOf(interval));
        this.since = context.currentSystemTimeMs();
    }

    /** Called with the number of bucket boundaries the task just closed. */
    void closed(long boundaries) {
        if (threshold == 0 || boundaries <= 0) {
            return;
        }
        long now = context.currentSystemTimeMs();
        if (now - since >= intervalMs) {
            closed = 0;
            since = now;
        }
        closed += boundaries;
        if (closed >= threshold) {
            context.commit();
            closed = 0;
            since = now;
        }
    }
}
