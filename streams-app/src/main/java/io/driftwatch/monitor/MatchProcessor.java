package io.driftwatch.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;
import io.driftwatch.kafka.IdleProbe;
import io.driftwatch.kafka.Reroute;
import io.driftwatch.kafka.RerouteClock;
import io.driftwatch.kafka.WriteBackStore;
import io.driftwatch.topics.ModelKey;
import io.driftwatch.topics.StoreNames;

/**
 * Matching stage, keyed by series_id: each prediction meets the actual of its (series,
 * target_time), whichever comes first, and the pair is folded into the per-series state right here
 * ({@link SeriesStage}), whose partial results go on to the window stage keyed by model:horizon
 * at each bucket boundary. Also broadcasts this partition's stream time ({@link StageReport.Watermark}) whenever a
 * new bucket boundary becomes due, so the window stage evaluates only once every matching
 * partition is past it.
 *
 * <p>Per event: one get/put of the series' {@link SeriesMatches} (its targets within the match grace, each a
 * {@link MatchEntry}); with {@code monitor.ks.quantity=change} an actual finds its previous bucket's entry there too.
 * Expiry: each series is indexed in memory by its oldest target, so a stream-time punctuation visits only the series
 * with a target past stream time - match grace; the work is proportional to what expires, never to what is pending.
 *
 * <p>"Stream time" here is the task's ({@link RerouteClock}, held back by the other partitions when re-routing), never
 * more than the match grace ahead of either input ({@link InputGuard}), and never moving backwards.
 */
