package io.driftwatch.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A key-value store of live Java objects in front of a logged RocksDB store: a write-back cache
 * that holds decoded values, so the hot path of a processor does a {@link java.util.HashMap}
 * lookup and no (de)serialization, and that writes each changed entry to RocksDB and its changelog
 * once per commit instead of once per update. An entry created and deleted between two commits
 * (a match entry of a bulk replay) never reaches RocksDB or the changelog at all.
 *
 * <p>Parts: this class is the store Streams sees (its {@link StateStore} calls pass through to the
 * inner store) and the processors' API; {@link WriteBackCache} is the cache, {@link CommittedView}
 * the interactive-query view, {@link WriteBackStoreBuilder} the builder. The commit hook is Kafka
 * Streams internal API, kept in {@link StreamsInternals}.
 *
 * <p>Exactly-once: Kafka Streams flushes caches ({@link #flushCache}) when a task prepares a commit,
 * before it flushes its producer and commits the transaction; that is when the dirty entries are
 * encoded and written to the inner store (and so to the changelog, inside the transaction). After a
 * crash the inner store is rebuilt from the changelog and this cache starts empty. It is the same
 * hook Streams' own record caches use; the monitor's kill-and-restart test ({@code MonitorEosIT})
 * proves the combination.
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
public final class WriteBackStore<V> implements StateStore, StreamsInternals.FlushedAtCommit {

    /** How a value becomes the bytes of the inner store and changelog, and back. */
    public interface Codec<V> {
        byte[] encode(V value);

        V decode(byte[] bytes);
    }

    /**
     * Interactive queries ({@code KafkaStreams.store(StoreQueryParameters.fromNameAndType(name, QUERYABLE))}): the
     * committed content (what the last commit wrote to RocksDB) as raw bytes with String keys, across the instance's
     * tasks. Safe from any thread: it reads RocksDB only, never the cache of the stream thread.
     */
    public static final QueryableStoreType<ReadOnlyKeyValueStore<String, byte[]>> QUERYABLE =
            StreamsInternals.queryableStoreType(WriteBackStore.class, stores -> new CommittedView(() -> {
                List<KeyValueStore<Bytes, byte[]>> inners = new ArrayList<>();
                for (StateStore s : stores.get()) {
                    inners.add(((WriteBackStore<?>) s).inner);
                }
                return inners;
            }));

    private final KeyValueStore<Bytes, byte[]> inner;
    private final WriteBackCache<V> cache;

    WriteBackStore(KeyValueStore<Bytes, byte[]> inner, Codec<V> codec, int maxEntries, boolean ephemeral) {
        this.inner = inner;
        this.cache = new WriteBackCache<>(inner, codec, maxEntries, ephemeral);
    }

    /**
     * A builder for {@code StreamsBuilder.addStateStore}: a persistent, logged store named {@code name} (changelog
     * {@code <application.id>-<name>-changelog}, compacted, the same topic and byte format as a plain
     * {@code Stores.persistentKeyValueStore} with String keys).
     */
    public static <V> StoreBuilder<WriteBackStore<V>> builder(String name, Codec<V> codec, int maxEntries) {
        return builder(Stores.persistentKeyValueStore(name), codec, maxEntries);
    }

    /**
     * The same over another inner store, e.g. {@code Stores.inMemoryKeyValueStore(name)} for state that is thrown
     * away at the end (a replay); logged like {@link #builder(String, Codec, int)} unless {@code withLoggingDisabled}.
     * In memory without a changelog, nothing is written at a commit: an entry is encoded only when evicted.
     */
    public static <V> StoreBuilder<WriteBackStore<V>> builder(
            KeyValueBytesStoreSupplier inner, Codec<V> codec, int maxEntries) {
        return new WriteBackStoreBuilder<>(Stores.keyValueStoreBuilder(inner, Serdes.Bytes(), Serdes.ByteArray())
            .withCachingDisabled().withLoggingEnabled(Changelogs.CONFIG), codec, maxEntries);
    }

    /** The value of {@code key}, or null. May be changed in place; {@link #put} it back then. */
    public V get(String key) {
        return cache.get(key);
    }

    /** Sets {@code key} to {@code value} (not null; use {@link #delete}). */
    public void put(String key, V value) {
        cache.put(key, value);
    }

    public void delete(String key) {
        cache.delete(key);
    }

    /** The entries with {@code from <= key <= to}, in key order (a copy: the store may be changed while using it). */
    public List<KeyValue<String, V>> range(String from, String to) {
        return cache.scan(from, to);
    }

    /** Every entry in key order (deterministic, so replays emit what they emitted before). */
    public void forEachSorted(BiConsumer<String, V> action) {
        for (KeyValue<String, V> kv : cache.scan(null, null)) {
            action.accept(kv.key, kv.value);
        }
    }

    /**
     * Every entry, in an order that depends on the store's history (unsorted while the cache holds the whole store):
     * for walks whose outcome does not depend on the order, where sorting every key would cost more than the walk.
     * {@code action} must not add or delete entries (a {@link java.util.ConcurrentModificationException} if it does);
     * changing a value in place and putting it back is fine.
     */
    public void forEach(BiConsumer<String, V> action) {
        cache.forEach(action);
    }

    /** Number of entries (a scan; for tests and tools). */
    public long size() {
        return cache.scan(null, null).size();
    }

    /** True while every entry of the store is in memory (nothing evicted since the first access). */
    public boolean isComplete() {
        return cache.isComplete();
    }

    /** Entries written out because the cache was full, since this instance started. */
    public long evictions() {
        return cache.evictions();
    }

    // ---- the commit hook: called by the task before it commits, and when it is recycled

    @Override
    public void flushCache() {
        cache.flush();
    }

    @Override
    public void clearCache() {
        cache.clear();
    }

    // ---- StateStore: passed through to the inner store, which registers itself with this store as the root

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        cache.clear();
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
        cache.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }
}
