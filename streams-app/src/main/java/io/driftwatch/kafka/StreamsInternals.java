package io.driftwatch.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * Every use of Kafka Streams' internal classes ({@code org.apache.kafka.streams.*.internals}) in
 * driftwatch. They carry no compatibility promise, so a Kafka upgrade checks this class and nothing
 * else. Checked on kafka-streams 4.3.1 (the {@code kafka.version} of the parent pom):
 *
 * <ul>
 *   <li>{@link FlushedAtCommit} ({@code CachedStateStore}): for each store registered with a task
 *       that implements it, {@code ProcessorStateManager.flushCache()} calls {@code flushCache()}
 *       when the task prepares a commit, before the producer is flushed and the offsets (or the
 *       transaction, under exactly-once) are committed, and {@code ProcessorStateManager.recycle()}
 *       calls {@code clearCache()}. Streams' own record caches ({@code CachingKeyValueStore}) hang on
 *       the same hook. {@link WriteBackStore} writes its changed entries to RocksDB and the changelog
 *       there; {@code WriteBackStoreTest} (through a real task) and {@code MonitorEosIT} (kill and
 *       restart under exactly-once) fail if the hook is no longer called.
 *   <li>{@link #queryableStoreType} ({@code StateStoreProvider}): the public
 *       {@code QueryableStoreType.create} receives an internal provider whose
 *       {@code stores(name, type)} lists the stores of every task of the instance that the type
 *       {@code accepts}, the store objects themselves ({@code StreamThreadStateStoreProvider} wraps
 *       only timestamped stores, and only for Streams' own query types).
 * </ul>
 */
final class StreamsInternals {

    private StreamsInternals() {
    }

    /**
     * A store with a cache of its own that Streams flushes before every commit: implement
     * {@link #flushCache()} (write the changed entries through) and {@link #clearCache()} (drop
     * everything, the inner store is the truth).
     */
    interface FlushedAtCommit extends CachedStateStore<Bytes, byte[]> {

        /** Called by the task before it commits: write every change to the inner store (and so its changelog). */
        @Override
        void flushCache();

        /** Called when the task is recycled: forget the cache, changed entries included. */
        @Override
        void clearCache();

        /** No flush listener: nothing downstream is forwarded from a flush (as in a store without caching). */
        @Override
        default boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
            return false;
        }
    }

    /**
     * A query type for {@code KafkaStreams.store} that accepts the instances of {@code storeClass}
     * and gives {@code view} a supplier of those stores, across the instance's tasks, at each call.
     */
    static <T> QueryableStoreType<T> queryableStoreType(
            Class<? extends StateStore> storeClass, Function<Supplier<List<StateStore>>, T> view) {
        return new QueryableStoreType<>() {
            @Override
            public boolean accepts(StateStore store) {
                return storeClass.isInstance(store);
            }

            @Override
            public T create(StateStoreProvider provider, String storeName) {
                QueryableStoreType<T> type = this;
                return view.apply(() -> {
                    List<StateStore> stores = new ArrayList<>();
                    for (Object s : provider.stores(storeName, type)) { // the accepted stores themselves
                        stores.add((StateStore) s);
                    }
                    return stores;
                });
            }
        };
    }
}
