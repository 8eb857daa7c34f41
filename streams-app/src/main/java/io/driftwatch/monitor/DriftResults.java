package io.driftwatch.monitor;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Drift test results ({@link StageReport.Drift}) and per-partition test counts ({@link StageReport.Tested}) waiting in
 * the window stage for the evaluation of their window end. Key {@code mh NUL end NUL series} for a
 * result, {@code mh NUL end NUL NUL upstream} for a count (before every series), so one evaluation reads
 * them in series order with one range scan. Each evaluation deletes the results up to its end, so the store
 * holds at most the results of the ends not yet evaluated.
 */
final class DriftResults {

    private final KeyValueStore<String, byte[]> store;

    DriftResults(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    void add(StageReport.Drift d) {
        store.put(Keys.join(d.modelHorizon(), Keys.time(d.end()), d.seriesId()), StageReport.encode(d));
    }

    void add(StageReport.Tested c) {
        store.put(
                Keys.join(c.modelHorizon(), Keys.time(c.end()), "", Integer.toString(c.upstream())),
                StageReport.encode(c));
    }

    /**
     * The drift results of one window end, and the number of series tested at that end over every
     * matching partition.
     */
    record AtEnd(List<StageReport.Drift> results, int tested) {
    }

    /**
     * The results of {@code mh} at window end {@code end}, in series order, deleted from the store: an
     * evaluation reads each window end once.
     */
    AtEnd take(String mh, long end) {
        List<StageReport.Drift> out = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        int[] tested = new int[1];
        String prefix = Keys.join(mh, Keys.time(end));
        try (KeyValueIterator<String, byte[]> it = store.range(Keys.from(prefix), Keys.to(prefix))) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                StageReport flow = StageReport.decode(kv.value);
                if (flow instanceof StageReport.Drift d) {
                    out.add(d);
                } else if (flow instanceof StageReport.Tested c) {
                    tested[0] += c.count();
                }
            });
        }
        keys.forEach(store::delete);
        return new AtEnd(out, Math.max(tested[0], out.size()));
    }

    /**
     * Deletes the results of {@code mh} with window end in ({@code after}, {@code end}] (those no evaluation
     * will read: ends before the first window end with error data). The range starts after {@code after}, the
     * last end evaluated before ({@link EvalState#NONE}: from the first key of {@code mh}), so the scan does
     * not walk the tombstones of the results deleted earlier, which RocksDB keeps until a compaction.
     */
    void dropThrough(String mh, long after, long end) {
        String from = after == EvalState.NONE ? Keys.from(mh) : Keys.join(mh, Keys.time(after + 1));
        List<String> done = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(from, Keys.join(mh, Keys.time(end)) + Keys.AFTER)) {
            it.forEachRemaining(kv -> done.add(kv.key));
        }
        done.forEach(store::delete);
    }

    /** True when no result of {@code mh} with a window end after {@code end} waits (the earlier ones are dropped). */
    boolean isEmptyAfter(String mh, long end) {
        try (KeyValueIterator<String, byte[]> it = store.range(Keys.join(mh, Keys.time(end + 1)), Keys.to(mh))) {
            return !it.hasNext();
        }
    }
}
