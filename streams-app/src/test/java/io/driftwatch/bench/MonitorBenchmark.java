package io.driftwatch.bench;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.Prediction;
import io.driftwatch.config.MonitorConfig;
import io.driftwatch.kafka.StreamsProperties;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.monitor.EosEnd;
import io.driftwatch.monitor.MonitorApp;
import io.driftwatch.topics.StoreNames;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.TopicAdmin;
import io.driftwatch.topics.Topics;

/**
 * Benchmark (not a test): on the in-process broker, in one run, (a) an exactly-once passthrough
 * Streams app and (b) the monitor over the same 1M events (500k predictions + 500k actuals, 1,000
 * series x 500 days, errors doubling at day 400), then a paced live phase for the latency from an
 * actual's append to the append of the trigger it caused. Prints events/s, the ratio, latency
 * percentiles and the window-stage state per model:horizon. See docs/benchmarks.md.
 *
 * <pre>
 * mvn -o -q -pl streams-app -am -DskipTests -DskipITs package dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx4g -cp streams-app/target/test-classes:streams-app/target/classes:$(cat /tmp/cp.txt) \
 *     io.driftwatch.bench.MonitorBenchmark [series=1000] [days=500] [liveDays=30] [warmupDays=150]
 * </pre>
 */
public final class MonitorBenchmark {

    private static final Instant DAY0 = Instant.parse("2023-01-01T00:00:00Z");
    private static final long DAY = 86_400_000L;

