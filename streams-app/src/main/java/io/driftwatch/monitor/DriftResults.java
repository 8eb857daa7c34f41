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

    /** The results of {@code mh} at window end {@code end}, in series order. */
    List<Flow.Drift> at(String mh, long end) {
        List<Flow.Drift> out = new ArrayList<>();
        String prefix = Keys.join(mh, Keys.time(end));
        try (KeyValueIterator<String, byte[]> it = store.range(Keys.from(prefix), Keys.to(prefix))) {
            it.forEachRemaining(kv -> out.add((Flow.Drift) Flow.decode(kv.value)));
        }
        return out;
    }

    /** Deletes the results of {@code mh} with window end <= {@code end}. */
    void dropThrough(String mh, long end) {
        List<String> done = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(Keys.from(mh), Keys.join(mh, Keys.time(end)) + Keys.AFTER)) {
            it.forEachRemaining(kv -> done.add(kv.key));
        }
        done.forEach(store::delete);
    }

    boolean isEmpty(String mh) {
        try (KeyValueIterator<String, byte[]> it = store.range(Keys.from(mh), Keys.to(mh))) {
            return !it.hasNext();
        }
    }
}
