package io.driftwatch.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.Topics;

/**
 * The console's own consumer: assigns every partition of the topics it shows (no group, no commits: several
 * consoles can run and a restart rebuilds from the topics), reads them from the beginning, then follows them.
 * Partitions created later (a topic that did not exist yet) are picked up every {@value #RECHECK_MS} ms. A record
 * that does not decode is counted and skipped (the console only reads; the apps send bad input to dead-letters).
 */
final class ConsoleFeed implements Runnable {

    static final long RECHECK_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleFeed.class);

    private final UiConfig config;
    private final ConsoleState state;
    private final LongSupplier clock;
    private final Map<String, Topic<String, ?>> followed = new HashMap<>();
    private final String promotedTopic;
    private final String versionsTopic;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean closed;
    private volatile long badRecords;

    ConsoleFeed(UiConfig config, ConsoleState state, LongSupplier clock) {
        this.config = config;
        this.state = state;
        this.clock = clock;
        Topics t = Topics.from(config);
        for (Topic<String, ?> topic : List.<Topic<String, ?>>of(t.monitorEvaluations, t.driftTriggers, t.anomalies,
                t.modelConfigs, t.modelConfigVersions, t.retrainReports, t.opsAlerts, t.predictions, t.actuals)) {
            followed.put(topic.name(), topic);
        }
        this.promotedTopic = t.modelConfigs.name();
        this.versionsTopic = t.modelConfigVersions.name();
    }

    /** Waits until the records present at start have been read (or the timeout passes); true if they were. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    long badRecords() {
        return badRecords;
    }

    @Override
    public void run() {
        Map<String, Object> props = config.kafkaClientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "driftwatch-ui");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            if (closed) {
                return;
            }
            Map<TopicPartition, Long> endAtStart = assign(c);
            long nextCheck = clock.getAsLong() + RECHECK_MS;
            while (!closed) {
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(500));
                apply(records);
                if (caughtUp.getCount() > 0 && reached(c, endAtStart)) {
                    caughtUp.countDown();
                    LOG.info("console caught up with {} partitions", c.assignment().size());
                }
                if (clock.getAsLong() >= nextCheck) {
                    Map<TopicPartition, Long> added = assign(c);
                    endAtStart.putAll(added);
                    nextCheck = clock.getAsLong() + RECHECK_MS;
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Assigns the partitions not assigned yet, from their beginning; their end offsets now. */
    private Map<TopicPartition, Long> assign(KafkaConsumer<byte[], byte[]> c) {
        Set<TopicPartition> current = c.assignment();
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : followed.keySet()) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null) {
                continue;
            }
            for (PartitionInfo p : infos) {
                TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                if (!current.contains(tp)) {
                    added.add(tp);
                }
            }
        }
        if (added.isEmpty()) {
            return new HashMap<>();
        }
        List<TopicPartition> all = new ArrayList<>(current);
        all.addAll(added);
        c.assign(all);
        c.seekToBeginning(added);
        return new HashMap<>(c.endOffsets(added));
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Object> values = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.value() == null) {
                continue; // a tombstone of a compacted topic: nothing to show
            }
            Topic<String, ?> topic = followed.get(r.topic());
            try {
                Deserializer<?> d = topic.valueSerde().deserializer();
                Object v = d.deserialize(r.topic(), r.value());
                if (r.topic().equals(promotedTopic) || r.topic().equals(versionsTopic)) {
                    v = new ConsoleState.ConfigRecord((ModelConfig) v, r.topic().equals(promotedTopic));
                }
                values.add(v);
            } catch (RuntimeException e) {
                badRecords++;
                LOG.warn("console skips {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        state.applyAll(values, clock.getAsLong());
    }
}
