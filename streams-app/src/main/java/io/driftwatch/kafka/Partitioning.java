package io.driftwatch.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;

/**
 * Kafka's default (Java) partitioner for string keys: murmur2 of the key's UTF-8 bytes. Every
 * keyed driftwatch input must be partitioned this way, so that a series stays in one partition and
 * {@code actuals} and {@code predictions} are co-partitioned whoever produced them. librdkafka
 * clients (kcat, Python, Go, .NET) hash with crc32 by default: set {@code partitioner=murmur2_random}.
 */
public final class Partitioning {

    /** What to tell a user whose producer partitions differently. */
    public static final String HOW_TO_FIX = "produce with Kafka's default murmur2 partitioner "
        + "(librdkafka clients such as kcat, confluent-kafka-python/go/.NET: set partitioner=murmur2_random, "
        + "e.g. kcat -X partitioner=murmur2_random)";

    private Partitioning() {
    }

    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
