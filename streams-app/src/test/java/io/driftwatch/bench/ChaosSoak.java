package io.driftwatch.bench;

import io.driftwatch.cluster.ChildJvm;
import io.driftwatch.cluster.Fleet;
import io.driftwatch.cluster.Outputs;
import io.driftwatch.cluster.Pipeline;
import io.driftwatch.local.LocalKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.driftwatch.local.TempDirs;

/**
 * Soak under chaos: the demo's pipeline, each app a child JVM ({@code driftwatch run <app>}), fed at a live pace
 * (one scenario day per {@code pace}) for {@code minutes}, while a chaos loop SIGKILLs a random app every 1-3
 * minutes and starts it again 5-15 s later. Every 15 s it samples each app's RSS ({@code /proc/<pid>/status}) and
 * state-store size (its state.dir on disk). At the end it compares the outputs (actuals, predictions, anomalies,
 * triggers, configs, reports) with an undisturbed in-process run of the same input on the same broker.
 *
 * <pre>
 * java -cp ... io.driftwatch.bench.ChaosSoak [minutes=22] [seed=7]
 * </pre>
 * Prints a Markdown summary. Not a test: it runs for {@code minutes} of wall time.
 */
public final class ChaosSoak {

    private ChaosSoak() {}

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 22;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        Pipeline.Plan plan = new Pipeline.Plan(300, 200, 42, 2, 3);
        Duration pace = Duration.ofMillis(minutes * 60_000L / plan.steps());
        Path work = TempDirs.create("driftwatch-soak-");
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            long t0 = System.nanoTime();
            Outputs expected = undisturbed(broker, plan, work.resolve("reference"));
            System.out.printf("undisturbed run: %.0f s, %s%n", (System.nanoTime() - t0) / 1e9, expected.counts());
            Pipeline p = new Pipeline(broker.bootstrapServers(), "soak.", plan, Map.of());
            p.prepare();
            Map<String, Integer> one = new LinkedHashMap<>();
            Pipeline.APPS.forEach(a -> one.put(a, 1));
            List<String> kills = new ArrayList<>();
            Map<String, List<long[]>> samples = new TreeMap<>();
            long started = System.nanoTime();
            try (Fleet fleet = new Fleet(p, work.resolve("soak"), one, Map.of())) {
                AtomicBoolean done = new AtomicBoolean();
                Thread chaos =
                        new Thread(() -> chaos(fleet, new SplittableRandom(seed), done, kills, started), "chaos");
                Thread sampler =
                        new Thread(() -> sample(fleet, work.resolve("soak"), done, samples, started), "sampler");
                chaos.setDaemon(true);
                sampler.setDaemon(true);
                long[] stepStart = {System.nanoTime()};
                p.feed(
                        step -> {
                            if (step > 0) {
                                long wait = pace.toNanos() - (System.nanoTime() - stepStart[0]);
                                if (wait > 0) {
                                    Thread.sleep(wait / 1_000_000); // live pace: a scenario day per pace
                                }
                            } else {
                                chaos.start();
                                sampler.start();
                            }
                            stepStart[0] = System.nanoTime();
                        },
                        Duration.ofMinutes(5));
                done.set(true);
                chaos.join(60_000);
                sampler.join(30_000);
                for (List<ChildJvm> jvms : fleet.children().values()) {
                    for (ChildJvm j : jvms) {
                        if (!j.isAlive()) {
                            j.start();
                        }
                    }
                }
            }
            double soakMinutes = (System.nanoTime() - started) / 60e9;
            Outputs actual = p.outputs();
            String diff = actual.differencesFrom(expected);
            report(plan, pace, soakMinutes, kills, samples, expected, actual, diff);
        } finally {
            LocalKafkaBroker.deleteRecursively(work);
        }
    }

    private static Outputs undisturbed(LocalKafkaBroker broker, Pipeline.Plan plan, Path work) throws Exception {
        Pipeline p = new Pipeline(broker.bootstrapServers(), "undisturbed.", plan, Map.of());
        p.prepare();
        try (Fleet f = new Fleet(p, work, Map.of(), Map.of()).startInProcess()) {
            p.feed(step -> f.checkAlive(), Duration.ofMinutes(5));
        }
        return p.outputs();
    }

    private static void chaos(
            Fleet fleet, SplittableRandom random, AtomicBoolean done, List<String> kills, long started) {
        List<String> apps = new ArrayList<>(fleet.children().keySet());
        try {
            while (!done.get()) {
                if (pause(done, 60_000 + random.nextLong(120_000))) {
                    return;
                }
                String app = apps.get(random.nextInt(apps.size()));
                ChildJvm victim = fleet.instance(app, 0);
                victim.kill();
                long down = 5_000 + random.nextLong(10_000);
                synchronized (kills) {
                    kills.add(String.format(
                            "%.1f min: SIGKILL %s, restarted after %.1f s",
                            (System.nanoTime() - started) / 60e9, app, down / 1000.0));
                }
                System.out.println(kills.get(kills.size() - 1));
                Thread.sleep(down); // the app stays down this long
                victim.start();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps up to {@code millis} in short slices; true if the soak finished meanwhile. */
    private static boolean pause(AtomicBoolean done, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (done.get()) {
                return true;
            }
            Thread.sleep(500);
        }
        return done.get();
    }

    /** Samples {seconds since start, RSS kB, state.dir bytes} per app every 15 s. */
    private static void sample(
            Fleet fleet, Path work, AtomicBoolean done, Map<String, List<long[]>> samples, long started) {
        try {
            while (!pause(done, 15_000)) {
                for (String app : fleet.children().keySet()) {
                    ChildJvm jvm = fleet.instance(app, 0);
                    if (!jvm.isAlive()) {
                        continue;
                    }
                    long rss = rssKb(jvm.pid());
                    long state = size(work.resolve("state-" + app + "-0"));
                    synchronized (samples) {
                        samples.computeIfAbsent(app, k -> new ArrayList<>())
                                .add(new long[] {(System.nanoTime() - started) / 1_000_000_000L, rss, state});
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static long size(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        } catch (IOException | RuntimeException e) {
            return -1; // a store being rewritten under the walk; the next sample counts it
        }
    }

    private static void report(
            Pipeline.Plan plan,
            Duration pace,
            double minutes,
            List<String> kills,
            Map<String, List<long[]>> samples,
            Outputs expected,
            Outputs actual,
            String diff) {
        System.out.println();
        System.out.printf(
                "## Chaos soak: %d scenario days after %d days of history, one day per %.1f s, %.1f min%n%n",
                plan.days() - plan.changeDay(), plan.changeDay(), pace.toMillis() / 1000.0, minutes);
        System.out.println("Kills:");
        kills.forEach(k -> System.out.println("- " + k));
        System.out.println();
        System.out.println("| app | samples | RSS MB first third (median) | RSS MB last third (median) | RSS MB max "
                + "| state MB first third (median) | state MB last third (median) | state MB max |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        samples.forEach((app, s) -> {
            int n = s.size();
            List<long[]> first = s.subList(0, Math.max(1, n / 3));
            List<long[]> last = s.subList(Math.min(n - 1, 2 * n / 3), n);
            System.out.printf(
                    "| %s | %d | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f |%n",
                    app,
                    n,
                    median(first, 1) / 1024.0,
                    median(last, 1) / 1024.0,
                    max(s, 1) / 1024.0,
                    median(first, 2) / 1e6,
                    median(last, 2) / 1e6,
                    max(s, 2) / 1e6);
        });
        System.out.println();
        System.out.println(
                "Outputs (records per topic): undisturbed " + expected.counts() + ", under chaos " + actual.counts());
        System.out.println(
                diff.isEmpty()
                        ? "EQUAL: every output topic holds exactly the undisturbed run's records"
                        : "DIFFERENT:\n" + diff);
        System.out.println();
        System.out.println("Samples (s, RSS kB, state bytes):");
        samples.forEach((app, s) -> System.out.println(app + ": "
                + s.stream()
                        .map(x -> x[0] + "/" + x[1] + "/" + x[2])
                        .reduce((a, b) -> a + " " + b)
                        .orElse("")));
    }

    private static double median(List<long[]> s, int i) {
        long[] v = s.stream().mapToLong(x -> x[i]).filter(x -> x >= 0).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    private static double max(List<long[]> s, int i) {
        return s.stream().mapToLong(x -> x[i]).max().orElse(-1);
    }
}
