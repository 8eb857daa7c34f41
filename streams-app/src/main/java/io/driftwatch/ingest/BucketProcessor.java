package io.driftwatch.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.driftwatch.avro.Actual;
import io.driftwatch.kafka.BadRecordException;
import io.driftwatch.kafka.Reroute;
import io.driftwatch.kafka.RerouteClock;

/**
 * Folds events of a series (the record key) into buckets and emits one {@link Actual} per bucket
 * once stream time passes the bucket's end plus the grace. Late events within the grace are
 * counted in their bucket; later ones are rejected to dead-letters (reason
 * {@code late-beyond-grace}). With gap filling, buckets without events between two emitted ones are
 * emitted as 0.
 *
 * <p>Events with an id (sales) are counted once: a redelivered id in the same bucket is dropped.
 *
 * <p>State: one entry per series in {@code storeName} holding its open buckets (bounded by grace)
 * and the last emitted bucket start; with ids, one entry per event of an open bucket in
 * {@code idStoreName} (key {@code series|bucket_start|id}), deleted when the bucket is emitted. Closing is checked for
 * the record's series on every record and for all series each time the clock passes a step (an hour, or the
 * bucket size if smaller), so a series that goes quiet still gets its last bucket emitted.
 *
 * <p>Time: behind {@link Reroute} the clock is a {@link RerouteClock} (this partition's own progress held back to
 * the progress of every partition that may still re-route records here, whose marks arrive as
 * {@link Reroute.Progress} records); otherwise the task's stream time.
 */
final class BucketProcessor<V> implements Processor<String, Object, String, Actual> {

    private final BucketRule<V> rule;
    private final Bucketing bucketing;
    private final long graceMs;
    private final int maxGapFill;
    private final String storeName;
    private final String idStoreName;
    private ProcessorContext<String, Actual> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, Long> ids;
    private final Reroute.Spec reroute;
    private final long stepMs;
    private RerouteClock clock;
    private long lastCloseAllStep = Long.MIN_VALUE;

    /**
     * @param idStoreName   store of event ids for dropping redeliveries, or null when the rule has no ids
     * @param reroute     how the input is re-routed, or null when it is not
     */
    BucketProcessor(BucketRule<V> rule, Bucketing bucketing, Duration grace, int maxGapFill, String storeName,
                    String idStoreName, Reroute.Spec reroute) {
        this.rule = rule;
        this.bucketing = bucketing;
        this.graceMs = grace.toMillis();
        this.maxGapFill = maxGapFill;
        this.storeName = storeName;
        this.idStoreName = idStoreName;
        this.reroute = reroute;
        this.stepMs = stepMs(bucketing);
    }

    /** Step of the close-all check and of the progress marks: an hour, or the bucket if smaller. */
    static long stepMs(Bucketing bucketing) {
        return Math.min(bucketing.sizeMs(), Duration.ofHours(1).toMillis());
    }

    @Override
    public void init(ProcessorContext<String, Actual> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.ids = idStoreName == null ? null : context.getStateStore(idStoreName);
        this.clock = reroute == null ? RerouteClock.streamTime(context)
            : RerouteClock.rerouted(context, reroute.progressStore(), reroute.name(), reroute.partitions());
        lastCloseAllStep = Long.MIN_VALUE;
        if (clock.holdsQuietPartitions()) {
            context.schedule(Duration.ofMillis(Reroute.IDLE_CHECK_MS), PunctuationType.WALL_CLOCK_TIME,
                t -> closeAllIfDue());
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof Reroute.Progress mark) {
            clock.onProgress(mark);
        } else {
            clock.onRecord(record.timestamp());
            @SuppressWarnings("unchecked")
            V event = (V) record.value();
            add(record.key(), event);
        }
        closeAllIfDue();
    }

