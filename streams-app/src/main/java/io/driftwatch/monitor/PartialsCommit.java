package io.driftwatch.monitor;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Requests a commit once a matching task has sent {@code monitor.commit.partials} records to the window stage
 * (partials and drift results) since its last request, instead of waiting for {@code commit.interval.ms}.
 *
 * <p>Under exactly-once the window stage reads what matching sent only once matching has committed. The monitor's
 * long interval ({@link MonitorTopology#DEFAULT_COMMIT_INTERVAL_MS}) lets a busy task write each series' store entries
 * once for several days of a backlog; but when a whole backlog is read within one interval, the window stage got
 * all of its partials at the end and evaluated them after matching was done, on a core that had idled meanwhile.
 * The partials' count measures the window stage's waiting work: a small fleet (or one of many models) sends
 * dozens per bucket boundary and commits every few weeks of data, and its commits write little; a large fleet
 * under few models sends a handful per boundary and keeps to the interval.
 */
final class PartialsCommit {

    private final ProcessorContext<?, ?> context;
    private final int threshold;
    private long sent;

    /** {@code threshold}: records sent after which to commit; 0: never ask. */
    PartialsCommit(ProcessorContext<?, ?> context, int threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must be >= 0, got " + threshold);
        }
        this.context = context;
        this.threshold = threshold;
    }

    /** Called with the number of records just sent to the window stage. */
    void sent(int records) {
        if (threshold == 0 || records <= 0) {
            return;
        }
        sent += records;
        if (sent >= threshold) {
            context.commit();
            sent = 0;
        }
    }
}
