package io.driftwatch.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;

/**
 * Matching stage, keyed by series_id: each prediction meets the actual of its (series,
 * target_time), whichever comes first, and the pair goes on to the window stage keyed by
 * model:horizon. Also broadcasts this partition's stream time ({@link Flow.Watermark}) whenever a
 * new bucket boundary becomes due, so the window stage evaluates only once every matching
 * partition is past it.
 *
 * <p>Per event: one get/put of the (series, target) entry, one put in the expiry index when the
 * entry is new, one get of the previous bucket's entry for actuals. Expiry: a stream-time
 * punctuation scans the index only up to stream time, so the work is proportional to what
 * expires, never to what is pending.
 */
final class MatchProcessor implements Processor<String, Object, String, Flow> {

    private static final long IDLE_CHECK_MS = 5_000;

    private final String entriesStore;
    private final String expiryStore;
    private final long matchGraceMs;
    private final long bucketMs;
    private final long bucketGraceMs;
    private final ExpiryReporter reporter = new ExpiryReporter();
    private ProcessorContext<String, Flow> context;
    private KeyValueStore<String, byte[]> entries;
    private KeyValueStore<String, byte[]> expiry;
    private long lastBroadcastBoundary = Long.MIN_VALUE;
    private boolean idleSent;

    MatchProcessor(String entriesStore, String expiryStore, Duration matchGrace, Duration bucket, Duration bucketGrace) {
        this.entriesStore = entriesStore;
        this.expiryStore = expiryStore;
        this.matchGraceMs = matchGrace.toMillis();
        this.bucketMs = bucket.toMillis();
        this.bucketGraceMs = bucketGrace.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Flow> context) {
        this.context = context;
        this.entries = context.getStateStore(entriesStore);
        this.expiry = context.getStateStore(expiryStore);
        long interval = Math.max(1, Math.min(bucketMs, Duration.ofHours(1).toMillis()));
        context.schedule(Duration.ofMillis(interval), PunctuationType.STREAM_TIME, this::expire);
        context.schedule(Duration.ofMillis(IDLE_CHECK_MS), PunctuationType.WALL_CLOCK_TIME, this::announceIdle);
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof Prediction p) {
            onPrediction(p);
        } else if (record.value() instanceof Actual a) {
            onActual(a);
        }
        broadcastIfDue();
    }

    private void onPrediction(Prediction p) {
        long target = p.getTargetTime().toEpochMilli();
        if (target + matchGraceMs <= context.currentStreamTimeMs()) {
            ExpiryReporter.count(ExpiryReporter.LATE, "prediction");
            return;
        }
        String key = entryKey(p.getSeriesId(), target);
        byte[] stored = entries.get(key);
        MatchEntry entry = MatchEntry.fromBytes(stored);
        if (entry.knows(p.getPredictionId())) {
            ExpiryReporter.count(ExpiryReporter.DUPLICATE, "prediction");
            return;
        }
        MatchEntry.Waiting w = MatchEntry.Waiting.of(p);
        if (entry.hasActual) {
            emit(p.getSeriesId(), target, w, entry);
            entry.matchedIds.add(w.predictionId());
        } else {
            entry.waiting.add(w);
        }
        save(key, p.getSeriesId(), target, stored == null, entry);
    }

    private void onActual(Actual a) {
        long target = a.getEventTime().toEpochMilli();
        if (target + matchGraceMs <= context.currentStreamTimeMs()) {
            ExpiryReporter.count(ExpiryReporter.LATE, "actual");
            return;
        }
        String key = entryKey(a.getSeriesId(), target);
        byte[] stored = entries.get(key);
        MatchEntry entry = MatchEntry.fromBytes(stored);
        if (entry.hasActual) {
            // Pairs already counted keep the first value; a higher revision serves later predictions.
            if (a.getRevision() > entry.revision) {
                entry.actual = a.getValue();
                entry.revision = a.getRevision();
                save(key, a.getSeriesId(), target, false, entry);
            }
            return;
        }
        entry.hasActual = true;
        entry.actual = a.getValue();
        entry.revision = a.getRevision();
        entry.actualTenant = a.getTenantId();
        MatchEntry previous = MatchEntry.fromBytes(entries.get(entryKey(a.getSeriesId(), target - a.getBucketMs())));
        entry.change = previous.hasActual ? a.getValue() - previous.actual : Double.NaN;
        for (MatchEntry.Waiting w : entry.waiting) {
            emit(a.getSeriesId(), target, w, entry);
            entry.matchedIds.add(w.predictionId());
        }
        entry.waiting.clear();
        save(key, a.getSeriesId(), target, stored == null, entry);
    }

    private void save(String key, String series, long target, boolean isNew, MatchEntry entry) {
        entries.put(key, entry.toBytes());
        if (isNew) {
            expiry.put(Keys.join(Keys.time(target + matchGraceMs), series, Keys.time(target)), new byte[0]);
        }
    }

    private void emit(String series, long target, MatchEntry.Waiting w, MatchEntry entry) {
        long closed = closedBoundary(context.currentStreamTimeMs());
        long bucketEnd = Math.floorDiv(target, bucketMs) * bucketMs + bucketMs;
        long visibleFrom = bucketEnd <= closed ? closed + bucketMs : 0L;
        String tenant = w.tenantId() != null ? w.tenantId() : entry.actualTenant;
        Flow.Pair pair = new Flow.Pair(w.modelId(), w.horizon(), series, tenant, w.configVersion(), w.predictionId(),
            w.issuedAt(), target, w.yhat(), w.lower(), w.upper(), entry.actual, entry.change, visibleFrom,
            context.taskId().partition());
        MonitorMeters.pairMatched(w.modelId(), w.horizon());
        context.forward(new Record<>(pair.modelHorizon(), pair, target));
    }

    /** The latest bucket boundary E with E + bucket grace <= stream time. */
    private long closedBoundary(long streamTime) {
        return Math.floorDiv(streamTime - bucketGraceMs, bucketMs) * bucketMs;
    }

    private void broadcastIfDue() {
        long streamTime = context.currentStreamTimeMs();
        long closed = closedBoundary(streamTime);
        if (closed > lastBroadcastBoundary) {
            lastBroadcastBoundary = closed;
            Flow.Watermark w = new Flow.Watermark(context.taskId().partition(), streamTime);
            context.forward(new Record<>("", w, streamTime));
        }
    }

    private void announceIdle(long wallClock) {
        if (!idleSent && context.currentStreamTimeMs() < 0) {
            idleSent = true;
            context.forward(new Record<>("", new Flow.Watermark(context.taskId().partition(), Long.MAX_VALUE), wallClock));
        }
    }

    private void expire(long streamTime) {
        List<KeyValue<String, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = expiry.range(Keys.time(0), Keys.time(streamTime) + Keys.AFTER)) {
            while (it.hasNext()) {
                due.add(it.next());
            }
        }
        long wall = context.currentSystemTimeMs();
        for (KeyValue<String, byte[]> kv : due) {
            String[] parts = Keys.split(kv.key);
            String entryKey = Keys.join(parts[1], parts[2]);
            MatchEntry entry = MatchEntry.fromBytes(entries.get(entryKey));
            for (MatchEntry.Waiting w : entry.waiting) {
                reporter.expired(w.modelId(), w.horizon(), wall);
            }
            entries.delete(entryKey);
            expiry.delete(kv.key);
        }
    }

    static String entryKey(String series, long target) {
        return Keys.join(series, Keys.time(target));
    }
}
