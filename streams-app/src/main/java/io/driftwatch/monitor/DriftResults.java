package io.driftwatch.monitor;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Significant KS results ({@link Flow.Drift}) waiting in the window stage for the evaluation of
 * their window end. Key {@code mh NUL end NUL series}, so one evaluation reads its results in
 * series order with one range scan. Each evaluation deletes the results up to its end, so the store
 * holds at most the results of the ends not yet evaluated.
 */
final class DriftResults {

    private final KeyValueStore<String, byte[]> store;

    DriftResults(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    void add(Flow.Drift d) {
        store.put(Keys.join(d.modelHorizon(), Keys.time(d.end()), d.seriesId()), Flow.encode(d));
    }

    /**
     * The results of {@code mh} at window end {@code end}, in series order, deleted from the store: an
     * evaluation reads each window end once.
     */
    List<Flow.Drift> take(String mh, long end) {
        List<Flow.Drift> out = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        String prefix = Keys.join(mh, Keys.time(end));
        try (KeyValueIterator<String, byte[]> it = store.range(Keys.from(prefix), Keys.to(prefix))) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                out.add((Flow.Drift) Flow.decode(kv.value));
            });
        }
        keys.forEach(store::delete);
        return out;
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
