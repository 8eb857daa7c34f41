package io.driftwatch.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
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

import io.driftwatch.app.StreamsApp;
import io.driftwatch.avro.Actual;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.Prediction;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.kafka.Partitioning;
import io.driftwatch.kafka.StreamsProperties;
import io.driftwatch.kafka.WriteBackStore;
import io.driftwatch.launch.Apps;
import io.driftwatch.launch.ProcessDefaults;
import io.driftwatch.local.TempDirs;
import io.driftwatch.monitor.EosEnd;
import io.driftwatch.monitor.MonitorConfig;
import io.driftwatch.monitor.MonitorStartup;
import io.driftwatch.monitor.MonitorTopology;
import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.telemetry.Telemetry;
import io.driftwatch.topics.StoreNames;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.TopicAdmin;
import io.driftwatch.topics.Topics;

/**
 * Benchmark (not a test): on the real local broker (its own JVM), in one run, (a) an exactly-once passthrough
 * Streams app and (b) the monitor, both in this JVM ({@code fork=1}: each in a JVM of its own), over the same 1M
 * events (500k predictions + 500k actuals, 1,000 series x 500 days, errors doubling at day 400), each after
 * {@code warmupRuns} warm-up runs and {@code runs} times, then a paced live phase for the latency from an actual's
 * append to the append of the trigger it caused. Prints events/s (wall: start to the last commit; steady: the middle
 * 80% of the records processed) and both ratios of the medians, whether the monitor matched every pair, latency
 * percentiles and the state per model:horizon. See docs/benchmarks.md.
 *
 * <pre>
 * mvn -o -q -pl streams-app -am -DskipTests -DskipITs package dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx4g -cp streams-app/target/test-classes:streams-app/target/classes:$(cat /tmp/cp.txt) \
 *     io.driftwatch.bench.MonitorBenchmark [series=1000] [models=1] [misplaced=0] [days=500] [liveDays=30] \
 *     [warmupDays=days] [warmupRuns=2] [runs=3] [changeDay=0.8*days] [livePauseMs=150] [liveSpread=1] [fork=0]
 * </pre>
 */
public final class MonitorBenchmark {

    /**
     * Day 0 of the data: far enough in the past that 9,000 days of it stay behind the wall clock (the monitor
     * dead-letters an event time more than a day ahead of both its stream time and the clock, which a task's two
     * inputs, a few days apart, would be past the clock; from 2023-01-01 on that began at about 1,400 days).
     */
    private static final Instant DAY0 = Instant.parse("2000-01-01T00:00:00Z");
    private static final long DAY = 86_400_000L;

