package io.driftwatch.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.function.BiConsumer;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.driftwatch.kafka.SlotTable.Slot;

/**
 * The cache of a {@link WriteBackStore}: decoded values by String key, at most {@code maxEntries}, over the inner
 * store of bytes, evicted in CLOCK (second-chance) order: an access sets a slot's referenced bit, and eviction takes
 * the oldest inserted slot whose bit is clear, clearing the bits it passes. Unlike an LRU map in access order, which
 * relinks its list at every read, an access writes no reference into the long-lived entries (each such write into
 * an old object costs the G1 collector a card to refine). A changed entry is written to the inner store
 * when it is evicted or at {@link #flush()}; a read that misses goes to the inner store once and is
 * cached, a miss too. While nothing has been evicted and the inner store fitted at the first access
 * ({@link #isComplete()}), a key not cached does not exist and scans read memory only. The slots live in a
 * {@link SlotTable}, where each slot is its own table node.
 *
 * <p>Recovery: a burst (a backlog read at full speed) can outgrow the cache for a while. The cache
 * counts the inner store's entries exactly while it can (from a load that fitted on), and once a
 * flush leaves at most half of {@code maxEntries} in the inner store it drops the cache, so that
 * the next access loads the whole store again and the cache is complete once more. A store that
 * was too big at its first access has no exact count; then the flush asks RocksDB's estimate every
 * {@link #RETRY_FLUSHES} flushes and tries a load when the estimate says it would fit.
 *
 * @param <V> value type
 */
final class WriteBackCache<V> {

    private final KeyValueStore<Bytes, byte[]> inner;
    private final WriteBackStore.Codec<V> codec;
    private final int maxEntries;
    private final SlotTable<V> cache;
    /** The slots changed since the last flush (a slot that left the cache unwritten is no longer dirty). */
    private final List<Slot<V>> dirtySlots = new ArrayList<>();
    /** Every entry of the inner store has been loaded (and none evicted since): a key not cached does not exist. */
    private boolean complete;
    private boolean loaded;
    private long evictions;
    /** Entries in the inner store, exact while {@code counted}. */
    private long innerCount;
    private boolean counted;
    private long flushesSinceRetry;
    static final int RETRY_FLUSHES = 64;
    private static final Comparator<KeyValue<String, ?>> BY_KEY = (a, b) -> a.key.compareTo(b.key);
    /**
     * Entries per write at a flush: one {@code putAll}, i.e. one RocksDB write batch, instead of a JNI call per entry;
     * bounded, so a flush of a few hundred thousand entries holds at most this many encoded values at once.
     */
    static final int FLUSH_BATCH = 4_096;
    /**
     * The slots of the last two keys looked up, by identity (a null slot: the key does not exist, known while the
     * cache is complete): a get and the put that follows it with the same String look up once, also with another
     * lookup in between (an actual's entry, its previous day's entry, then the entry again).
     */
    private String lastKey;
    /** The slot {@link #insert} is adding, which eviction must not take. */
    private Slot<V> inserting;

    private Slot<V> lastSlot;
    private String previousKey;
    private Slot<V> previousSlot;
    /**
     * In memory without a changelog (a replay's state, thrown away at the end): nothing is written at a commit, an
     * entry is encoded only when the cache evicts it, and a delete goes through to the inner store at once.
     */
    private final boolean ephemeral;

