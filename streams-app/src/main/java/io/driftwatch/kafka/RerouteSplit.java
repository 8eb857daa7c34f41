package io.driftwatch.kafka;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.telemetry.Telemetry;

/**
 * First half of {@link Reroute}: forwards a record whose key is its series id and whose partition is the one
 * murmur2 gives that key unchanged; wraps any other record (keyed by its series id) for the reroute topic. Also
 * sends this partition's {@link Reroute.Progress} to every partition: the stream time of its direct input each
 * time it crosses a step (before the record that crossed it), and {@link Long#MAX_VALUE} once the task has
 * processed nothing for {@link Reroute#IDLE_CHECK_MS} and its inputs have nothing left to read ({@link IdleProbe}).
 * A mark holds the destinations back while this task is on probation (its first {@link Reroute#PROBATION_STEPS}
 * steps) and from its first misplaced record on (a holding mark goes out right before that record); otherwise it is
 * clean. A mark is visible once its transaction commits: while its marks hold, the task asks for a commit at most
 * every {@link Reroute#HOLDING_COMMIT_MS}, and once for its first clean mark.
 *
 * <p>Each mark with a time is forwarded directly too, to this task's own {@link RerouteClock}: its own progress,
 * records re-routed away included; the first after a "nothing left to read" says that this input resumed (its
 * {@code holds} set), so that the clock waits again for the partitions that are quiet. While the task reads nothing
 * and the task's stream time (moved by the other partitions' marks) is ahead of that, it asks every
 * {@link Reroute#IDLE_CHECK_MS} whether its inputs have nothing left to read; if so its own progress is the task's
 * stream time at that moment. So a partition whose input went
 * quiet follows the others, and one whose records are only late to arrive (its leader moved) does not.
 *
 * <p>The direct input's stream time is kept here, not taken from the task: the task's also moves with records
 * re-routed to it from elsewhere, which say nothing about this partition's progress. After a restart it starts
 * over from the first record, which only sends a lower (safe) mark.
 */
final class RerouteSplit implements Processor<String, Object, String, Object> {

    private final Reroute.Spec spec;
    private ProcessorContext<String, Object> context;
    private int self;
    private long directTime = -1;
    private long lastMarkStep = Long.MIN_VALUE;
    private long firstStep = Long.MIN_VALUE;
    /** A record was misplaced since this task started: every mark holds from then on. */
    private boolean misplacing;
    /** Wall-clock time of this task's last commit request for a holding mark. */
    private long holdingCommitAskedAt = -Reroute.HOLDING_COMMIT_MS;
    /** A clean mark went out since this task started. */
    private boolean cleanSent;
    private boolean idleAnnounced;
    /** The task's stream time when this partition last had nothing to read (its own progress since), or -1. */
    private long drainedAt = -1;
    private boolean processedSinceCheck;
    private Counter rerouted;

    RerouteSplit(Reroute.Spec spec) {
        this.spec = spec;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.self = context.taskId().partition();
        this.rerouted = Telemetry.registry().counter(MetricNames.RECORDS_REROUTED, MetricNames.TAG_APP,
            spec.app(), MetricNames.TAG_TOPIC, spec.name());
        context.schedule(Duration.ofMillis(Reroute.IDLE_CHECK_MS), PunctuationType.WALL_CLOCK_TIME, this::checkIdle);
    }

    @Override
    public void process(Record<String, Object> record) {
        processedSinceCheck = true;
        String series = spec.seriesId().apply(record.value());
        boolean wellPlaced = series.equals(record.key())
            && context.recordMetadata().map(m -> m.partition() == Partitioning.partitionOf(series, spec.partitions()))
                .orElse(true);
        boolean firstMisplaced = !wellPlaced && !misplacing;
        boolean resumed = idleAnnounced;
        misplacing |= !wellPlaced;
        directTime = Math.max(directTime, record.timestamp());
        long step = Math.floorDiv(directTime, spec.stepMs());
        if (firstStep == Long.MIN_VALUE) {
            firstStep = step;
        }
        if (idleAnnounced || step > lastMarkStep || firstMisplaced) {
            idleAnnounced = false;
            lastMarkStep = step;
            boolean holds = misplacing || step - firstStep < Reroute.PROBATION_STEPS;
            send(directTime, holds);
            forwardOwn(directTime, resumed);
            long wall = context.currentSystemTimeMs();
            if (holds && wall - holdingCommitAskedAt >= Reroute.HOLDING_COMMIT_MS) {
                // the destinations see this mark, and so move past the previous one, only once it is committed; a
                // long commit interval (the monitor's) would let them lag their own input by as much
                holdingCommitAskedAt = wall;
                context.commit();
            } else if (!holds && !cleanSent) {
                // the destinations hold at this partition's last holding mark until they see a clean one, which is
                // visible only once its transaction commits: ask for that commit now rather than a commit interval
                // later (reading a backlog, an interval is days of event time that every destination would keep)
                cleanSent = true;
                context.commit();
            }
        }
        if (wellPlaced) {
            context.forward(record);
        } else {
            rerouted.increment();
            context.forward(record.withKey(series)
                .withValue(new Reroute.Envelope(self, record.timestamp(), record.value())));
        }
    }

    private void checkIdle(long wallClock) {
        boolean quiet = !processedSinceCheck;
        processedSinceCheck = false;
        long streamTime = context.currentStreamTimeMs();
        boolean behind = streamTime > Math.max(directTime, drainedAt);
        if (quiet && (!idleAnnounced || behind) && spec.idleProbe().nothingToRead(self)) {
            if (!idleAnnounced) {
                idleAnnounced = true;
                send(Long.MAX_VALUE, true);
            }
            if (behind) {
                drainedAt = streamTime;
                forwardOwn(streamTime, false);
            }
        }
    }

    private void send(long time, boolean holds) {
        // the mark's record timestamp is this partition's progress (never the future), as it moves the stream time of
        // the tasks that read it
        context.forward(new Record<>("", new Reroute.Envelope(self, time, null, holds), Math.max(0, directTime)));
    }

    /**
     * This partition's progress to its own {@link RerouteClock}, directly; {@code resumed}: its input resumed after
     * it had nothing to read (the clock then holds again at the partitions that are quiet).
     */
    private void forwardOwn(long time, boolean resumed) {
        context.forward(new Record<>("", new Reroute.Progress(self, time, resumed), Math.max(0, directTime)));
    }
}