    private void closeAllIfDue() {
        long now = clock.now();
        if (now >= 0 && Math.floorDiv(now, stepMs) > lastCloseAllStep) {
            lastCloseAllStep = Math.floorDiv(now, stepMs);
            closeAll(now);
        }
    }

    private void add(String series, V event) {
        long streamTime = clock.now();
        long start = bucketing.start(rule.eventTime(event));
        SeriesBuckets state = SeriesBuckets.fromBytes(store.get(series));
        boolean emitted = state.lastEmitted != SeriesBuckets.NONE && start <= state.lastEmitted;
        if (emitted || isClosed(start, streamTime)) {
            throw new BadRecordException(
                    "late-beyond-grace",
                    "event_time " + Instant.ofEpochMilli(rule.eventTime(event))
                            + " falls in bucket " + Instant.ofEpochMilli(start) + " of series " + series
                            + ", already closed (stream time " + Instant.ofEpochMilli(streamTime) + ", grace "
                            + Duration.ofMillis(graceMs) + ")");
        }
        String id = ids == null ? null : rule.eventId(event);
        if (id != null) {
            String idKey = idPrefix(series, start) + id;
            if (ids.get(idKey) != null) {
                return; // redelivered: already counted
            }
            ids.put(idKey, rule.eventTime(event));
        }
        String tenant = rule.tenantId(event);
        if (tenant != null) {
            state.tenantId = tenant;
        }
        rule.add(state.bucket(start), event);
        close(series, state, streamTime);
        store.put(series, state.toBytes());
    }

    private boolean isClosed(long bucketStart, long streamTime) {
        return bucketing.next(bucketStart) + graceMs <= streamTime;
    }

    private void closeAll(long streamTime) {
        List<KeyValue<String, byte[]>> changed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                SeriesBuckets state = SeriesBuckets.fromBytes(entry.value);
                if (!state.open.isEmpty() && isClosed(state.open.firstKey(), streamTime)) {
                    close(entry.key, state, streamTime);
                    changed.add(KeyValue.pair(entry.key, state.toBytes()));
                }
            }
        }
        changed.forEach(kv -> store.put(kv.key, kv.value));
    }

    /** Emits every closed bucket of the series, oldest first, with gap filling. */
    private void close(String series, SeriesBuckets state, long streamTime) {
        while (!state.open.isEmpty() && isClosed(state.open.firstKey(), streamTime)) {
            Map.Entry<Long, SeriesBuckets.Bucket> first = state.open.pollFirstEntry();
            long start = first.getKey();
            if (rule.fillsGaps() && state.lastEmitted != SeriesBuckets.NONE) {
                long gap = bucketing.next(state.lastEmitted);
                for (int n = 0; gap < start && n < maxGapFill; n++) {
                    emit(series, state.tenantId, gap, 0.0, 0);
                    gap = bucketing.next(gap);
                }
            }
            SeriesBuckets.Bucket bucket = first.getValue();
            emit(series, state.tenantId, start, rule.value(bucket), bucket.count);
            state.lastEmitted = start;
            forgetIds(series, start);
        }
    }

    /** Key prefix of a bucket's event ids; the zero-padded start keeps a series' buckets in time order. */
    private static String idPrefix(String series, long bucketStart) {
        return series + '\u0000' + String.format("%020d", bucketStart) + '\u0000';
    }

    private void forgetIds(String series, long bucketStart) {
        if (ids == null) {
            return;
        }
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Long> it =
                ids.prefixScan(idPrefix(series, bucketStart), new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(ids::delete);
    }

    private void emit(String series, String tenant, long start, double value, long count) {
        Actual actual = Actual.newBuilder()
            .setSeriesId(series)
            .setTenantId(tenant)
            .setEventTime(Instant.ofEpochMilli(start))
            .setValue(value)
            .setEventCount(count)
            .setRevision(0)
            .setBucketMs(bucketing.sizeMs())
            .build();
        context.forward(new Record<>(series, actual, start));
    }
}
