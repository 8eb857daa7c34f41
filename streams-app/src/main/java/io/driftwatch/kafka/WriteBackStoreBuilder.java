package io.driftwatch.kafka;

import java.util.Map;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds a {@link WriteBackStore} around the store {@code inner} builds; logging settings go to the
 * inner store (its changelog), caching cannot be enabled (the store is its own cache).
 *
 * @param <V> value type
 */
final class WriteBackStoreBuilder<V> implements StoreBuilder<WriteBackStore<V>> {
    private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;
    private final WriteBackStore.Codec<V> codec;
    private final int maxEntries;

    WriteBackStoreBuilder(StoreBuilder<KeyValueStore<Bytes, byte[]>> inner, WriteBackStore.Codec<V> codec,
                          int maxEntries) {
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