final class MatchProcessor implements Processor<String, Object, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(MatchProcessor.class);
    private static final long IDLE_CHECK_MS = 5_000;
    /** Key of the last closed boundary in the progress store (survives restarts, so no end is closed twice). */
    private static final String CLOSED = "closed";
    /** Key set in the progress store once this partition has matched any input (so it never announces idleness). */
    private static final String SAW_INPUT = "saw-input";

    private final long matchGraceMs;
    /**
     * Whether the drift test takes the change from the previous bucket's actual ({@code monitor.ks.quantity}
     * {@code change}): only then does an actual look up its previous bucket's entry (a lookup in a store of
     * hundreds of thousands of entries, per actual); otherwise its change stays NaN, read by nothing.
     */
    private final boolean changes;
    private final long bucketMs;
    private final long bucketGraceMs;
    private final ExpiryReporter reporter = new ExpiryReporter();
    private final SeriesStage series;
    private ProcessorContext<String, Object> context;
    private WriteBackStore<SeriesMatches> entries;
    private KeyValueStore<String, Long> progress;
    private long lastBroadcastBoundary = Long.MIN_VALUE;
    /** Targets up to here are expired (in memory: after a restart the first expiry visits every series again). */
    private long expiredThrough = -1;
    /**
     * The series (store keys) by their oldest target while the whole store fits in the WriteBackStore's memory:
     * expiry visits the series with a due target instead of every cached one each stream hour. A series is listed at
     * its oldest target at least (also at earlier ones it no longer holds: visiting those finds nothing to expire),
     * and listed again at its new oldest target once its earlier ones expire. Null while the store outgrows the
     * cache (then expiry walks the whole store, at most once per bucket; rebuilt once it fits again), so this lists
     * about as many keys as {@code monitor.cache.max-entries} at most.
     */
    private TreeMap<Long, List<String>> byTarget;
    private boolean idleSent;

    private final IdleProbe idleProbe;
    private final Duration quiet;
    private QuietCommit quietCommit;
    private BacklogCommit backlogCommit;
    private final int commitBuckets;
    private final boolean rerouted;
    private final int partitions;
    /** Stream time, held back by the other partitions' progress when re-routing. */
    private RerouteClock clock;
    /** Holds {@link #clock} to each input's progress plus the match grace (null without a cluster to ask). */
    private InputGuard guard;
    private long guarded = -1;
    private long closing = -1;
    private boolean sawInput;

    MatchProcessor(MonitorConfig config, IdleProbe idleProbe) {
        this.rerouted = config.rerouteMisplaced();
        this.partitions = config.inputPartitions();
        this.idleProbe = idleProbe;
        this.matchGraceMs = config.matchGrace().toMillis();
        this.changes = "change".equals(config.ksQuantity());
        this.bucketMs = config.bucketSize().toMillis();
        this.bucketGraceMs = config.bucketGrace().toMillis();
        this.series = new SeriesStage(config);
        this.quiet = config.quietCommit();
        this.commitBuckets = config.commitBuckets();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        // without a cluster (TopologyTestDriver, a replay) records come in the order given: nothing runs ahead
        this.guard = idleProbe == IdleProbe.ASSUME_IDLE ? null
            : new InputGuard(matchGraceMs, bucketGraceMs, RerouteClock.maxTaskIdleMs(context));
        this.entries = context.getStateStore(StoreNames.MONITOR_MATCH_ENTRIES);
        this.progress = context.getStateStore(StoreNames.MONITOR_MATCH_PROGRESS);
        this.clock = rerouted ? RerouteClock.rerouted(context, StoreNames.MONITOR_REROUTE_PROGRESS,
                MonitorTopology.REROUTE, partitions)
            : RerouteClock.streamTime(context);
        this.sawInput = progress.get(SAW_INPUT) != null;
        Long closed = progress.get(CLOSED);
        lastBroadcastBoundary = closed == null ? Long.MIN_VALUE : closed;
        idleSent = false;
        expiredThrough = -1;
        series.init(context);
        List<String> legacy = countPendingAndIndex();
        if (!legacy.isEmpty()) {
            int moved = migrate(entries, legacy);
            LOG.info("matching partition {}: moved {} match entries of the earlier per-target layout into their"
                + " series' values", context.taskId().partition(), moved);
            countPendingAndIndex(); // once more, with the moved entries in their series
        }
        long interval = Math.max(1, Math.min(bucketMs, Duration.ofHours(1).toMillis()));
        context.schedule(Duration.ofMillis(interval), PunctuationType.STREAM_TIME, t -> expire(now()));
        context.schedule(Duration.ofMillis(IDLE_CHECK_MS), PunctuationType.WALL_CLOCK_TIME, this::announceIdle);
        if (clock.holdsQuietPartitions() || guard != null) {
            context.schedule(Duration.ofMillis(Reroute.IDLE_CHECK_MS), PunctuationType.WALL_CLOCK_TIME,
                this::checkHolds);
        }
        quietCommit = QuietCommit.schedule(context, quiet);
        backlogCommit = new BacklogCommit(context, commitBuckets);
    }

    @Override
    public void process(Record<String, Object> record) {
        quietCommit.processed();
        if (record.value() instanceof Prediction p) {
            sawInput();
            clock.onRecord(record.timestamp());
            if (guard != null) {
                guard.onRecord(InputGuard.PREDICTIONS, record.timestamp());
            }
            onPrediction(p);
        } else if (record.value() instanceof Actual a) {
            sawInput();
            clock.onRecord(record.timestamp());
            if (guard != null) {
                guard.onRecord(InputGuard.ACTUALS, record.timestamp());
            }
            onActual(a);
        } else if (record.value() instanceof Reroute.Progress mark) {
            clock.onProgress(mark);
        }
        broadcastIfDue();
    }

    /** The time matching goes by: {@link #clock}, held back by {@link #guard}; never moves backwards. */
    private long now() {
        long t = clock.now();
        if (guard != null) {
            t = guard.bound(t);
        }
        if (t > guarded) {
            guarded = t;
        }
        return guarded;
    }

    /** The time buckets close by: {@link #now()}, held back by {@link #guard} to each input's progress. */
    private long closingNow() {
        long t = now();
        if (guard != null) {
            t = guard.closingBound(t);
        }
        if (t > closing) {
            closing = t;
        }
        return closing;
    }

    /**
     * Every {@link Reroute#IDLE_CHECK_MS} of wall-clock time: releases an input that has held matching back for a
     * while and whose partition has nothing left to read, and closes what a hold that ran out kept open.
     */
    private void checkHolds(long wallClock) {
        if (guard != null) {
            for (int input : new int[] {InputGuard.PREDICTIONS, InputGuard.ACTUALS}) {
                if (guard.dueForRelease(input, clock.now(), wallClock)
                        && idleProbe.input(input).nothingToRead(context.taskId().partition())) {
                    guard.release(input);
                    LOG.info("matching partition {}: its {} have nothing left to read and are more than a grace behind"
                            + " the other input; evaluations go on without waiting for them",
                        context.taskId().partition(), input == InputGuard.PREDICTIONS ? "predictions" : "actuals");
                }
            }
        }
        broadcastIfDue();
    }

    private void sawInput() {
        if (!sawInput) {
            sawInput = true;
            progress.put(SAW_INPUT, 1L);
        }
    }

    private void onPrediction(Prediction p) {
        long target = p.getTargetTime().toEpochMilli();
        if (target + matchGraceMs <= now()) {
            ExpiryReporter.count(ExpiryReporter.LATE, "prediction");
            return;
        }
        String key = p.getSeriesId();
        SeriesMatches matches = entries.get(key);
        if (matches == null) {
            matches = new SeriesMatches();
        }
        MatchEntry entry = matches.get(target);
        if (entry == null) {
            entry = new MatchEntry();
            add(matches, target, entry, key);
        } else if (entry.knows(p.getPredictionId())) {
            ExpiryReporter.count(ExpiryReporter.DUPLICATE, "prediction");
            return;
        }
        MatchEntry.Waiting w = MatchEntry.Waiting.of(p);
        if (entry.hasActual) {
            emit(p.getSeriesId(), target, w, entry);
            entry.addMatched(w.predictionId());
        } else {
            entry.addWaiting(w);
            pending(w, 1);
        }
        entries.put(key, matches);
    }

    private void onActual(Actual a) {
        long target = a.getEventTime().toEpochMilli();
        if (target + matchGraceMs <= now()) {
            ExpiryReporter.count(ExpiryReporter.LATE, "actual");
            return;
        }
        String key = a.getSeriesId();
        SeriesMatches matches = entries.get(key);
        if (matches == null) {
            matches = new SeriesMatches();
        }
        MatchEntry entry = matches.get(target);
        if (entry == null) {
            entry = new MatchEntry();
            add(matches, target, entry, key);
        } else if (entry.hasActual) {
            // Pairs already counted keep the first value; a higher revision serves later predictions.
            if (a.getRevision() > entry.revision) {
                entry.actual = a.getValue();
                entry.revision = a.getRevision();
                entries.put(key, matches);
            }
            return;
        }
        entry.hasActual = true;
        entry.actual = a.getValue();
        entry.revision = a.getRevision();
        entry.actualTenant = MatchEntry.canonical(a.getTenantId());
        if (changes) {
            // a target past its grace counts as gone whether or not expiry has removed it yet (it runs each stream
            // hour, and a value restored after a crash may still hold a target whose pairs were all made)
            long previousTarget = target - a.getBucketMs();
            MatchEntry previous = previousTarget + matchGraceMs <= now() ? null : matches.get(previousTarget);
            entry.change = previous != null && previous.hasActual ? a.getValue() - previous.actual : Double.NaN;
        }
        for (MatchEntry.Waiting w : entry.waiting()) {
            emit(a.getSeriesId(), target, w, entry);
            entry.addMatched(w.predictionId());
            pending(w, -1);
        }
        entry.clearWaiting();
        entries.put(key, matches);
    }

    /** Adds a new target's entry to its series, listing the series at the target if it is now its oldest. */
    private void add(SeriesMatches matches, long target, MatchEntry entry, String key) {
        matches.add(target, entry);
        if (matches.oldestTarget() == target) {
            indexed(target, key);
        }
    }

    private void emit(String series, long target, MatchEntry.Waiting w, MatchEntry entry) {
        long closed = closedBoundary(closingNow());
        long bucketEnd = Math.floorDiv(target, bucketMs) * bucketMs + bucketMs;
        long visibleFrom = bucketEnd <= closed ? closed + bucketMs : 0L;
        String tenant = w.tenantId() != null ? w.tenantId() : entry.actualTenant;
        MhMeters m = meters(w);
        MatchedPair pair = new MatchedPair(
                m.key,
                w.modelId(),
                w.horizon(),
                series,
                tenant,
                w.configVersion(),
                w.predictionId(),
                w.issuedAt(),
                target,
                w.yhat(),
                w.lower(),
                w.upper(),
                entry.actual,
                entry.change,
                visibleFrom,
                context.taskId().partition());
        m.pairs().increment();
        this.series.onPair(pair);
    }

    /** The latest bucket boundary E with E + bucket grace <= stream time. */
    private long closedBoundary(long streamTime) {
        return Math.floorDiv(streamTime - bucketGraceMs, bucketMs) * bucketMs;
    }

    private void broadcastIfDue() {
        long streamTime = closingNow();
        if (streamTime < 0) {
            return; // re-routing: not every partition has said where it is yet
        }
        long closed = closedBoundary(streamTime);
        if (closed > lastBroadcastBoundary) {
            series.close(lastBroadcastBoundary, closed);
            long boundaries = lastBroadcastBoundary == Long.MIN_VALUE ? 1 : (closed - lastBroadcastBoundary) / bucketMs;
            lastBroadcastBoundary = closed;
            progress.put(CLOSED, closed);
            StageReport.Watermark w = new StageReport.Watermark(context.taskId().partition(), streamTime);
            context.forward(new Record<>("", w, streamTime));
            backlogCommit.closed(boundaries);
        }
    }

    private void announceIdle(long wallClock) {
        boolean noInput = rerouted ? !sawInput && clock.othersDrained() : context.currentStreamTimeMs() < 0;
        if (!idleSent && noInput && idleProbe.nothingToRead(context.taskId().partition())) {
            idleSent = true;
            context.forward(new Record<>(
                    "", new StageReport.Watermark(context.taskId().partition(), Long.MAX_VALUE), wallClock));
        }
    }

    /**
     * Per model, then horizon: this task's meters and what it added to the pending-predictions gauge, so
     * {@link #close()} can take it back. Consecutive records mostly share a model:horizon (the last one is kept at
     * hand: no lookup), and a fleet of many models interleaves them (two lookups by the Strings, no key built).
     */
    private final Map<String, Map<String, MhMeters>> meters = new HashMap<>();
    private MhMeters lastMeters;

    /** The meters of one model:horizon here. */
    private static final class MhMeters {
        final MonitorMeters.ModelHorizon mh;
        /** {@code model:horizon} ({@link ModelKey#of}): a pair's key downstream, one String per model:horizon. */
        final String key;
        final AtomicLong pendingGauge;
        /** Added by this task to {@link #pendingGauge}. */
        long pendingHere;
        private Counter pairs;

        MhMeters(MonitorMeters.ModelHorizon mh) {
            this.mh = mh;
            this.key = ModelKey.of(mh.model(), mh.horizon());
            this.pendingGauge = MonitorMeters.pending(mh);
        }

        Counter pairs() {
            if (pairs == null) {
                pairs = MonitorMeters.pairsMatched(mh.model(), mh.horizon());
            }
            return pairs;
        }
    }

    private MhMeters meters(MatchEntry.Waiting w) {
        MhMeters last = lastMeters;
        if (last != null && w.modelId().equals(last.mh.model()) && w.horizon().equals(last.mh.horizon())) {
            return last;
        }
        Map<String, MhMeters> byHorizon = meters.computeIfAbsent(w.modelId(), m -> new HashMap<>(4));
        MhMeters m = byHorizon.get(w.horizon());
        if (m == null) {
            m = new MhMeters(new MonitorMeters.ModelHorizon(w.modelId(), w.horizon()));
            byHorizon.put(w.horizon(), m);
        }
        lastMeters = m;
        return m;
    }

    private void pending(MatchEntry.Waiting w, long delta) {
        MhMeters m = meters(w);
        m.pendingHere += delta;
        if (delta != 0) {
            m.pendingGauge.addAndGet(delta);
        }
    }

    /** Takes back from the gauge what this task added to it. */
    private void unpend() {
        meters.values().forEach(byHorizon -> byHorizon.values().forEach(m -> {
            m.pendingGauge.addAndGet(-m.pendingHere);
            m.pendingHere = 0;
        }));
    }

    /**
     * At start (also after a crash or a rebalance), in one walk of the store: the gauge learns what this task's store
     * holds, and each series is listed at its oldest target ({@link #byTarget}) if the store fits in memory. Returns
     * the keys of the earlier per-target layout it met, left out of both, for {@link #migrate}.
     */
    private List<String> countPendingAndIndex() {
        unpend();
        TreeMap<Long, List<String>> index = entries.isComplete() ? new TreeMap<>() : null;
        List<String> legacy = new ArrayList<>();
        entries.forEachSorted((key, matches) -> {
            if (key.indexOf(Keys.SEP) >= 0) {
                legacy.add(key);
                return;
            }
            for (int i = 0; i < matches.size(); i++) {
                matches.entry(i).waiting().forEach(w -> pending(w, 1));
            }
            listAtOldest(index, key, matches);
        });
        byTarget = index;
        return legacy;
    }

    @Override
    public void close() {
        unpend();
    }

    /**
     * Removes the targets whose target + match grace has passed: from the series listed at such a target in
     * {@link #byTarget}, or, while the store outgrows its cache, by a walk of the whole store once per bucket.
     */
    private void expire(long streamTime) {
        long lastExpired = streamTime - matchGraceMs;
        if (lastExpired < 0 || lastExpired <= expiredThrough) {
            return;
        }
        long wall = context.currentSystemTimeMs();
        if (byTarget == null && entries.isComplete()) {
            indexTargets(); // the store fits in the cache again (after a burst): index it once more
        }
        if (byTarget != null && entries.isComplete()) {
            expiredThrough = lastExpired;
            Map<Long, List<String>> due = byTarget.headMap(lastExpired, true);
            List<List<String>> keys = new ArrayList<>(due.values());
            due.clear(); // before the walk, which lists series again at their new oldest targets
            for (List<String> list : keys) {
                for (String key : list) {
                    SeriesMatches matches = entries.get(key);
                    if (matches != null && expire(key, matches, lastExpired, wall)) {
                        indexed(matches.oldestTarget(), key);
                    }
                }
            }
            return;
        }
        byTarget = null; // the store outgrew the cache: walk it until it fits again
        if (expiredThrough >= 0 && lastExpired - expiredThrough < bucketMs) {
            return; // a walk of every series at most once per bucket
        }
        expiredThrough = lastExpired;
        // forEachSorted walks a copy: the store may change meanwhile
        entries.forEachSorted((key, matches) -> expire(key, matches, lastExpired, wall));
    }

    /**
     * Removes the series' targets up to {@code lastExpired}, counting their waiting predictions as expired; deletes the
     * series when nothing is left. True if targets remain after some were removed.
     *
     * <p>The series is written back only when a removed target still had predictions waiting. Targets whose pairs
     * were all made are dropped in memory, and leave the stored value at the series' next change: a value restored
     * with such a target still in it holds nothing that waits (no prediction to count as expired twice), and an input
     * for that target is past the match grace, so late. At a day's boundary that spares rewriting every series of the
     * partition in the next commit.
     */
    private boolean expire(String key, SeriesMatches matches, long lastExpired, long wall) {
        if (matches.isEmpty() || matches.oldestTarget() > lastExpired) {
            return false;
        }
        boolean waited = false;
        for (int i = 0; i < matches.size() && matches.target(i) <= lastExpired; i++) {
            waited |= matches.entry(i).hasWaiting();
        }
        matches.removeThrough(lastExpired, entry -> expired(entry, wall));
        if (matches.isEmpty()) {
            entries.delete(key);
            return false;
        }
        if (waited) {
            entries.put(key, matches);
        }
        return true;
    }

    private void expired(MatchEntry entry, long wall) {
        for (MatchEntry.Waiting w : entry.waiting()) {
            reporter.expired(w.modelId(), w.horizon(), wall);
            pending(w, -1);
        }
    }

    /** Once the store fits in memory again: the index of every series by its oldest target. */
    private void indexTargets() {
        byTarget = null;
        if (!entries.isComplete()) {
            return;
        }
        TreeMap<Long, List<String>> index = new TreeMap<>();
        entries.forEachSorted((key, matches) -> listAtOldest(index, key, matches));
        byTarget = index;
    }

    /** Lists a series at its oldest target in {@code index} (none: the store does not fit in memory). */
    private static void listAtOldest(TreeMap<Long, List<String>> index, String key, SeriesMatches matches) {
        if (index != null && !matches.isEmpty()) {
            index.computeIfAbsent(matches.oldestTarget(), t -> new ArrayList<>()).add(key);
        }
    }

    private void indexed(long target, String key) {
        if (byTarget != null) {
            byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(key);
        }
    }

    /**
     * At start: moves the entries of the layout before ({@code target NUL series} keys, one entry each; a store or
     * changelog of an earlier release) into their series' {@link SeriesMatches}. A series_id never holds NUL
     * ({@link InputCheck}), so such keys are the old layout's. Returns how many were moved.
     */
    static int migrate(WriteBackStore<SeriesMatches> entries) {
        List<String> old = new ArrayList<>();
        entries.forEachSorted((key, matches) -> {
            if (key.indexOf(Keys.SEP) >= 0) {
                old.add(key);
            }
        });
        return migrate(entries, old);
    }

    /** {@link #migrate(WriteBackStore)} of the keys of the layout before, already found. */
    private static int migrate(WriteBackStore<SeriesMatches> entries, List<String> old) {
        for (String key : old) {
            SeriesMatches legacy = entries.get(key);
            int sep = key.indexOf(Keys.SEP);
            long target = Long.parseLong(key.substring(0, sep));
            String series = key.substring(sep + 1);
            SeriesMatches matches = entries.get(series);
            if (matches == null) {
                matches = new SeriesMatches();
            }
            if (legacy != null && legacy.size() == 1 && legacy.target(0) == SeriesMatches.LEGACY
                    && matches.get(target) == null) {
                matches.add(target, legacy.entry(0));
                entries.put(series, matches);
            }
            entries.delete(key);
        }
        return old.size();
    }
}