    private MonitorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> a =
                new HashMap<>(Map.of("series", 1000, "models", 1, "days", 500, "liveDays", 30, "warmupDays", -1,
                        "warmupRuns", 2, "misplaced", 0, "changeDay", -1, "livePauseMs", 150,
                        "liveSpread", 1));
        a.put("runs", 3);
        a.put("fork", 0);
        Map<String, Object> settings = new HashMap<>(); // name.with.dots=value: a monitor/Streams setting
        Map<String, String> child = new HashMap<>(); // set by the parent in a forked app's JVM
        for (String arg : args) {
            String name = arg.substring(0, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1);
            if (name.contains(".")) {
                settings.put(name, value);
            } else if (CHILD_ARGS.contains(name)) {
                child.put(name, value);
            } else {
                a.put(name, Integer.parseInt(value));
            }
        }
        // as in `driftwatch run`: the global registry counts only once a registry is attached (the pairs check reads
        // it)
        Telemetry.prometheus();
        ProcessDefaults.apply(); // as `driftwatch` does before any command
        int series = a.get("series");
        int models = a.get("models");
        int misplaced = a.get("misplaced");
        Shape shape = new Shape(series, models, misplaced, a.get("changeDay"), a.get("livePauseMs"),
            a.get("liveSpread"));
        // JMH-style: warm-up iterations of the measured workload itself. After three of 150 days, both apps took ~1.4x
        // the CPU per event (apps and broker) of their measured 500 days after two of 500 days (docs/benchmarks.md)
        int warmupDays = a.get("warmupDays") < 0 ? a.get("days") : a.get("warmupDays");
        int runs = Math.max(1, a.get("runs"));
        if (child.containsKey("app")) { // a forked app's JVM: the broker and the inputs are the parent's
            BrokerProcess broker = BrokerProcess.attach(child.get("broker"), Long.parseLong(child.get("brokerPid")));
            BROKER.set(broker);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                Inputs in = Inputs.of(broker, admin, settings, shape, a, warmupDays, false);
                List<double[]> rates = runApp(child.get("app"), in, runs);
                List<String> lines = new ArrayList<>();
                rates.forEach(r -> lines.add(r[0] + " " + r[1]));
                Files.write(Path.of(child.get("results")), lines);
            }
            return;
        }
        try (BrokerProcess broker = BrokerProcess.start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            BROKER.set(broker);
            Inputs in = Inputs.of(broker, admin, settings, shape, a, warmupDays, true);
            List<double[]> passthrough;
            List<double[]> monitor;
            if (a.get("fork") != 0) {
                // each app in a JVM of its own, as the apps run in production (in one JVM the app measured second runs
                // on Kafka code the JIT first compiled for the other app's types); docs/benchmarks.md has the figures
                passthrough = fork(PASSTHROUGH, broker, args);
                monitor = fork(MonitorTopology.APP, broker, args);
            } else {
                passthrough = runApp(PASSTHROUGH, in, runs);
                monitor = runApp(MonitorTopology.APP, in, runs);
            }
            summary(passthrough, monitor);
        }
    }

    private static final String PASSTHROUGH = "passthrough";
    /** The arguments the parent gives a forked app's JVM: the app, the broker and its pid, the results file. */
    private static final List<String> CHILD_ARGS = List.of("app", "broker", "brokerPid", "results");

    /** The measured input and the warm-up inputs, created (and produced) by the parent, opened by a forked app. */
    private record Inputs(Input bench, List<Input> warmups, int series, int days, int warmupDays) {

        static Inputs of(BrokerProcess broker, Admin admin, Map<String, Object> settings, Shape shape,
                         Map<String, Integer> a, int warmupDays, boolean produce) throws Exception {
            Input bench = Input.create(broker, admin, settings, "bench", shape, a.get("days"), a.get("liveDays"),
                produce);
            List<Input> warmups = new ArrayList<>();
            for (int i = 1; warmupDays > 0 && i <= a.get("warmupRuns"); i++) {
                warmups.add(Input.create(broker, admin, settings, "warmup" + i, shape, warmupDays, 0, produce));
            }
            return new Inputs(bench, warmups, shape.series(), a.get("days"), warmupDays);
        }
    }

    /**
     * One app's runs: JMH-style, first over each warm-up input (a fresh application id each time), so the JIT has
     * compiled its hot paths (tens of seconds of C2 CPU on 2 cores), then {@code runs} measured iterations, each with
     * fresh application ids over the same input (the ratio is that of the medians, since the passthrough's rate alone
     * varied by 1.5x between runs minutes apart). The warm-ups' figures are printed too: the first is the cold one.
     * Returns the measured runs' {wall, steady} events/s.
     */
    private static List<double[]> runApp(String app, Inputs in, int runs) throws Exception {
        boolean monitor = app.equals(MonitorTopology.APP);
        for (int i = 0; i < in.warmups().size(); i++) {
            System.out.printf("== %s warm-up %d of %d%s: %d series x %d days ==%n", app, i + 1, in.warmups().size(),
                i == 0 ? " (cold JIT)" : "", in.series(), in.warmupDays());
            if (monitor) {
                monitor(in.warmups().get(i), false);
            } else {
                passthrough(in.warmups().get(i));
            }
        }
        List<double[]> rates = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            System.out.printf("== %s, measured %d of %d: %d series x %d days ==%n", app, r, runs, in.series(),
                in.days());
            rates.add(monitor ? monitor(in.bench().iteration(r), r == runs) : passthrough(in.bench().iteration(r)));
        }
        return rates;
    }

    /**
     * Runs {@link #runApp} for {@code app} in a new JVM with this one's options (less a flight recording or an agent;
     * {@code -Dbench.app.jvm="..."} adds options) and returns its rates.
     */
    private static List<double[]> fork(String app, BrokerProcess broker, String[] args) throws Exception {
        Path results = Files.createTempFile("bench-" + app, ".txt");
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-XX:StartFlightRecording") && !option.startsWith("-agent")
                && !option.startsWith("-javaagent") && !option.startsWith("-Dbench.app.jvm")) {
                command.add(option);
            }
        }
        String extra = System.getProperty("bench.app.jvm", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MonitorBenchmark.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("app=" + app, "broker=" + broker.bootstrapServers(),
            "brokerPid=" + broker.pid(), "results=" + results));
        System.out.printf("== %s in a JVM of its own ==%n", app);
        System.out.flush();
        Process p = new ProcessBuilder(command).inheritIO().start();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(app + "'s JVM exited with " + exit);
        }
        List<double[]> rates = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            String[] f = line.split(" ");
            rates.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
        }
        Files.delete(results);
        return rates;
    }

    /** Each app's measured rates, their medians and the ratios of the medians. */
    private static void summary(List<double[]> passthrough, List<double[]> monitor) {
        System.out.printf("== summary over %d measured runs of each app ==%n", monitor.size());
        double[] p = new double[2];
        double[] m = new double[2];
        for (int k = 0; k < 2; k++) {
            p[k] = median(passthrough, k);
            m[k] = median(monitor, k);
            System.out.printf("%s: passthrough %s (median %,.0f); monitor %s (median %,.0f) events/s%n",
                k == 0 ? "wall" : "steady", rates(passthrough, k), p[k], rates(monitor, k), m[k]);
        }
        System.out.printf("ratio monitor/passthrough of the medians: wall %.2f, steady %.2f%n", m[0] / p[0],
            m[1] / p[1]);
    }

    private static double median(List<double[]> runs, int k) {
        double[] v = runs.stream().mapToDouble(r -> r[k]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String rates(List<double[]> runs, int k) {
        StringBuilder b = new StringBuilder();
        for (double[] r : runs) {
            b.append(b.isEmpty() ? "" : " ").append(String.format("%,.0f", r[k]));
        }
        return b.toString();
    }

    /**
     * The benchmark's data set: {@code series} series spread round-robin over {@code models} models (each model:horizon
     * {@code bench-<m>:1d}, or {@code bench:1d} for one model), {@code misplacedPercent} % of the series produced to a
     * partition other than Kafka's murmur2 partitioner's (as librdkafka clients' default crc32 would), which the
     * monitor re-routes; {@code changeDay}: the day the errors double, or -1 for 80% of the measured days;
     * {@code livePauseMs}: the pause after each day of the live phase; {@code liveSpread}: the slices a live day's
     * series are produced in, each followed by livePauseMs / liveSpread (1: a day's events at once).
     */
    private record Shape(int series, int models, int misplacedPercent, int changeDay, int livePauseMs,
                         int liveSpread) {
    }

    /** One input: {@code prefix.} topics with {@code days} of data, {@code prefix-} application ids. */
    private record Input(BrokerProcess broker, Admin admin, MonitorConfig config, Topics topics, String out, Data data,
                         int days, int liveDays, int events) {

        static Input create(BrokerProcess broker, Admin admin, Map<String, Object> settings, String prefix, Shape shape,
                            int days, int liveDays, boolean produce) throws Exception {
            Map<String, Object> props = new HashMap<>();
            props.put(MonitorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            props.put(MonitorConfig.TOPICS_PREFIX, prefix + ".");
            props.put(MonitorConfig.APPLICATION_ID_PREFIX, prefix);
            props.put(MonitorConfig.STATE_DIR, TempDirs.create(prefix + "-state").toString());
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
            props.putAll(settings);
            MonitorConfig config = new MonitorConfig(props);
            Topics topics = Topics.from(config);
            String out = prefix + ".passthrough-out";
            int change = shape.changeDay() < 0 ? (int) (days * 0.8) : shape.changeDay();
            Data data = new Data(shape, days + liveDays, change);
            if (!produce) { // a forked app's JVM: the parent produced them, a prediction and an actual a series and day
                int events = 2 * shape.series() * (days - 1);
                return new Input(broker, admin, config, topics, out, data, days, liveDays, events);
            }
            createTopics(admin, topics, out);
            long t0 = System.nanoTime();
            int produced = data.produce(broker.bootstrapServers(), topics, partitions(config), 1, days, 0);
            System.out.printf("%s: produced %,d events in %.1f s%n", prefix, produced, (System.nanoTime() - t0) / 1e9);
            return new Input(broker, admin, config, topics, out, data, days, liveDays, produced);
        }

        List<String> inputs() {
            return List.of(topics.predictions.name(), topics.actuals.name());
        }

        /** The same input read by the apps of measured run {@code r}: fresh application ids and state from run 2 on. */
        Input iteration(int r) throws IOException {
            if (r == 1) {
                return this;
            }
            Map<String, Object> props = new HashMap<>(config.originals());
            String prefix = props.get(MonitorConfig.APPLICATION_ID_PREFIX) + "-r" + r;
            props.put(MonitorConfig.APPLICATION_ID_PREFIX, prefix);
            props.put(MonitorConfig.STATE_DIR, TempDirs.create(prefix + "-state").toString());
            return new Input(broker, admin, new MonitorConfig(props), topics, out, data, days, liveDays, events);
        }
    }

    /** Returns {wall events/s, steady events/s}. */
    private static double[] passthrough(Input in) throws Exception {
        String app = in.config().applicationId("passthrough");
        double[] rate = run(
                passthroughApp(in.config(), in.topics(), in.out()),
                new EosEnd(in.admin()),
                app,
                in.inputs(),
                List.of(),
                in.events());
        System.out.printf("passthrough: %,.0f events/s (wall), %,.0f events/s (steady)%n", rate[0], rate[1]);
        return rate;
    }

    /** Runs the monitor over {@code in}; {@code last}: then the live phase and the state sizes. Returns its rates. */
    private static double[] monitor(Input in, boolean last) throws Exception {
        String app = in.config().applicationId(MonitorTopology.APP);
        long created0 = System.nanoTime();
        if (in.data().misplacedPercent > 0) {
            // the detour from the start, as for a producer known to misplace (its topics created ahead), rather than
            // a restart at the first misplaced record in the measured time
            MonitorStartup.buildDetour(MonitorStartup.resolve(in.config()));
        }
        try (StreamsApp built =
                Apps.createStreamsApp("monitor", in.config().originals())) { // as `run monitor` builds it
            KafkaStreams monitor = built.streams();
            // not in the run's time: like the input topics, the internal ones are made once per application id
            System.out.printf("%s: created in %.2f s (input partitions looked up, internal topics created)%n", app,
                (System.nanoTime() - created0) / 1e9);
            double pairs0 = count(MetricNames.PAIRS_MATCHED);
            double expired0 = count(MetricNames.PREDICTIONS_EXPIRED);
            // the detour is there when a run before this one (same application id) had misplaced input
            List<String> internal = EosEnd.monitorInternal(app, MonitorStartup.resolve(in.config()).rerouteMisplaced());
            double rerouted0 = count(MetricNames.RECORDS_REROUTED);
            double[] rate = run(monitor, new EosEnd(in.admin()), app, in.inputs(), internal, in.events());
            System.out.printf("monitor: %,.0f input records re-routed%n",
                count(MetricNames.RECORDS_REROUTED) - rerouted0);
            // the work done must be the whole work: every prediction of days 1..days-1 meets its actual
            long expected = (long) in.data().series * (in.days() - 1);
            long pairs = Math.round(count(MetricNames.PAIRS_MATCHED) - pairs0);
            long expired = Math.round(count(MetricNames.PREDICTIONS_EXPIRED) - expired0);
            System.out.printf(
                    "monitor: pairs matched %,d of %,d; predictions expired %,d%s%n",
                    pairs,
                    expected,
                    expired,
                    pairs == expected
                            ? ""
                            : "  ** INCOMPLETE RUN: the figures below do not measure the monitor's work **");
            System.out.printf("monitor: %,.0f events/s (wall), %,.0f events/s (steady)%n", rate[0], rate[1]);
            topicSizes(in.admin(), app);
            if (last && in.liveDays() > 0) {
                live(in.broker(), in.topics(), partitions(in.config()), in.data(), in.days(), in.liveDays());
            }
            if (last) {
                stateSizes(monitor, in.data().series);
            }
            monitor.close(Duration.ofSeconds(30));
            return rate;
        }
    }

    /**
     * Records the app's stream threads have processed so far (their {@code process-total}: every record a task took
     * from its queues, so the monitor's {@code monitor-partials} records count too, ~3.5% more than its inputs). Not
     * the consumers' count: Kafka Streams 4 buffers up to {@code input.buffer.max.bytes} (512 MB) of fetched records,
     * so its consumers run far ahead of the processing.
     */
    private static long processed(KafkaStreams app) {
        double sum = 0;
        for (var e : app.metrics().entrySet()) {
            if (e.getKey().group().equals("stream-thread-metrics") && e.getKey().name().equals("process-total")
                && e.getValue().metricValue() instanceof Number v) {
                sum += v.doubleValue();
            }
        }
        return (long) sum;
    }

    /** Interpolated time (nanoTime) at which the processed count first reached {@code target}; NaN if it did not. */
    private static double crossing(List<long[]> progress, double target) {
        for (int i = 1; i < progress.size(); i++) {
            long[] a = progress.get(i - 1);
            long[] b = progress.get(i);
            if (b[1] >= target && a[1] < target) {
                return a[0] + (b[0] - a[0]) * (target - a[1]) / (double) (b[1] - a[1]);
            }
        }
        return Double.NaN;
    }

    /** Sum of a Micrometer counter over its tags (the monitor's counters are process-wide). */
    private static double count(String name) {
        return Telemetry.registry().find(name).counters().stream()
            .mapToDouble(Counter::count).sum();
    }

    private static final AtomicReference<BrokerProcess> BROKER = new AtomicReference<>();

    /**
     * The real local broker ({@code driftwatch broker}, KRaft, the same {@code LocalKafkaBroker}) in its own JVM, as a
     * broker runs in production: sharing a JVM, the apps and the broker would share JIT profiles of the Kafka classes
     * both use (records, batches), and the apps' CPU could not be told from the broker's.
     */
    private record BrokerProcess(Process process, long pid, String bootstrapServers, File log)
        implements AutoCloseable {

        /** The broker a parent JVM started ({@link #close} leaves it running). */
        static BrokerProcess attach(String bootstrapServers, long pid) {
            return new BrokerProcess(null, pid, bootstrapServers, null);
        }

        static BrokerProcess start() throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            File log = Files.createTempFile("bench-broker", ".log").toFile();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
            String extra = System.getProperty("bench.broker.jvm", ""); // e.g. a flight recording of the broker
            if (!extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("\\s+")));
            }
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    "io.driftwatch.local.BrokerMain", // `driftwatch broker` without the demo module
                    "--port",
                    String.valueOf(port)));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            String bootstrap = "127.0.0.1:" + port;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 2000,
                    "default.api.timeout.ms", 3000))) {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException | TimeoutException notYet) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        p.destroyForcibly();
                        throw new IllegalStateException("the broker did not start; see " + log, notYet);
                    }
                }
            }
            System.out.printf("broker: pid %d on %s (log %s)%n", p.pid(), bootstrap, log);
            return new BrokerProcess(p, p.pid(), bootstrap, log);
        }

        /** CPU time of the broker JVM (all its threads) from /proc, or 0 where there is no /proc. */
        long cpuNanos() {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
            } catch (IOException | RuntimeException none) {
                return 0;
            }
        }

        @Override
        public void close() throws Exception {
            if (process == null) {
                return;
            }
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    /** Runs the app over its input; returns {wall events/s (start to end), steady events/s (10% to 90% processed)}. */
    private static double[] run(KafkaStreams app, EosEnd eos, String group, List<String> inputs, List<String> internal,
                              int events) throws Exception {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long brokerCpu0 = BROKER.get().cpuNanos();
        var jit = ManagementFactory.getCompilationMXBean();
        long jit0 = jit.getTotalCompilationTime();
        var classes = ManagementFactory.getClassLoadingMXBean();
        long classes0 = classes.getTotalLoadedClassCount();
        Map<String, Long> threads0 = threadCpu();
        long start = System.nanoTime();
        app.start();
        long running = 0; // first seen RUNNING (group joined, tasks assigned, internal topics created, state restored)
        List<long[]> progress = new ArrayList<>(); // (nanoTime, records processed by the stream threads)
        while (!eos.settled(group, inputs, internal)) {
            if (running == 0 && app.state() == KafkaStreams.State.RUNNING) {
                running = System.nanoTime();
            }
            progress.add(new long[] {
                System.nanoTime(), processed(app), os.getProcessCpuTime(), BROKER.get().cpuNanos()});
            Thread.sleep(
                    running == 0 ? 10 : 100); // polling the app for its start, then the broker for the end of the run
        }
        double seconds = (eos.endedAt() - start) / 1e9; // the end, not the settling after it
        if (running != 0) {
            double startup = (running - start) / 1e9;
            System.out.printf(
                    "%s: RUNNING after %.2f s; %,.0f events/s from then on%n",
                    group, startup, events / (seconds - startup));
        }
        // the steady rate: while the middle 80% of the records were processed (no start-up, no end of input); the
        // fractions are of every record processed (the monitor's own monitor-partials records included), the rate
        // is of input events
        long all = processed(app);
        double t10 = crossing(progress, all * 0.1);
        double t90 = crossing(progress, all * 0.9);
        double steady = !Double.isNaN(t10) && t90 > t10 ? events * 0.8 / ((t90 - t10) / 1e9) : Double.NaN;
        System.out.printf(
                "%s: steady %,.0f events/s (10%% -> 90%% of the records processed in %.2f s)%n",
                group, steady, (t90 - t10) / 1e9);
        // where the wall time went: the share of the records processed at each half second from start()
        StringBuilder curve = new StringBuilder();
        for (int i = 0; i < progress.size(); i++) {
            long[] p = progress.get(i);
            if ((p[0] - start) / 500_000_000L > curve.chars().filter(c -> c == ' ').count()) {
                curve.append(' ').append(Math.round(100.0 * p[1] / all));
            }
        }
        System.out.printf("    %% processed every 0.5 s from start():%s%n", curve);
        // CPU up to the end (the poll that saw it), not through the settling after it
        long[] atEnd = progress.stream().filter(p -> p[0] >= eos.endedAt()).findFirst()
            .orElse(new long[] {0, 0, os.getProcessCpuTime(), BROKER.get().cpuNanos()});
        double cpu = (atEnd[2] - cpu0) / 1e9;
        double brokerCpu = (atEnd[3] - brokerCpu0) / 1e9;
        // app JVM + broker JVM: robust to other load on the machine, unlike wall time
        System.out.printf("%s: %.1f s wall; CPU: app %.1f s + broker %.1f s = %.1f us per event%n", group, seconds, cpu,
            brokerCpu, (cpu + brokerCpu) * 1e6 / events);
        System.out.printf(
                "    JIT compiling during the run: %.1f s (compiler threads' time, from the CompilationMXBean); "
                        + "classes loaded: %d%n",
                (jit.getTotalCompilationTime() - jit0) / 1e3, classes.getTotalLoadedClassCount() - classes0);
        Map<String, Long> threads1 = threadCpu();
        threads1.replaceAll((k, v) -> v - threads0.getOrDefault(k, 0L));
        threads1.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(10)
                .filter(e -> e.getValue() >= 50_000_000L)
                .forEach(e -> System.out.printf("    %-60s %6.1f s CPU%n", e.getKey(), e.getValue() / 1e9));
        // where the stream threads' wall time went (Kafka Streams' thread metrics, averaged over the threads)
        Map<String, double[]> ratios = new TreeMap<>();
        app.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && (name.name().endsWith("-ratio")
                || name.name().equals("commit-latency-avg") || name.name().equals("poll-latency-avg")
                || name.name().equals("poll-records-avg") || name.name().equals("blocked-time-ns-total")
                || name.name().equals("commit-total"))
                && metric.metricValue() instanceof Number v) {
                ratios.computeIfAbsent(name.name(), k -> new double[2]);
                ratios.get(name.name())[0] += v.doubleValue();
                ratios.get(name.name())[1]++;
            }
        });
        StringBuilder line = new StringBuilder("    stream threads:");
        ratios.forEach((k, v) -> line.append(String.format(" %s=%.3g", k, v[0] / v[1])));
        System.out.println(line);
        Map<String, double[]> fetch = new TreeMap<>();
        app.metrics().forEach((name, metric) -> {
            if (name.group().equals("consumer-fetch-manager-metrics")
                    && !name.tags().containsKey("topic")
                    && !name.tags().containsKey("partition")
                    && !name.tags().get("client-id").contains("global")
                    && List.of(
                                    "fetch-latency-avg",
                                    "records-per-request-avg",
                                    "fetch-size-avg",
                                    "fetch-total",
                                    "bytes-consumed-total",
                                    "records-consumed-total")
                            .contains(name.name())
                    && metric.metricValue() instanceof Number v) {
                String kind = name.tags().get("client-id").replaceAll(".*-StreamThread-\\d+-", "");
                fetch.computeIfAbsent(kind + ":" + name.name(), k -> new double[2]);
                fetch.get(kind + ":" + name.name())[0] += v.doubleValue();
                fetch.get(kind + ":" + name.name())[1]++;
            }
        });
        StringBuilder fl = new StringBuilder("    consumers:");
        // totals summed over the clients, the rest averaged
        fetch.forEach((k, v) -> fl.append(String.format(" %s=%.3g", k, k.endsWith("-total") ? v[0] : v[0] / v[1])));
        System.out.println(fl);
        long listed = threads1.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(
                "    %-60s %6.1f s CPU%n",
                "(threads that ended during the run: JIT compiler threads come and go)",
                Math.max(0, cpu - listed / 1e9));
        if (group.endsWith("passthrough")) {
            app.close(Duration.ofSeconds(30));
        }
        return new double[] {events / seconds, steady};
    }

    /** Records appended to the monitor's internal topics (changelogs, repartition): the traffic behind its state. */
    private static void topicSizes(Admin admin, String app) throws Exception {
        List<String> names = admin.listTopics().names().get().stream()
                .filter(n -> n.startsWith(app + "-"))
                .sorted()
                .toList();
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        admin.describeTopics(names).allTopicNames().get().forEach((n, d) -> d.partitions().forEach(p ->
            specs.put(new TopicPartition(n, p.partition()), OffsetSpec.latest())));
        Map<String, Long> sizes = new TreeMap<>();
        admin.listOffsets(specs).all().get().forEach((tp, o) -> sizes.merge(tp.topic(), o.offset(), Long::sum));
        sizes.forEach((n, v) -> System.out.printf("    %-70s %,12d offsets%n", n, v));
    }

    /**
     * CPU time of every thread of this process, summed by name with digits removed: from /proc/self/task on Linux,
     * so JIT compiler, GC and RocksDB's native threads count too (elsewhere: the Java threads only).
     */
    private static Map<String, Long> threadCpu() {
        Map<String, Long> out = new HashMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks != null) {
            for (File task : tasks) {
                try {
                    String name = Files.readString(task.toPath().resolve("comm")).strip();
                    String stat = Files.readString(task.toPath().resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime, fields 14 and 15
                    out.merge(name.replaceAll("\\d+", "N"), ticks * 10_000_000L, Long::sum); // 100 ticks per second
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we read it
                }
            }
            return out;
        }
        var mx = ManagementFactory.getThreadMXBean();
        for (long id : mx.getAllThreadIds()) {
            var info = mx.getThreadInfo(id);
            long t = mx.getThreadCpuTime(id);
            if (info != null && t > 0) {
                out.merge(
                        info.getThreadName()
                                .replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "")
                                .replaceAll("\\d+", "N"),
                        t,
                        Long::sum);
            }
        }
        return out;
    }

    private static KafkaStreams passthroughApp(MonitorConfig config, Topics topics, String out) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(
                        List.of(topics.predictions.name(), topics.actuals.name()),
                        Consumed.with(Serdes.Bytes(), Serdes.Bytes()))
                .to(out, Produced.with(Serdes.Bytes(), Serdes.Bytes()));
        Properties p = StreamsProperties.of(config, "passthrough");
        return new KafkaStreams(b.build(), p);
    }

    /**
     * Produces day by day at a steady pace (a day's events, then {@code livePauseMs}; with {@code liveSpread} = k > 1
     * a day's series in k slices, each slice's predictions and actuals followed by livePauseMs / k) while the monitor
     * runs;
     * latency = trigger append - causing actual append.
     */
    private static void live(BrokerProcess broker, Topics topics, int partitions, Data data, int from, int liveDays)
            throws Exception {
        data.produce(broker.bootstrapServers(), topics, partitions, from, from + liveDays, data.livePauseMs);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<ConsumerRecord<String, DriftTrigger>> triggers;
        do {
            triggers = EosEnd.readAll(broker.bootstrapServers(), topics.driftTriggers.name(), new StringDeserializer(),
                topics.driftTriggers.valueSerde().deserializer());
        } while (triggers.stream()
                        .noneMatch(t -> t.value().getRecentWindowEnd().toEpochMilli() >= day(from + liveDays - 3))
                && System.nanoTime() < deadline);
        List<Long> latencies = new ArrayList<>();
        // each live day's latencies by the trigger's append time from the JVM's start (as in -Xlog:gc's uptime)
        Map<Long, List<String>> byDue = new TreeMap<>();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        for (ConsumerRecord<String, DriftTrigger> t : triggers) {
            long due = t.value().getRecentWindowEnd().toEpochMilli() + DAY; // window end + bucket grace
            Long cause = data.causeAppend(due);
            if (cause != null && due >= day(from + 1)) {
                latencies.add(t.timestamp() - cause);
                byDue.computeIfAbsent(due, d -> new ArrayList<>()).add(String.format("%d ms (trigger at uptime %.1f s)",
                    t.timestamp() - cause, (t.timestamp() - jvmStart) / 1e3));
            }
        }
        byDue.forEach((due, l) -> System.out.printf("    live, window due %s: %s%n", Instant.ofEpochMilli(due), l));
        latencies.sort(null);
        if (latencies.isEmpty()) {
            System.out.println("latency: no live triggers");
            return;
        }
        System.out.printf(
                "latency actual append -> trigger append over %d live triggers: p50 %d ms, p99 %d ms, max %d ms%n",
                latencies.size(),
                latencies.get(latencies.size() / 2),
                latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1)),
                latencies.get(latencies.size() - 1));
    }

    /** Entries and bytes (keys + values) of every monitor store, in total and per series. */
    private static void stateSizes(KafkaStreams monitor, int series) {
        List<String> writeBack = List.of(StoreNames.MONITOR_MATCH_ENTRIES, StoreNames.MONITOR_ERROR_DELTAS,
            StoreNames.MONITOR_SERIES_DRIFT);
        long totalBytes = 0;
        for (String store : List.of(StoreNames.MONITOR_MATCH_ENTRIES, StoreNames.MONITOR_ERROR_DELTAS,
            StoreNames.MONITOR_SERIES_DRIFT, StoreNames.MONITOR_ERROR_BUCKETS,
            StoreNames.MONITOR_DRIFT_RESULTS, StoreNames.MONITOR_EVAL_STATE)) {
            ReadOnlyKeyValueStore<String, byte[]> s = monitor.store(StoreQueryParameters.fromNameAndType(store,
                writeBack.contains(store) ? WriteBackStore.QUERYABLE
                    : QueryableStoreTypes.<String, byte[]>keyValueStore()));
            long bytes = 0;
            long entries = 0;
            try (KeyValueIterator<String, byte[]> it = s.all()) {
                while (it.hasNext()) {
                    var kv = it.next();
                    bytes += kv.key.length() + kv.value.length;
                    entries++;
                }
            }
            totalBytes += bytes;
            System.out.printf("state in %-28s %,12d entries %,15d bytes %,9.0f bytes per series%n", store, entries,
                bytes, bytes / (double) series);
        }
        System.out.printf("state in all these stores: %,d bytes, %,.0f bytes per series (%,d series)%n", totalBytes,
            totalBytes / (double) series, series);
    }

    private static void createTopics(Admin admin, Topics topics, String out) throws Exception {
        List<Topic<?, ?>> all = new ArrayList<>(topics.all());
        new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(all);
        admin.createTopics(List.of(new NewTopic(out, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        // append times for the latency measurement
        var logAppend = new AlterConfigOp(
            new ConfigEntry("message.timestamp.type", "LogAppendTime"),
            AlterConfigOp.OpType.SET);
        Map<ConfigResource, Collection<AlterConfigOp>> alter =
            new HashMap<>();
        for (String t : List.of(topics.actuals.name(), topics.driftTriggers.name())) {
            alter.put(new ConfigResource(ConfigResource.Type.TOPIC, t),
                List.of(logAppend));
        }
        admin.incrementalAlterConfigs(alter).all().get(30, TimeUnit.SECONDS);
        List<String> names = new ArrayList<>(all.stream().map(Topic::name).toList());
        names.add(out);
        new TopicAdmin(admin, Duration.ofSeconds(30)).waitUntilReady(names);
    }

    private static int partitions(MonitorConfig config) {
        return config.getInt(CommonConfig.TOPICS_PARTITIONS);
    }

    static long day(int d) {
        return DAY0.toEpochMilli() + d * DAY;
    }

    /** The benchmark's series: random walks; one fixed naive-like model whose errors double at {@code changeDay}. */
    private static final class Data {
        static final String MODEL = "bench";
        final int series;
        final int models;
        final int misplacedPercent;
        final double[][] values;
        final int changeDay;
        final int livePauseMs;
        final int liveSpread;
        /** First append time (ms) of an actual with event time >= t, per partition, kept for the live phase. */
        final Map<Integer, TreeMap<Long, Long>> firstAppend = new HashMap<>();

        Data(Shape shape, int days, int changeDay) {
            this.series = shape.series();
            this.models = shape.models();
            this.misplacedPercent = shape.misplacedPercent();
            this.changeDay = changeDay;
            this.livePauseMs = shape.livePauseMs();
            this.liveSpread = Math.max(1, shape.liveSpread());
            Random rnd = new Random(1);
            values = new double[series][days];
            for (int s = 0; s < series; s++) {
                values[s][0] = 100 + s;
                for (int d = 1; d < days; d++) {
                    values[s][d] = values[s][d - 1] + rnd.nextGaussian();
                }
            }
        }

        String model(int s) {
            return models == 1 ? MODEL : MODEL + "-" + (s % models);
        }

        /** Kafka's murmur2 partition, or for the misplaced share of the series the next partition. */
        Integer partition(String id, int s, int partitions) {
            int right = Partitioning.partitionOf(id, partitions);
            return s % 100 < misplacedPercent ? (right + 1) % partitions : right;
        }

        int produce(String bootstrap, Topics topics, int partitions, int from, int to, long pauseMs)
                throws Exception {
            Map<String, Object> p = Map.of(
                    "bootstrap.servers",
                    bootstrap,
                    "acks",
                    "all",
                    "linger.ms",
                    20,
                    "batch.size",
                    262_144,
                    "enable.idempotence",
                    true);
            int n = 0;
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                var predSer = topics.predictions.valueSerde().serializer();
                var actSer = topics.actuals.valueSerde().serializer();
                int slices = pauseMs > 0 ? liveSpread : 1;
                for (int d = Math.max(1, from); d < to; d++) {
                    for (int slice = 0; slice < slices; slice++) {
                        int first = (int) ((long) series * slice / slices);
                        int end = (int) ((long) series * (slice + 1) / slices);
                        List<Future<RecordMetadata>> actuals = new ArrayList<>();
                        for (int s = first; s < end; s++) {
                            String id = "s" + s;
                            double err = (d >= changeDay ? 2.0 : 1.0) * Math.sin(d * 7.0 + s);
                            double yhat = values[s][d] - err;
                            Prediction pr = Prediction.newBuilder()
                                    .setPredictionId(id + "-" + d)
                                    .setModelId(model(s))
                                    .setConfigVersion(1)
                                    .setSeriesId(id)
                                    .setHorizon("1d")
                                    .setIssuedAt(Instant.ofEpochMilli(day(d - 1)))
                                    .setTargetTime(Instant.ofEpochMilli(day(d)))
                                    .setYhat(yhat)
                                    .setYhatLower(yhat - 2)
                                    .setYhatUpper(yhat + 2)
                                    .build();
                            producer.send(new ProducerRecord<>(topics.predictions.name(), partition(id, s, partitions),
                                    id, predSer.serialize(topics.predictions.name(), pr)));
                            n++;
                        }
                        for (int s = first; s < end; s++) {
                            String id = "s" + s;
                            Actual ac = Actual.newBuilder()
                                    .setSeriesId(id)
                                    .setEventTime(Instant.ofEpochMilli(day(d)))
                                    .setValue(values[s][d])
                                    .build();
                            actuals.add(producer.send(new ProducerRecord<>(topics.actuals.name(),
                                    partition(id, s, partitions), id, actSer.serialize(topics.actuals.name(), ac))));
                            n++;
                        }
                        if (pauseMs > 0) {
                            producer.flush();
                            for (Future<RecordMetadata> f : actuals) {
                                RecordMetadata m = f.get();
                                firstAppend
                                        .computeIfAbsent(m.partition(), k -> new TreeMap<>())
                                        .merge(day(d), m.timestamp(), Math::min);
                            }
                            Thread.sleep(pauseMs / slices); // pacing the live phase, not waiting for a result
                        }
                    }
                }
                producer.flush();
            }
            return n;
        }

        /**
         * Append time of the actual that let every partition pass {@code due}: the latest of the partitions' first such
         * appends.
         */
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