    private MonitorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> a = new HashMap<>(Map.of("series", 1000, "days", 500, "liveDays", 30, "warmupDays", 150));
        Map<String, Object> settings = new HashMap<>(); // name.with.dots=value: a monitor/Streams setting
        for (String arg : args) {
            String name = arg.substring(0, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1);
            if (name.contains(".")) {
                settings.put(name, value);
            } else {
                a.put(name, Integer.parseInt(value));
            }
        }
        int series = a.get("series");
        try (LocalKafkaBroker broker = LocalKafkaBroker.start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            if (a.get("warmupDays") > 0) {
                // JMH-style warm-up: the JIT compiles the hot paths of both apps once (tens of seconds of C2 CPU on
                // 2 cores) before the measured run; these cold figures are printed, not the result
                System.out.printf("== warm-up: both apps over %d series x %d days on their own topics (cold JIT) ==%n",
                    series, a.get("warmupDays"));
                measure(broker, admin, settings, "warmup", series, a.get("warmupDays"), 0);
            }
            System.out.printf("== measured run: %d series x %d days ==%n", series, a.get("days"));
            measure(broker, admin, settings, "bench", series, a.get("days"), a.get("liveDays"));
        }
    }

    /** One passthrough run and one monitor run over the same fresh input ({@code prefix.} topics, {@code prefix-} apps). */
    private static void measure(LocalKafkaBroker broker, Admin admin, Map<String, Object> settings, String prefix, int series,
                                int days, int liveDays) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(MonitorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        props.put(MonitorConfig.TOPICS_PREFIX, prefix + ".");
        props.put(MonitorConfig.APPLICATION_ID_PREFIX, prefix);
        props.put(MonitorConfig.STATE_DIR, Files.createTempDirectory(prefix + "-state").toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        props.putAll(settings);
        MonitorConfig config = new MonitorConfig(props);
        Topics topics = Topics.from(config);
        String out = prefix + ".passthrough-out";
        createTopics(admin, topics, out);
        Data data = new Data(series, days + liveDays, (int) (days * 0.8));
        long t0 = System.nanoTime();
        int produced = data.produce(broker.bootstrapServers(), topics, 1, days, 0);
        System.out.printf("produced %,d events in %.1f s%n", produced, (System.nanoTime() - t0) / 1e9);
        EosEnd eos = new EosEnd(admin);
        List<String> inputs = List.of(topics.predictions.name(), topics.actuals.name());

        double passthrough = run(passthrough(config, topics, out), eos, prefix + "-passthrough", inputs, List.of(), produced);
        System.out.printf("passthrough: %,.0f events/s%n", passthrough);
        String app = config.applicationId(io.driftwatch.monitor.MonitorTopology.APP);
        try (KafkaStreams monitor = MonitorApp.create(config)) {
            double rate = run(monitor, eos, app, inputs,
                List.of(app + "-" + io.driftwatch.monitor.MonitorTopology.PARTIALS + "-repartition"), produced);
            System.out.printf("monitor: %,.0f events/s, ratio monitor/passthrough %.2f%n", rate, rate / passthrough);
            topicSizes(admin, app);
            if (liveDays > 0) {
                live(broker, topics, data, days, liveDays);
            }
            stateSizes(monitor);
            monitor.close(Duration.ofSeconds(30));
        }
    }

    private static double run(KafkaStreams app, EosEnd eos, String group, List<String> inputs, List<String> internal,
                              int events) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        Map<String, Long> threads0 = threadCpu();
        long start = System.nanoTime();
        System.out.printf("%s starts at JVM uptime %d ms%n", group, java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        app.start();
        while (!eos.reachedEnd(group, inputs, internal)) {
            Thread.sleep(100); // polling the broker for the end of the run
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        // the whole process (app + in-process broker): robust to other load on the machine, unlike wall time
        System.out.printf("%s: %.1f s wall, %.1f s CPU of this process (%.1f us CPU per event)%n", group, seconds, cpu,
            cpu * 1e6 / events);
        Map<String, Long> threads1 = threadCpu();
        threads1.replaceAll((k, v) -> v - threads0.getOrDefault(k, 0L));
        threads1.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(14)
            .forEach(e -> System.out.printf("    %-60s %6.1f s CPU%n", e.getKey(), e.getValue() / 1e9));
        if (group.endsWith("passthrough")) {
            app.close(Duration.ofSeconds(30));
        }
        return events / seconds;
    }

    /** Records appended to the monitor's internal topics (changelogs, repartition): the traffic behind its state. */
    private static void topicSizes(Admin admin, String app) throws Exception {
        List<String> names = admin.listTopics().names().get().stream().filter(n -> n.startsWith(app + "-")).sorted().toList();
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> specs = new HashMap<>();
        admin.describeTopics(names).allTopicNames().get().forEach((n, d) -> d.partitions().forEach(p ->
            specs.put(new org.apache.kafka.common.TopicPartition(n, p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest())));
        Map<String, Long> sizes = new java.util.TreeMap<>();
        admin.listOffsets(specs).all().get().forEach((tp, o) -> sizes.merge(tp.topic(), o.offset(), Long::sum));
        sizes.forEach((n, v) -> System.out.printf("    %-70s %,12d offsets%n", n, v));
    }

    /**
     * CPU time of every thread of this process, summed by name with digits removed: from /proc/self/task on Linux,
     * so JIT compiler, GC and RocksDB's native threads count too (elsewhere: the Java threads only).
     */
    private static Map<String, Long> threadCpu() {
        Map<String, Long> out = new HashMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks != null) {
            for (java.io.File task : tasks) {
                try {
                    String name = Files.readString(task.toPath().resolve("comm")).strip();
                    String stat = Files.readString(task.toPath().resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime, fields 14 and 15
                    out.merge(name.replaceAll("\\d+", "N"), ticks * 10_000_000L, Long::sum); // 100 ticks per second
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended while we read it
                }
            }
            return out;
        }
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (long id : mx.getAllThreadIds()) {
            var info = mx.getThreadInfo(id);
            long t = mx.getThreadCpuTime(id);
            if (info != null && t > 0) {
                out.merge(info.getThreadName().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "").replaceAll("\\d+", "N"), t, Long::sum);
            }
        }
        return out;
    }

    private static KafkaStreams passthrough(MonitorConfig config, Topics topics, String out) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(List.of(topics.predictions.name(), topics.actuals.name()), Consumed.with(Serdes.Bytes(), Serdes.Bytes()))
            .to(out, Produced.with(Serdes.Bytes(), Serdes.Bytes()));
        Properties p = StreamsProperties.of(config, "passthrough");
        return new KafkaStreams(b.build(), p);
    }

    /** Produces day by day at a steady pace while the monitor runs; latency = trigger append - causing actual append. */
    private static void live(LocalKafkaBroker broker, Topics topics, Data data, int from, int liveDays) throws Exception {
        data.produce(broker.bootstrapServers(), topics, from, from + liveDays, 150);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<ConsumerRecord<String, DriftTrigger>> triggers;
        do {
            triggers = EosEnd.readAll(broker.bootstrapServers(), topics.driftTriggers.name(), new StringDeserializer(),
                topics.driftTriggers.valueSerde().deserializer());
        } while (triggers.stream().noneMatch(t -> t.value().getRecentWindowEnd().toEpochMilli() >= day(from + liveDays - 3))
            && System.nanoTime() < deadline);
        List<Long> latencies = new ArrayList<>();
        for (ConsumerRecord<String, DriftTrigger> t : triggers) {
            long due = t.value().getRecentWindowEnd().toEpochMilli() + DAY; // window end + bucket grace
            Long cause = data.causeAppend(due);
            if (cause != null && due >= day(from + 1)) {
                latencies.add(t.timestamp() - cause);
            }
        }
        latencies.sort(null);
        if (latencies.isEmpty()) {
            System.out.println("latency: no live triggers");
            return;
        }
        System.out.printf("latency actual append -> trigger append over %d live triggers: p50 %d ms, p99 %d ms, max %d ms%n",
            latencies.size(), latencies.get(latencies.size() / 2), latencies.get((int) Math.min(latencies.size() - 1,
                Math.ceil(latencies.size() * 0.99) - 1)), latencies.get(latencies.size() - 1));
    }

    private static void stateSizes(KafkaStreams monitor) {
        String mh = Data.MODEL + ":1d";
        for (String store : List.of(StoreNames.MONITOR_ERROR_DELTAS, StoreNames.MONITOR_SERIES_DRIFT,
            StoreNames.MONITOR_SERIES_RESIDUALS, StoreNames.MONITOR_ERROR_BUCKETS, StoreNames.MONITOR_DRIFT_RESULTS,
            StoreNames.MONITOR_EVAL_STATE)) {
            ReadOnlyKeyValueStore<String, byte[]> s = monitor.store(StoreQueryParameters.fromNameAndType(store,
                QueryableStoreTypes.<String, byte[]>keyValueStore()));
            long bytes = 0;
            long entries = 0;
            try (KeyValueIterator<String, byte[]> it = s.all()) {
                while (it.hasNext()) {
                    var kv = it.next();
                    if (kv.key.startsWith(mh)) {
                        bytes += kv.key.length() + kv.value.length;
                        entries++;
                    }
                }
            }
            System.out.printf("state of %s in %s: %,d entries, %,d bytes%n", mh, store, entries, bytes);
        }
    }

    private static void createTopics(Admin admin, Topics topics, String out) throws Exception {
        List<Topic<?, ?>> all = new ArrayList<>(topics.all());
        new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(all);
        admin.createTopics(List.of(new NewTopic(out, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        // append times for the latency measurement
        var logAppend = new org.apache.kafka.clients.admin.AlterConfigOp(
            new org.apache.kafka.clients.admin.ConfigEntry("message.timestamp.type", "LogAppendTime"),
            org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET);
        Map<org.apache.kafka.common.config.ConfigResource, java.util.Collection<org.apache.kafka.clients.admin.AlterConfigOp>> alter =
            new HashMap<>();
        for (String t : List.of(topics.actuals.name(), topics.driftTriggers.name())) {
            alter.put(new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, t),
                List.of(logAppend));
        }
        admin.incrementalAlterConfigs(alter).all().get(30, TimeUnit.SECONDS);
        List<String> names = new ArrayList<>(all.stream().map(Topic::name).toList());
        names.add(out);
        new TopicAdmin(admin, Duration.ofSeconds(30)).waitUntilReady(names);
    }

    static long day(int d) {
        return DAY0.toEpochMilli() + d * DAY;
    }

    /** The benchmark's series: random walks; one fixed naive-like model whose errors double at {@code changeDay}. */
    private static final class Data {
        static final String MODEL = "bench";
        final int series;
        final double[][] values;
        final int changeDay;
        /** First append time (ms) of an actual with event time >= t, per partition, kept for the live phase. */
        final Map<Integer, TreeMap<Long, Long>> firstAppend = new HashMap<>();

        Data(int series, int days, int changeDay) {
            this.series = series;
            this.changeDay = changeDay;
            Random rnd = new Random(1);
            values = new double[series][days];
            for (int s = 0; s < series; s++) {
                values[s][0] = 100 + s;
                for (int d = 1; d < days; d++) {
                    values[s][d] = values[s][d - 1] + rnd.nextGaussian();
                }
            }
        }

        int produce(String bootstrap, Topics topics, int from, int to, long pauseMs) throws Exception {
            Map<String, Object> p = Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", 20, "batch.size", 262_144,
                "enable.idempotence", true);
            int n = 0;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                var predSer = topics.predictions.valueSerde().serializer();
                var actSer = topics.actuals.valueSerde().serializer();
                for (int d = Math.max(1, from); d < to; d++) {
                    List<Future<RecordMetadata>> actuals = new ArrayList<>();
                    for (int s = 0; s < series; s++) {
                        String id = "s" + s;
                        double err = (d >= changeDay ? 2.0 : 1.0) * Math.sin(d * 7.0 + s);
                        double yhat = values[s][d] - err;
                        Prediction pr = Prediction.newBuilder().setPredictionId(id + "-" + d).setModelId(MODEL).setConfigVersion(1)
                            .setSeriesId(id).setHorizon("1d").setIssuedAt(Instant.ofEpochMilli(day(d - 1)))
                            .setTargetTime(Instant.ofEpochMilli(day(d))).setYhat(yhat).setYhatLower(yhat - 2).setYhatUpper(yhat + 2).build();
                        producer.send(new ProducerRecord<>(topics.predictions.name(), id, predSer.serialize(topics.predictions.name(), pr)));
                        n++;
                    }
                    for (int s = 0; s < series; s++) {
                        String id = "s" + s;
                        Actual ac = Actual.newBuilder().setSeriesId(id).setEventTime(Instant.ofEpochMilli(day(d))).setValue(values[s][d]).build();
                        actuals.add(producer.send(new ProducerRecord<>(topics.actuals.name(), id, actSer.serialize(topics.actuals.name(), ac))));
                        n++;
                    }
                    if (pauseMs > 0) {
                        producer.flush();
                        for (Future<RecordMetadata> f : actuals) {
                            RecordMetadata m = f.get();
                            firstAppend.computeIfAbsent(m.partition(), k -> new TreeMap<>()).merge(day(d), m.timestamp(), Math::min);
                        }
                        Thread.sleep(pauseMs); // pacing the live phase, not waiting for a result
                    }
                }
                producer.flush();
            }
            return n;
        }

        /** Append time of the actual that let every partition pass {@code due}: the latest of the partitions' first such appends. */
        Long causeAppend(long due) {
            long latest = Long.MIN_VALUE;
            for (TreeMap<Long, Long> perPartition : firstAppend.values()) {
                Map.Entry<Long, Long> e = perPartition.ceilingEntry(due);
                if (e == null) {
                    return null;
                }
                latest = Math.max(latest, e.getValue());
            }
            return firstAppend.isEmpty() ? null : latest;
        }
    }
}
