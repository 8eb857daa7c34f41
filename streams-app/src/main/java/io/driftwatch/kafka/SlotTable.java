package io.driftwatch.kafka;

import java.util.Arrays;

/**
 * The table of a {@link WriteBackCache}: its slots by String key, chained in buckets, and linked in insertion order
 * (the order the cache's CLOCK eviction and its scans walk). A slot is its own table node: where a
 * {@code LinkedHashMap<String, Slot>} kept a map entry and a slot per cached key, this keeps one object, and a lookup
 * reads the slot without going through an entry first. The write-back caches hold hundreds of thousands of
 * long-lived entries with a large fleet, each looked up at random and each an object the garbage collector copies.
 *
 * <p>Keys are compared with {@code equals}, buckets found by {@code String.hashCode} spread as in {@code HashMap}; the
 * table doubles past a load of 0.75. Unlike {@code HashMap} it never turns a long bucket into a tree: the keys are the
 * caches' own (series ids, model names and times), not chosen to collide. Not thread-safe.
 *
 * @param <V> value type
 */
final class SlotTable<V> {

    /** A cached entry: its key and value, the write-back state, and its links in the table. */
    static final class Slot<V> {
        /** The key; null once the slot has left the table (a slot still listed as changed keeps nothing alive). */
        String key;
        final int hash;
        /** The value; null with {@code dirty}: a delete to write. */
        V value;
        /** Changed since the last write to the inner store. */
        boolean dirty;
        /** The inner store may hold a value for this key (so a delete must be written). */
        boolean persisted;
        /** Accessed since the eviction scan last passed it. */
        boolean referenced;
        private Slot<V> next;
        private Slot<V> before;
        private Slot<V> after;
        private boolean linked;

        Slot(String key, V value, boolean dirty, boolean persisted) {
            this.key = key;
            this.hash = spread(key.hashCode());
            this.value = value;
            this.dirty = dirty;
            this.persisted = persisted;
        }

        /** The slot inserted after this one, or null. */
        Slot<V> after() {
            return after;
        }

        /** Whether the slot is in its table. */
        boolean linked() {
            return linked;
        }
    }

    private static final int MIN_CAPACITY = 16;

    private Slot<V>[] table;
    private int size;
    private Slot<V> head;
    private Slot<V> tail;
    /** Insertions, removals and clears so far: a walk in insertion order checks that none happened meanwhile. */
    private int changes;

    /** A table sized for {@code expected} slots before it first grows (at least 16 buckets). */
    SlotTable(int expected) {
        table = newTable(capacityFor(expected));
    }

    static int spread(int h) {
        return h ^ (h >>> 16);
    }

    private static int capacityFor(int expected) {
        int capacity = MIN_CAPACITY;
        while (capacity < (1 << 30) && capacity * 3L / 4 < expected) {
            capacity <<= 1;
        }
        return capacity;
    }

    @SuppressWarnings("unchecked")
    private static <V> Slot<V>[] newTable(int capacity) {
        return (Slot<V>[]) new Slot<?>[capacity];
    }

    int size() {
        return size;
    }

    /** The slot of {@code key}, or null. */
    Slot<V> get(String key) {
        int h = spread(key.hashCode());
        for (Slot<V> s = table[h & (table.length - 1)]; s != null; s = s.next) {
            if (s.hash == h && (s.key == key || s.key.equals(key))) {
                return s;
            }
        }
        return null;
    }

    boolean containsKey(String key) {
        return get(key) != null;
    }

    /** Adds {@code slot}, last in insertion order; its key must not be in the table already. */
    void insert(Slot<V> slot) {
        if (slot.linked || slot.key == null) {
            throw new IllegalArgumentException("slot already in a table or released");
        }
        if (size >= table.length * 3L / 4 && table.length < (1 << 30)) {
            grow();
        }
        int i = slot.hash & (table.length - 1);
        slot.next = table[i];
        table[i] = slot;
        slot.before = tail;
        slot.after = null;
        if (tail == null) {
            head = slot;
        } else {
            tail.after = slot;
        }
        tail = slot;
        slot.linked = true;
        size++;
        changes++;
    }

    /**
     * Takes {@code slot} out of the table and drops its key and value too ({@link Slot#key}): the caller keeps nothing
     * of a removed slot but its flags.
     */
    void remove(Slot<V> slot) {
        if (!slot.linked) {
            return;
        }
        int i = slot.hash & (table.length - 1);
        Slot<V> s = table[i];
        if (s == slot) {
            table[i] = slot.next;
        } else {
            while (s.next != slot) {
                s = s.next;
            }
            s.next = slot.next;
        }
        if (slot.before == null) {
            head = slot.after;
        } else {
            slot.before.after = slot.after;
        }
        if (slot.after == null) {
            tail = slot.before;
        } else {
            slot.after.before = slot.before;
        }
        slot.next = null;
        slot.before = null;
        slot.after = null;
        slot.linked = false;
        slot.key = null;
        slot.value = null;
        size--;
        changes++;
    }

    /** The oldest slot in insertion order, or null; the rest follow by {@link Slot#after()}. */
    Slot<V> first() {
        return head;
    }

    /** Insertions, removals and clears so far. */
    int changes() {
        return changes;
    }

    /** Empties the table (its slots are released as by {@link #remove}). */
    void clear() {
        for (Slot<V> s = head; s != null; ) {
            Slot<V> next = s.after;
            s.next = null;
            s.before = null;
            s.after = null;
            s.linked = false;
            s.key = null;
            s.value = null;
            s = next;
        }
        Arrays.fill(table, null);
        head = null;
        tail = null;
        size = 0;
        changes++;
    }

    private void grow() {
        Slot<V>[] bigger = newTable(table.length << 1);
        for (Slot<V> s = head; s != null; s = s.after) {
            int i = s.hash & (bigger.length - 1);
            s.next = bigger[i];
            bigger[i] = s;
        }
        table = bigger;
    }
}
