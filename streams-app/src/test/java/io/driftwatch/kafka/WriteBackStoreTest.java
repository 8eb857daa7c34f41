package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write-back store through a real Kafka Streams task (TopologyTestDriver commits, and so flushes
 * caches, after every input record): what reaches the changelog, eviction, merged scans.
 * Each input record is a script of operations run in one commit: {@code put k v}, {@code del k},
 * {@code get k} (the value goes to the output topic), {@code range a z} (the keys, comma-joined).
 */
class WriteBackStoreTest {

    private static final String STORE = "things";
    private static final WriteBackStore.Codec<StringBuilder> CODEC = new WriteBackStore.Codec<>() {
        @Override
        public byte[] encode(StringBuilder value) {
            return value.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public StringBuilder decode(byte[] bytes) {
            return new StringBuilder(new String(bytes, StandardCharsets.UTF_8));
        }
    };

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> in;
    private TestOutputTopic<String, String> out;
    private TestOutputTopic<String, byte[]> changelog;

    private void start(int maxEntries) {
        Topology t = new Topology();
        t.addSource("in", new StringDeserializer(), new StringDeserializer(), "ops");
        t.addProcessor("script", Script::new, "in");
        t.addStateStore(WriteBackStore.builder(STORE, CODEC, maxEntries), "script");
        t.addSink("out", "results", new StringSerializer(), new StringSerializer(), "script");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "wb");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(t, p);
        in = driver.createInputTopic("ops", new StringSerializer(), new StringSerializer());
        out = driver.createOutputTopic("results", new StringDeserializer(), new StringDeserializer());
        changelog = driver.createOutputTopic(
                "wb-" + STORE + "-changelog", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Changelog records since the last call, as "key=value" or "key=null". */
    private List<String> logged() {
        List<String> l = new ArrayList<>();
        for (KeyValue<String, byte[]> kv : changelog.readKeyValuesToList()) {
            l.add(kv.key + "=" + (kv.value == null ? "null" : new String(kv.value, StandardCharsets.UTF_8)));
        }
        return l;
    }

    private void run(String script) {
        in.pipeInput("k", script);
    }

    @Test
    void writesEachChangedEntryOncePerCommitWithItsLastValue() {
        start(100);
        run("put a 1;put a 2;put b 1;append a 3;append a 4");
        assertThat(logged()).containsExactlyInAnyOrder("a=234", "b=1");
        run("get a;get b;get c");
        assertThat(out.readValuesToList()).containsExactly("234", "1", "null");
        assertThat(logged()).as("reads write nothing").isEmpty();
    }

    @Test
    void anEntryCreatedAndDeletedBetweenTwoCommitsNeverReachesTheChangelog() {
        start(100);
        run("put a 1;put b 1;del a");
        assertThat(logged()).containsExactly("b=1");
        run("del b;put c 1;del c");
        assertThat(logged()).as("b was written, so its delete is; c never was").containsExactly("b=null");
        run("get b;get c");
        assertThat(out.readValuesToList()).containsExactly("null", "null");
    }

    @Test
    void forEachWalksTheCacheInInsertionOrderOrTheStoreInKeyOrderOnceEntriesWereEvicted() {
        start(3);
        run("put x 1;put y 2;eachdel");
        assertThat(out.readValuesToList()).as("a walk that takes an entry out of the cache is stopped")
            .containsExactly("refused");
        run("put c 1;put a 2;del y;each");
        assertThat(out.readValuesToList()).as("whole store in memory: insertion order, no sort, no deleted entry")
            .containsExactly("c=1,a=2");
        run("put b 3;put d 5;each");
        assertThat(out.readValuesToList()).as("one entry evicted: RocksDB merged in, key order")
            .containsExactly("a=2,b=3,c=1,d=5");
    }

    /** A flush of more entries than one write batch: every write in order of change, the deletes as tombstones. */
    @Test
    void aFlushLargerThanOneBatchWritesEveryEntryAndEveryDeleteInOrder() {
        int n = WriteBackCache.FLUSH_BATCH * 2 + 7;
        start(n * 2);
        StringBuilder puts = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            puts.append("put k").append(i).append(' ').append(i).append(';');
            expected.add("k" + i + "=" + i);
        }
        run(puts.toString());
        assertThat(logged()).containsExactlyElementsOf(expected);
        StringBuilder changes = new StringBuilder();
        expected.clear();
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                changes.append("del k").append(i).append(';');
                expected.add("k" + i + "=null");
            } else if (i % 3 == 1) {
                changes.append("append k").append(i).append(" x;");
                expected.add("k" + i + "=" + i + "x");
            }
        }
        run(changes + "get k0;get k1;get k2;range k0 k1");
        assertThat(logged()).containsExactlyElementsOf(expected);
        assertThat(out.readValuesToList()).containsExactly("null", "1x", "2", "k1");
        int last = WriteBackCache.FLUSH_BATCH * 2 + 4; // in the last, partial batch: deleted, appended, unchanged
        run("get k" + last + ";get k" + (last + 1) + ";get k" + (last + 2));
        assertThat(out.readValuesToList()).as("after the flush")
            .containsExactly("null", (last + 1) + "x", Integer.toString(last + 2));
    }

    /** Eviction passes over an entry read since it was inserted (second chance), as an LRU would, unlike FIFO. */
    @Test
    void anEntryReadSinceItsInsertIsNotTheOneEvicted() {
        start(2);
        run("put a 1;put b 2;get a;put c 3");
        assertThat(logged()).as("b evicted while c went in, then a and c flushed at the commit")
            .containsExactly("b=2", "a=1", "c=3");
        run("put d 4;get a;get b;get c;get d");
        assertThat(out.readValuesToList()).containsExactly("1", "1", "2", "3", "4");
    }

    @Test
    void evictedEntriesAreWrittenOutAndReadBack() {
        start(2);
        run("put a 1;put b 2;put c 3;put d 4");
        assertThat(logged()).as("a and b were evicted (written), c and d flushed at the commit")
            .containsExactlyInAnyOrder("a=1", "b=2", "c=3", "d=4");
        run("get a;get b;get c;get d;get e");
        assertThat(out.readValuesToList()).containsExactly("1", "2", "3", "4", "null");
        run("append a 9;del b");
        assertThat(logged()).containsExactlyInAnyOrder("a=19", "b=null");
    }

    @Test
    void rangeMergesTheCacheWithRocksDbInKeyOrder() {
        start(2);
        run("put e 1;put a 1;put c 1;put b 1;put d 1");
        run("del c;put f 1;range b e;range a z");
        assertThat(out.readValuesToList()).containsExactly("b,d,e", "a,b,d,e,f");
    }

    @Test
    void aFullCacheScansMemoryOnlyAndAgreesWithTheStore() {
        start(100);
        run("put b 1;put a 1;put c 1");
        run("del b;range a z;put b 2;range a z");
        assertThat(out.readValuesToList()).containsExactly("a,c", "a,b,c");
    }

    @Test
    void afterABurstOutgrewTheCacheItHoldsTheWholeStoreAgainOnceItFits() {
        start(4);
        run("put a 1;put b 1;put c 1;put d 1;put e 1;put f 1;complete");
        assertThat(out.readValuesToList()).as("6 entries, 4 cached").containsExactly("false");
        run("del a;del b;del c;complete");
        assertThat(out.readValuesToList()).as("3 left: more than half of the cache").containsExactly("false");
        run("del d;complete");
        assertThat(out.readValuesToList()).as("not flushed yet").containsExactly("false");
        run("complete");
        assertThat(out.readValuesToList()).as("the last flush left 2 (half): reloaded at this access")
            .containsExactly("true");
        run("range a z;get e;get a;put g 2;complete");
        assertThat(out.readValuesToList()).containsExactly("e,f", "1", "null", "true");
        assertThat(logged()).containsExactlyInAnyOrder("a=1", "b=1", "c=1", "d=1", "e=1", "f=1", "a=null", "b=null",
            "c=null", "d=null", "g=2");
    }

    /** Runs the script of each record against the store. */
    private static final class Script implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;
        private WriteBackStore<StringBuilder> store;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            for (String op : record.value().split(";")) {
                String[] a = op.split(" ");
                switch (a[0]) {
                    case "put" -> store.put(a[1], new StringBuilder(a[2]));
                    case "append" -> {
                        StringBuilder v = store.get(a[1]);
                        v.append(a[2]); // in place, then put back: the store's contract
                        store.put(a[1], v);
                    }
                    case "del" -> store.delete(a[1]);
                    case "complete" -> context.forward(record.withValue(String.valueOf(store.isComplete())));
                    case "get" -> {
                        StringBuilder v = store.get(a[1]);
                        context.forward(record.withValue(v == null ? "null" : v.toString()));
                    }
                    case "range" -> context.forward(record.withValue(String.join(",",
                        store.range(a[1], a[2]).stream().map(kv -> kv.key).toList())));
                    case "each" -> {
                        List<String> seen = new ArrayList<>();
                        store.forEach((k, v) -> seen.add(k + "=" + v));
                        context.forward(record.withValue(String.join(",", seen)));
                    }
                    case "eachdel" -> {
                        try {
                            store.forEach((k, v) -> store.delete(k));
                            context.forward(record.withValue("deleted"));
                        } catch (ConcurrentModificationException e) {
                            context.forward(record.withValue("refused"));
                        }
                    }
                    default -> throw new IllegalArgumentException(op);
                }
            }
        }
    }
}
