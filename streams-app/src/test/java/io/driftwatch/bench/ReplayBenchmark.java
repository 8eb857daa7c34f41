package io.driftwatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.Prediction;
import io.driftwatch.monitor.MonitorConfig;
import io.driftwatch.monitor.RegimeScenario;
import io.driftwatch.replay.Grid;
import io.driftwatch.replay.History;
import io.driftwatch.replay.Replay;
import io.driftwatch.replay.ReplayRun;
import io.driftwatch.topics.Topics;

/**
 * How fast {@code driftwatch replay} is once the history is in memory: a year of {@code series} daily series (one
 * model, a prediction and an actual per series and day, errors doubling at day 300, 4 input partitions by murmur2),
 * replayed once alone (a warm-up of the same size first) and then for a grid of {@code combinations} values of
 * {@code monitor.fdr.q}, {@code parallel} at a time. Not a test: a main, figures in docs/benchmarks.md.
 *
 * <pre>
 * java -cp ... io.driftwatch.bench.ReplayBenchmark series=1000 days=366 combinations=4 parallel=2
 * </pre>
 */
public final class ReplayBenchmark {

    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of("series", "1000", "days", "366", "combinations", "4",
            "parallel", String.valueOf(Runtime.getRuntime().availableProcessors())));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        int series = Integer.parseInt(a.get("series"));
        int days = Integer.parseInt(a.get("days"));
        int combinations = Integer.parseInt(a.get("combinations"));
        int parallel = Integer.parseInt(a.get("parallel"));
        Map<String, Object> settings = new HashMap<>();
        settings.put(MonitorConfig.TOPICS_PARTITIONS, 4);
        Topics topics = Topics.from(new MonitorConfig(settings));

        long t0 = System.nanoTime();
        History history = history(new RegimeScenario(series, days, 300, 1), topics);
        System.out.printf(Locale.ROOT, "history: %,d records (%d series x %d days), built in %.1f s%n",
            history.size(), series, days, secs(t0));

        ReplayRun.Result warm = ReplayRun.run(history, settings, Map.of(), new AtomicLong());
        System.out.printf(Locale.ROOT, "warm-up run: %.1f s, %d triggers%n", warm.millis() / 1000.0,
            warm.triggers().size());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        ReplayRun.Result alone = ReplayRun.run(history, settings, Map.of(), new AtomicLong());
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "one combination alone: %.1f s wall (%,.0f records/s), %.1f s CPU of its"
            + " thread (%,.0f records per CPU-second), %d triggers%n", alone.millis() / 1000.0,
            history.size() / (alone.millis() / 1000.0), cpu, history.size() / cpu, alone.triggers().size());

        List<String> values = new ArrayList<>();
        for (int i = 0; i < combinations; i++) {
            values.add(String.valueOf(0.05 / (1 << i)));
        }
        List<Map<String, String>> grid = Grid.combinations(List.of(MonitorConfig.FDR_Q + "=" + String.join(",",
            values)));
        long t1 = System.nanoTime();
        long pcpu0 = processCpuNanos();
        List<ReplayRun.Result> results = Replay.run(history, settings, grid, parallel, new AtomicLong());
        double total = secs(t1);
        System.out.printf(Locale.ROOT, "%d combinations, %d at a time: %.1f s in all, %.1f s per combination; process"
            + " CPU %.1f s (JIT and GC included)%n", combinations, parallel, total, total / combinations,
            (processCpuNanos() - pcpu0) / 1e9);
        for (ReplayRun.Result r : results) {
            System.out.printf(Locale.ROOT, "  %s: %.1f s, %d triggers%n", r.combination(), r.millis() / 1000.0,
                r.triggers().size());
        }
    }

    /** The scenario's events as Kafka would hold them: 4 partitions by murmur2 of the series id. */
    static History history(RegimeScenario scenario, Topics topics) {
        Serializer<Prediction> predictions = topics.predictions.valueSerde().serializer();
        Serializer<Actual> actuals = topics.actuals.valueSerde().serializer();
        Serializer<ModelConfig> configs = topics.modelConfigs.valueSerde().serializer();
        History.Builder b = new History.Builder();
        b.add(History.Kind.MODEL_CONFIG, "0", 0, 0, (RegimeScenario.MODEL + ":1d").getBytes(StandardCharsets.UTF_8),
            configs.serialize("", scenario.config()));
        b.model(RegimeScenario.MODEL);
        for (Object e : scenario.events()) {
            if (e instanceof Prediction p) {
                b.add(History.Kind.PREDICTION, partition(p.getSeriesId()), p.getIssuedAt().toEpochMilli(), 1,
                    p.getSeriesId().getBytes(StandardCharsets.UTF_8), predictions.serialize("", p));
            } else if (e instanceof Actual x) {
                b.add(History.Kind.ACTUAL, partition(x.getSeriesId()), x.getEventTime().toEpochMilli(), 1,
                    x.getSeriesId().getBytes(StandardCharsets.UTF_8), actuals.serialize("", x));
            }
        }
        return b.build();
    }

    private static String partition(String key) {
        return String.valueOf(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 4);
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
