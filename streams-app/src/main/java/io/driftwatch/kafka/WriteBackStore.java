package io.driftwatch.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * A key-value store of live Java objects in front of a logged RocksDB store: a write-back cache
 * that holds decoded values, so the hot path of a processor does a {@link java.util.HashMap}
 * lookup and no (de)serialization, and that writes each changed entry to RocksDB and its changelog
 * once per commit instead of once per update. An entry created and deleted between two commits
 * (a match entry of a bulk replay) never reaches RocksDB or the changelog at all.
 *
 * <p>Exactly-once: Kafka Streams flushes caches ({@link CachedStateStore#flushCache}) when a task
 * prepares a commit, before it flushes its producer and commits the transaction; that is when the
 * dirty entries are encoded and written to the inner store (and so to the changelog, inside the
 * transaction). After a crash the inner store is rebuilt from the changelog and this cache starts
 * empty. {@code CachedStateStore} is the same (internal) hook Streams' own record caches use; the
 * monitor's kill-and-restart test ({@code MonitorEosIT}) proves the combination.
 *
 * <p>Bounded: at most {@code maxEntries} entries per store instance (one per task); beyond that
 * the least recently used entry is written out (if changed) and dropped. While nothing has been
 * dropped and the inner store fitted at the first access, the cache holds the whole store and
 * scans ({@link #range}, {@link #forEachSorted}) read memory only; otherwise they merge RocksDB
 * with the cache.
 *
 * <p>Contract for callers: a value returned by {@link #get} may be changed in place, and must then
 * be {@link #put} back (that marks it changed). Single-threaded, like every Streams store; the
 * {@link #QUERYABLE} view for interactive queries reads the inner store, i.e. the last commit.
 *
 * @param <V> value type
 */
public final class WriteBackStore<V> implements StateStore, CachedStateStore<Bytes, byte[]> {

    /** How a value becomes the bytes of the inner store and changelog, and back. */
    public interface Codec<V> {
        byte[] encode(V value);

        V decode(byte[] bytes);
    }

    /** Cache slot. {@code value == null} with {@code dirty}: a delete to write. */
    private static final class Slot<V> {
        V value;
        /** Changed since the last write to the inner store. */
        boolean dirty;
        /** The inner store may hold a value for this key (so a delete must be written). */
        boolean persisted;

        Slot(V value, boolean dirty, boolean persisted) {
            this.value = value;
            this.dirty = dirty;
            this.persisted = persisted;
        }
    }

    private final KeyValueStore<Bytes, byte[]> inner;
    private final Codec<V> codec;
    private final int maxEntries;
    private final LinkedHashMap<String, Slot<V>> cache;
    private final List<String> dirtyKeys = new ArrayList<>();
    /** Every entry of the inner store has been loaded (and none evicted since): a key not cached does not exist. */
    private boolean complete;
    private boolean loaded;
    private long evictions;
    /**
     * The slot of the last lookup, keyed by identity: a get and the put that follows it with the same String look up
     * once.
     */
    private String lastKey;

    private Slot<V> lastSlot;

    private WriteBackStore(KeyValueStore<Bytes, byte[]> inner, Codec<V> codec, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
        }
        this.inner = inner;
        this.codec = codec;
        this.maxEntries = maxEntries;
        this.cache = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Slot<V>> eldest) {
                if (size() <= WriteBackStore.this.maxEntries) {
                    return false;
                }
                writeOut(eldest.getKey(), eldest.getValue());
                forgetLast();
                complete = false;
                evictions++;
                return true;
            }
        };
    }

    /**
     * A builder for {@code StreamsBuilder.addStateStore}: a persistent, logged store named {@code name} (changelog
     * {@code <application.id>-<name>-changelog}, compacted, the same topic and byte format as a plain
     * {@code Stores.persistentKeyValueStore} with String keys).
     */
    public static <V> StoreBuilder<WriteBackStore<V>> builder(String name, Codec<V> codec, int maxEntries) {
        return new Builder<>(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(),
            Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(Changelogs.CONFIG), codec, maxEntries);
    }

    /** The value of {@code key}, or null. May be changed in place; {@link #put} it back then. */
    public V get(String key) {
        Slot<V> slot = slot(key);
        return slot == null ? null : slot.value;
    }

    /** Sets {@code key} to {@code value} (not null; use {@link #delete}). */
    public void put(String key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value for " + key + ": use delete");
        }
        Slot<V> slot = slot(key);
        if (slot == null) {
            // slot() returns null only while the cache is the whole store: the inner store does not hold this key
            slot = new Slot<>(value, true, false);
            cache.put(key, slot);
            dirtyKeys.add(key);
            remember(key, slot);
            return;
        }
        slot.value = value;
        markDirty(key, slot);
    }

    public void delete(String key) {
        Slot<V> slot = slot(key);
        if (slot == null) {
            return;
        }
        if (!slot.persisted) {
            cache.remove(key); // created since the last write and gone again: nothing to write
            forgetLast();
            return;
        }
        slot.value = null;
        markDirty(key, slot);
    }

    /** The entries with {@code from <= key <= to}, in key order (a copy: the store may be changed while using it). */
    public List<KeyValue<String, V>> range(String from, String to) {
        return scan(from, to);
    }

    /** Every entry in key order (deterministic, so replays emit what they emitted before). */
    public void forEachSorted(BiConsumer<String, V> action) {
        for (KeyValue<String, V> kv : scan(null, null)) {
            action.accept(kv.key, kv.value);
        }
    }

    /** Number of entries (a scan; for tests and tools). */
    public long size() {
        return scan(null, null).size();
    }

    /** True while every entry of the store is in memory (nothing evicted since the first access). */
    public boolean isComplete() {
        load();
        return complete;
    }

    /** Entries written out because the cache was full, since this instance started. */
    public long evictions() {
        return evictions;
    }

    private List<KeyValue<String, V>> scan(String from, String to) {
        load();
        TreeMap<String, V> out = new TreeMap<>();
        if (!complete) {
            try (KeyValueIterator<Bytes, byte[]> it =
                    from == null ? inner.all() : inner.range(bytes(from), bytes(to))) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> kv = it.next();
                    String key = new String(kv.key.get(), StandardCharsets.UTF_8);
                    if (!cache.containsKey(key)) { // containsKey keeps the LRU order as it is
                        out.put(key, codec.decode(kv.value));
                    }
                }
            }
        }
        for (Map.Entry<String, Slot<V>> e : cache.entrySet()) {
            String key = e.getKey();
            if (e.getValue().value != null && (from == null || key.compareTo(from) >= 0 && key.compareTo(to) <= 0)) {
                out.put(key, e.getValue().value);
            }
        }
        List<KeyValue<String, V>> list = new ArrayList<>(out.size());
        out.forEach((k, v) -> list.add(KeyValue.pair(k, v)));
        return list;
    }

    private Slot<V> slot(String key) {
        if (key == lastKey) {
            return lastSlot;
        }
        load();
        Slot<V> slot = cache.get(key);
        if (slot != null || complete) {
            remember(key, slot);
            return slot;
        }
        byte[] stored = inner.get(bytes(key));
        // a miss is cached too (a prediction's lookup is usually followed by its put)
        slot = stored == null ? new Slot<>(null, false, false) : new Slot<>(codec.decode(stored), false, true);
        cache.put(key, slot);
        remember(key, slot);
        return slot;
    }

    private void remember(String key, Slot<V> slot) {
        lastKey = slot == null ? null : key;
        lastSlot = slot;
    }

    private void forgetLast() {
        lastKey = null;
        lastSlot = null;
    }

    private void markDirty(String key, Slot<V> slot) {
        if (!slot.dirty) {
            slot.dirty = true;
            dirtyKeys.add(key);
        }
    }

    /** At the first access after init or a cache clear (restoration is over by then): the whole store if it fits. */
    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (inner.approximateNumEntries() > maxEntries) {
            complete = false;
            return;
        }
        Map<String, Slot<V>> all = new LinkedHashMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
            while (it.hasNext() && all.size() <= maxEntries) {
                KeyValue<Bytes, byte[]> kv = it.next();
                all.put(
                        new String(kv.key.get(), StandardCharsets.UTF_8),
                        new Slot<>(codec.decode(kv.value), false, true));
            }
        }
        if (all.size() > maxEntries) {
            complete = false;
            return;
        }
        cache.putAll(all);
        complete = true;
    }

    private void writeOut(String key, Slot<V> slot) {
        if (!slot.dirty) {
            return;
        }
        slot.dirty = false;
        if (slot.value == null) {
            inner.delete(bytes(key));
            slot.persisted = false;
        } else {
            inner.put(bytes(key), codec.encode(slot.value));
            slot.persisted = true;
        }
    }

    private static Bytes bytes(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    // ---- CachedStateStore: called by the task before it commits

    @Override
    public void flushCache() {
        for (String key : dirtyKeys) {
            Slot<V> slot = cache.get(key);
            if (slot != null) {
                writeOut(key, slot);
                if (slot.value == null) {
                    cache.remove(key); // written delete: absent in both
                    forgetLast();
                }
            }
        }
        dirtyKeys.clear();
    }

    @Override
    public void clearCache() {
        forgetLast();
        cache.clear();
        dirtyKeys.clear();
        complete = false;
        loaded = false;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    // ---- StateStore: the inner store registers itself with this store as the root

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache();
        inner.init(context, root);
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        inner.commit(changelogOffsets);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public void close() {
        clearCache();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    /**
     * Interactive queries ({@code KafkaStreams.store(StoreQueryParameters.fromNameAndType(name, QUERYABLE))}): the
     * committed content (what the last commit wrote to RocksDB) as raw bytes with String keys, across the instance's
     * tasks. Safe from any thread: it reads RocksDB only, never the cache of the stream thread.
     */
    public static final QueryableStoreType<ReadOnlyKeyValueStore<String, byte[]>> QUERYABLE = new Queryable();

    private static final class Queryable implements QueryableStoreType<ReadOnlyKeyValueStore<String, byte[]>> {

        @Override
        public boolean accepts(StateStore store) {
            return store instanceof WriteBackStore;
        }

        @Override
        public ReadOnlyKeyValueStore<String, byte[]> create(StateStoreProvider provider, String storeName) {
            return new Committed(provider, storeName);
        }
    }

    /** Read-only view over the inner stores of every task of this instance that hosts the store. */
    private record Committed(StateStoreProvider provider, String storeName)
            implements ReadOnlyKeyValueStore<String, byte[]> {

        private List<KeyValueStore<Bytes, byte[]>> inners() {
            List<KeyValueStore<Bytes, byte[]>> out = new ArrayList<>();
            for (Object s : provider.stores(storeName, QUERYABLE)) { // the accepted stores themselves
                out.add(((WriteBackStore<?>) s).inner);
            }
            return out;
        }

        @Override
        public byte[] get(String key) {
            for (KeyValueStore<Bytes, byte[]> s : inners()) {
                byte[] v = s.get(bytes(key));
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
            return inners().stream().mapToLong(KeyValueStore::approximateNumEntries).sum();
        }

        private KeyValueIterator<String, byte[]> collect(String from, String to) {
            TreeMap<String, byte[]> out = new TreeMap<>();
            for (KeyValueStore<Bytes, byte[]> s : inners()) {
                try (KeyValueIterator<Bytes, byte[]> it = from == null ? s.all() : s.range(bytes(from), bytes(to))) {
                    it.forEachRemaining(kv -> out.put(new String(kv.key.get(), StandardCharsets.UTF_8), kv.value));
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

    private static final class Builder<V> implements StoreBuilder<WriteBackStore<V>> {
        private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;
        private final Codec<V> codec;
        private final int maxEntries;

        Builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> inner, Codec<V> codec, int maxEntries) {
            this.inner = inner;
            this.codec = codec;
            this.maxEntries = maxEntries;
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a WriteBackStore is its own cache");
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public WriteBackStore<V> build() {
            return new WriteBackStore<>(inner.build(), codec, maxEntries);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }

}