    WriteBackCache(KeyValueStore<Bytes, byte[]> inner, WriteBackStore.Codec<V> codec, int maxEntries,
                   boolean ephemeral) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
        }
        this.inner = inner;
        this.codec = codec;
        this.maxEntries = maxEntries;
        this.ephemeral = ephemeral;
        this.cache = new SlotTable<>(Math.min(maxEntries, 1 << 16));
    }

    /**
     * Writes out and removes one slot: the oldest inserted one not referenced since the scan last passed it (the
     * scan clears the bits it passes), else the oldest; never the slot being inserted.
     */
    private void evictOne() {
        for (int pass = 0; pass < 2; pass++) {
            for (Slot<V> slot = cache.first(); slot != null; slot = slot.after()) {
                if (slot == inserting) {
                    continue;
                }
                if (pass == 0 && slot.referenced) {
                    slot.referenced = false;
                    continue;
                }
                writeOut(slot);
                cache.remove(slot);
                forgetLast();
                complete = false;
                evictions++;
                return;
            }
        }
    }

    V get(String key) {
        Slot<V> slot = slot(key);
        return slot == null ? null : slot.value;
    }

    void put(String key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value for " + key + ": use delete");
        }
        Slot<V> slot = slot(key);
        if (slot == null) {
            // slot() returns null only while the cache is the whole store: the inner store does not hold this key
            slot = new Slot<>(key, value, true, false);
            insert(key, slot);
            if (!ephemeral) {
                dirtySlots.add(slot);
            }
            remember(key, slot);
            return;
        }
        if (slot.value != value) { // the same object put back after a change in place: no reference written
            slot.value = value;
        }
        markDirty(slot);
    }

    private void insert(String key, Slot<V> slot) {
        cache.insert(slot);
        if (cache.size() > maxEntries) {
            inserting = slot;
            try {
                evictOne();
            } finally {
                inserting = null;
            }
        }
    }

    void delete(String key) {
        Slot<V> slot = slot(key);
        if (slot == null) {
            return;
        }
        if (!slot.persisted || ephemeral) {
            if (slot.persisted) {
                inner.put(bytes(key), null); // a delete without delete's read of the old value
                innerCount--;
            }
            slot.dirty = false;
            // created since the last write and gone again: nothing to write, and its key and value are released at
            // once (the slot stays listed as changed until the next flush)
            cache.remove(slot);
            forgetLast();
            return;
        }
        slot.value = null;
        markDirty(slot);
    }

    boolean isComplete() {
        load();
        return complete;
    }

    long evictions() {
        return evictions;
    }

    /** The entries with {@code from <= key <= to} (every entry when {@code from} is null), in key order, a copy. */
    List<KeyValue<String, V>> scan(String from, String to) {
        load();
        // one list sorted once, instead of a TreeMap (a node and a tree walk per entry): the cache's insertion order,
        // from a load in key order plus the keys added since, is mostly sorted already, which the list sort exploits
        List<KeyValue<String, V>> out = new ArrayList<>(complete ? cache.size() : cache.size() + 16);
        if (!complete) {
            try (KeyValueIterator<Bytes, byte[]> it =
                    from == null ? inner.all() : inner.range(bytes(from), bytes(to))) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> kv = it.next();
                    String key = key(kv.key);
                    if (!cache.containsKey(key)) { // containsKey sets no referenced bit
                        out.add(KeyValue.pair(key, codec.decode(kv.value)));
                    }
                }
            }
        }
        for (Slot<V> slot = cache.first(); slot != null; slot = slot.after()) {
            String key = slot.key;
            if (slot.value != null && (from == null || key.compareTo(from) >= 0 && key.compareTo(to) <= 0)) {
                out.add(KeyValue.pair(key, slot.value));
            }
        }
        out.sort(BY_KEY); // the keys are distinct: the inner store's were taken only when not cached
        return out;
    }

    /**
     * Every entry: in the cache's insertion order while it holds the whole store (no copy, no sort), else in key
     * order ({@link #scan}). {@code action} must not add or delete entries meanwhile.
     */
    void forEach(BiConsumer<String, V> action) {
        load();
        if (!complete) {
            for (KeyValue<String, V> kv : scan(null, null)) {
                action.accept(kv.key, kv.value);
            }
            return;
        }
        int changes = cache.changes();
        for (Slot<V> slot = cache.first(); slot != null; slot = slot.after()) {
            if (slot.value != null) {
                action.accept(slot.key, slot.value);
                if (cache.changes() != changes) {
                    throw new ConcurrentModificationException("entries added or deleted during forEach");
                }
            }
        }
    }

    /** Writes every changed entry to the inner store; a written delete leaves the cache too. */
    void flush() {
        List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>(Math.min(dirtySlots.size(), FLUSH_BATCH));
        for (Slot<V> slot : dirtySlots) {
            // still dirty: still the key's slot in the cache (one that left it was written out or had nothing to write)
            if (slot.dirty) {
                batch.add(written(slot));
                if (slot.value == null) {
                    cache.remove(slot); // written delete: absent in both
                    forgetLast();
                }
                if (batch.size() == FLUSH_BATCH) {
                    inner.putAll(batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            inner.putAll(batch);
        }
        dirtySlots.clear();
        if (!complete && loaded && fitsAgain()) {
            clear(); // everything is written: the next access loads the whole store, which fits again
        }
    }

    /** After an overflow: whether the inner store fits in half of the cache again (see the class comment). */
    private boolean fitsAgain() {
        if (counted) {
            return innerCount <= maxEntries / 2;
        }
        if (++flushesSinceRetry < RETRY_FLUSHES) {
            return false;
        }
        flushesSinceRetry = 0;
        return inner.approximateNumEntries() <= maxEntries / 2;
    }

    /** Forgets everything, changes not flushed included; the next access loads the inner store again. */
    void clear() {
        forgetLast();
        cache.clear();
        dirtySlots.clear();
        complete = false;
        loaded = false;
    }

    private Slot<V> slot(String key) {
        if (key == lastKey) {
            if (lastSlot != null) {
                lastSlot.referenced = true;
            }
            return lastSlot;
        }
        if (key == previousKey) {
            Slot<V> slot = previousSlot;
            if (slot != null) {
                slot.referenced = true;
            }
            remember(key, slot);
            return slot;
        }
        load();
        Slot<V> slot = cache.get(key);
        if (slot != null || complete) {
            if (slot != null) {
                slot.referenced = true;
            }
            remember(key, slot);
            return slot;
        }
        byte[] stored = inner.get(bytes(key));
        // a miss is cached too (a prediction's lookup is usually followed by its put)
        slot = stored == null
            ? new Slot<>(key, null, false, false)
            : new Slot<>(key, codec.decode(stored), false, true);
        insert(key, slot);
        remember(key, slot);
        return slot;
    }

    /** {@code slot} null: {@code key} does not exist (only said while the cache is complete). */
    private void remember(String key, Slot<V> slot) {
        if (key != lastKey) {
            previousKey = lastKey;
            previousSlot = lastSlot;
            lastKey = key;
        }
        lastSlot = slot;
    }

    private void forgetLast() {
        lastKey = null;
        lastSlot = null;
        previousKey = null;
        previousSlot = null;
    }

    private void markDirty(Slot<V> slot) {
        if (!slot.dirty) {
            slot.dirty = true;
            if (!ephemeral) {
                dirtySlots.add(slot);
            }
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
            counted = false;
            return;
        }
        List<Slot<V>> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
            while (it.hasNext() && all.size() <= maxEntries) {
                KeyValue<Bytes, byte[]> kv = it.next();
                String key = key(kv.key);
                all.add(new Slot<>(key, codec.decode(kv.value), false, true));
            }
        }
        if (all.size() > maxEntries) {
            complete = false;
            counted = false;
            return;
        }
        all.forEach(cache::insert); // the keys of a store are distinct
        complete = true;
        counted = true;
        innerCount = all.size();
    }

    private void writeOut(Slot<V> slot) {
        if (!slot.dirty) {
            return;
        }
        KeyValue<Bytes, byte[]> write = written(slot);
        inner.put(write.key, write.value);
    }

    /**
     * The write that brings the inner store up to {@code slot} (a null value: a delete), with the slot marked clean.
     * A delete is a put of null, which writes the same tombstone to RocksDB and the changelog as
     * {@code KeyValueStore.delete}, without the read of the old value that {@code delete} makes to return it.
     */
    private KeyValue<Bytes, byte[]> written(Slot<V> slot) {
        slot.dirty = false;
        if (slot.value == null) {
            if (slot.persisted) {
                innerCount--;
            }
            slot.persisted = false;
            return KeyValue.pair(bytes(slot.key), null);
        }
        if (!slot.persisted) {
            innerCount++;
        }
        slot.persisted = true;
        return KeyValue.pair(bytes(slot.key), codec.encode(slot.value));
    }

    /** The inner store's key of {@code key}: its UTF-8 bytes (as a String-keyed store with {@code Serdes.String()}). */
    static Bytes bytes(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    static String key(Bytes bytes) {
        return new String(bytes.get(), StandardCharsets.UTF_8);
    }
}
