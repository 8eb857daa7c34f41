package io.driftwatch.monitor;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the monitor's internal flow: a pair goes to the partition of its model:horizon
 * (murmur2, like Java's default), a watermark to every partition (KIP-837 multicast), so each
 * window partition learns every matching partition's progress.
 */
final class StageReportPartitioner implements StreamPartitioner<String, StageReport> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, StageReport value, int numPartitions) {
        if (value instanceof StageReport.Watermark) {
            Set<Integer> all = new HashSet<>();
            for (int i = 0; i < numPartitions; i++) {
                all.add(i);
            }
            return Optional.of(all);
        }
        return Optional.of(Set.of(InputCheck.murmur2Partition(key, numPartitions)));
    }
}
