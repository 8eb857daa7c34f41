package io.driftwatch.topics;

import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.serialization.Serde;

/**
 * One driftwatch topic: its resolved name (prefix applied), serdes and the settings it is created
 * with. Immutable.
 *
 * @param logicalName name without prefix, as in the docs (e.g. {@code actuals})
 * @param name        the name on the cluster (prefix + logical name)
 * @param keySerde    key serde
 * @param valueSerde  value serde
 * @param valueType   the contract type of values ({@code byte[]} for dead letters)
 * @param partitions  partitions to create it with
 * @param replicationFactor replication factor, -1 for the broker default
 * @param configs     topic configs to create it with (cleanup.policy, retention.ms, ...)
 */
public record Topic<K, V>(String logicalName, String name, Serde<K> keySerde, Serde<V> valueSerde, Class<V> valueType,
                          int partitions, short replicationFactor, Map<String, String> configs) {

    public Topic {
        Objects.requireNonNull(name, "name");
        configs = Map.copyOf(configs);
    }

    public String cleanupPolicy() {
        return configs.getOrDefault("cleanup.policy", "delete");
    }

    @Override
    public String toString() {
        return name;
    }
}
