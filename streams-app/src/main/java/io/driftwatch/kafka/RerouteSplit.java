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
 * clean.
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
    private boolean idleAnnounced;
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
        misplacing |= !wellPlaced;
        directTime = Math.max(directTime, record.timestamp());
        long step = Math.floorDiv(directTime, spec.stepMs());
        if (firstStep == Long.MIN_VALUE) {
            firstStep = step;
        }
        if (idleAnnounced || step > lastMarkStep || firstMisplaced) {
            idleAnnounced = false;
            lastMarkStep = step;
            mark(directTime, misplacing || step - firstStep < Reroute.PROBATION_STEPS);
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
        if (quiet && !idleAnnounced && spec.idleProbe().nothingToRead(self)) {
            idleAnnounced = true;
            mark(Long.MAX_VALUE, true);
        }
    }

    private void mark(long time, boolean holds) {
        // the mark's record timestamp is this partition's progress (never the future), as it moves the stream time of
        // the tasks that read it
        context.forward(new Record<>("", new Reroute.Envelope(self, time, null, holds), Math.max(0, directTime)));
    }
}
