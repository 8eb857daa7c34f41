package io.driftwatch.kafka;

import java.util.Map;

/**
 * Topic configuration of every changelog of the driftwatch apps' stores, passed to
 * {@code StoreBuilder.withLoggingEnabled}.
 *
 * <p>{@code message.timestamp.type=LogAppendTime}: Streams stamps a changelog record with the
 * timestamp of the record being processed, i.e. event time, and a segment rolls once its records
 * span {@code segment.ms} (7 days) of record time. Replaying months of history therefore cut every
 * changelog into week-long segments, and the log cleaner compacted them over and over (a third of
 * the broker's CPU in {@code MonitorBenchmark}). A key-value store restores from keys and values
 * only, so the record timestamps of its changelog carry nothing. Not for repartition topics: their
 * timestamps are the downstream records' timestamps.
 */
public final class Changelogs {

    public static final Map<String, String> CONFIG = Map.of("message.timestamp.type", "LogAppendTime");

    private Changelogs() {
    }
}
