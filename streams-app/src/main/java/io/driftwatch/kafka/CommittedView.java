package io.driftwatch.kafka;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The interactive-query view of a {@link WriteBackStore} ({@link WriteBackStore#QUERYABLE}): the
 * committed content of its inner stores, across the tasks of this instance that host it, as raw
 * bytes with String keys. It reads the inner stores only, never the cache of the stream thread, so
 * it is safe from any thread and sees what the last commit wrote.
 *
 * @param inners the inner stores of the hosting tasks, asked at each call (tasks come and go)
 */
record CommittedView(Supplier<List<KeyValueStore<Bytes, byte[]>>> inners)
        implements ReadOnlyKeyValueStore<String, byte[]> {

    @Override
    public byte[] get(String key) {
        for (KeyValueStore<Bytes, byte[]> s : inners.get()) {
            byte[] v = s.get(WriteBackCache.bytes(key));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
        return collect(from, to);
    }

    @Override
    public KeyValueIterator<String, byte[]> all() {
        return collect(null, null);
    }

    @Override
    public long approximateNumEntries() {
        return inners.get().stream().mapToLong(KeyValueStore::approximateNumEntries).sum();
    }

    private KeyValueIterator<String, byte[]> collect(String from, String to) {
        TreeMap<String, byte[]> out = new TreeMap<>();
        for (KeyValueStore<Bytes, byte[]> s : inners.get()) {
            try (KeyValueIterator<Bytes, byte[]> it =
                    from == null ? s.all() : s.range(WriteBackCache.bytes(from), WriteBackCache.bytes(to))) {
                it.forEachRemaining(kv -> out.put(WriteBackCache.key(kv.key), kv.value));
            }
        }
        Iterator<Map.Entry<String, byte[]>> it = out.entrySet().iterator();
        return new KeyValueIterator<>() {
            private Map.Entry<String, byte[]> peeked;

            @Override
            public boolean hasNext() {
                return peeked != null || it.hasNext();
            }

            @Override
            public KeyValue<String, byte[]> next() {
                Map.Entry<String, byte[]> e = peeked != null ? peeked : it.next();
                peeked = null;
                return KeyValue.pair(e.getKey(), e.getValue());
            }

            @Override
            public String peekNextKey() {
                if (peeked == null) {
                    peeked = it.next();
                }
                return peeked.getKey();
            }

            @Override
            public void close() {
            }
        };
    }
}
