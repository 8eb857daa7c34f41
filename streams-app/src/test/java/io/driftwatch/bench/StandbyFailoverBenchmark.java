package io.driftwatch.bench;

import io.driftwatch.cluster.ChildJvm;
import io.driftwatch.cluster.Fleet;
import io.driftwatch.cluster.Pipeline;
import io.driftwatch.local.LocalKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.driftwatch.local.TempDirs;

/**
 * Time to resume after a monitor instance is SIGKILLed, without and with a standby replica
 * ({@code num.standby.replicas} 0 and 1). The monitor runs as two child JVMs ({@code driftwatch run monitor}),
 * the other apps in this JVM, on the pipeline's step-by-step feed; when a step's input has been produced one
 * monitor instance is killed, and the figure is the time from the kill until every app has processed that step
 * (the survivor noticed the loss after {@code session.timeout.ms} = 6 s, took the tasks over, restored their
 * state from the changelogs unless a standby kept it warm, and processed the step). For reference, the same
 * step's time without a kill. Runs alternate between the settings, {@code repeats} each.
 *
 * <pre>
 * java -cp ... io.driftwatch.bench.StandbyFailoverBenchmark [repeats=3] [days=120]
 * </pre>
 */
public final class StandbyFailoverBenchmark {

    private StandbyFailoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        Map<String, List<Double>> results = new TreeMap<>();
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            for (int r = 0; r < repeats; r++) {
                for (int standbys : List.of(0, 1)) {
                    for (boolean kill : List.of(true, false)) {
                        if (!kill && r > 0) {
                            continue; // the undisturbed step once per setting is enough
                        }
                        double s = run(broker, days, standbys, kill, r);
                        String key = "num.standby.replicas=" + standbys + (kill ? ", instance killed" : ", no kill");
                        results.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
                        System.out.printf("%s: %.1f s%n", key, s);
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| monitor x2 | time to process the step (s), each run | median |");
        System.out.println("|---|---|---|");
        results.forEach((k, v) -> {
            List<Double> sorted = v.stream().sorted().toList();
            System.out.printf(
                    "| %s | %s | %.1f |%n",
                    k, v.stream().map(x -> String.format("%.1f", x)).toList(), sorted.get(sorted.size() / 2));
        });
    }

    private static double run(LocalKafkaBroker broker, int days, int standbys, boolean kill, int repeat)
            throws Exception {
        Pipeline.Plan plan = new Pipeline.Plan(days, days + 1, 42, 5, 3);
        int lastStep = plan.steps() - 1;
        Pipeline p = new Pipeline(
                broker.bootstrapServers(), "standby" + standbys + (kill ? "k" : "n") + repeat + ".", plan, Map.of());
        p.prepare();
        Path work = TempDirs.create("driftwatch-standby-");
        long[] killedAt = {0};
        double[] seconds = {Double.NaN};
        try (Fleet f = new Fleet(
                        p,
                        work,
                        Map.of("monitor", 2),
                        Map.of("num.standby.replicas", String.valueOf(standbys)),
                        Map.of("DRIFTWATCH_KAFKA_LOG_LEVEL", "INFO"))
                .startInProcess()) {
            ChildJvm victim = f.instance("monitor", 0);
            p.feed(
                    step -> {
                        if (step == lastStep - 1) {
                            killedAt[0] = System.nanoTime();
                            if (kill) {
                                victim.kill();
                            }
                        } else if (step == lastStep) {
                            seconds[0] = (System.nanoTime() - killedAt[0]) / 1e9;
                        }
                    },
                    Duration.ofMinutes(5));
            if (!Files.readString(f.instance("monitor", 1).log()).contains("num.standby.replicas = " + standbys)) {
                throw new IllegalStateException("the monitor did not run with num.standby.replicas=" + standbys);
            }
        } finally {
            LocalKafkaBroker.deleteRecursively(work);
        }
        return seconds[0];
    }
}
