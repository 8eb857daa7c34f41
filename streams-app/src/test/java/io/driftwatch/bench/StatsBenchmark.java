package io.driftwatch.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import io.driftwatch.stats.KolmogorovSmirnov;
import io.driftwatch.stats.RobustZ;

/**
 * Micro-benchmark (not a test) of the monitor's two per-pair statistics, old against new:
 * {@link RobustZ} (zScore then add on a full 60-value window, and the round trip the matching stage
 * does per pair: fromBytes, zScore, add, toBytes) against {@link LegacyRobustZ}, the former
 * copy-and-sort implementation; and the KS test of a series' day, n = 14 recent values against
 * m = 60 reference values, full exact p-value ({@code test(x, y, exactMax)}) against the
 * thresholded test ({@code test(x, y, exactMax, 0.05, 0.1)}: alpha and the MEDIUM severity
 * boundary of the defaults) over a pool of 256 sample pairs of which 10% are shifted by half a
 * standard deviation.
 *
 * <p>A plain {@code main}, not JMH: jmh-generator-annprocess is not in the offline Maven cache of
 * this machine, and JMH cannot run without its generated code. It follows JMH's shape: each
 * benchmark in a fresh JVM (one fork), {@code warmup} timed iterations thrown away, then
 * {@code iterations} timed iterations of {@code time} seconds each, every result consumed into a
 * volatile sink; it prints ns/op per benchmark (mean of the measured iterations, with min and max)
 * and the old/new ratios. See docs/internals/benchmarks.md.
 *
 * <pre>
 * mvn -o -q -pl streams-app -am -DskipTests -DskipITs package dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp streams-app/target/test-classes:streams-app/target/classes:$(cat /tmp/cp.txt) \
 *     io.driftwatch.bench.StatsBenchmark [warmup=5] [iterations=5] [time=1] [only=name,...]
 * </pre>
 */
public final class StatsBenchmark {

    /** One operation; returns a value that is consumed so that it cannot be optimized away. */
    private interface Op {
        double run(int i);
    }

    private static final int BATCH = 32;
    private static final int WINDOW = 60;
    private static final int N_RECENT = 14;
    private static final int M_REFERENCE = 60;
    private static final double ALPHA = 0.05;
    private static final double MIN_STATISTIC = 0.1;

    static volatile double sink;

    private StatsBenchmark() { }

    private static Map<String, Supplier<Op>> benchmarks() {
        Map<String, Supplier<Op>> b = new LinkedHashMap<>();
        b.put("robustz.zScoreAdd.old", () -> {
            double[] r = residuals();
            LegacyRobustZ w = new LegacyRobustZ(WINDOW);
            for (int i = 0; i < WINDOW; i++) {
                w.add(r[r.length - 1 - i]);
            }
            return i -> {
                double v = r[i & (r.length - 1)];
                double z = w.zScore(v);
                w.add(v);
                return z;
            };
        });
        b.put("robustz.zScoreAdd.new", () -> {
            double[] r = residuals();
            RobustZ w = new RobustZ(WINDOW);
            for (int i = 0; i < WINDOW; i++) {
                w.add(r[r.length - 1 - i]);
            }
            return i -> {
                double v = r[i & (r.length - 1)];
                double z = w.zScore(v);
                w.add(v);
                return z;
            };
        });
        b.put("robustz.perPairRoundTrip.old", () -> {
            double[] r = residuals();
            LegacyRobustZ w = new LegacyRobustZ(WINDOW);
            for (int i = 0; i < WINDOW; i++) {
                w.add(r[r.length - 1 - i]);
            }
            byte[][] state = {w.toBytes()};
            return i -> {
                double v = r[i & (r.length - 1)];
                LegacyRobustZ s = LegacyRobustZ.fromBytes(state[0]);
                double z = s.zScore(v);
                state[0] = s.add(v).toBytes();
                return z;
            };
        });
        b.put("robustz.perPairRoundTrip.new", () -> {
            double[] r = residuals();
            RobustZ w = new RobustZ(WINDOW);
            for (int i = 0; i < WINDOW; i++) {
                w.add(r[r.length - 1 - i]);
            }
            byte[][] state = {w.toBytes()};
            return i -> {
                double v = r[i & (r.length - 1)];
                RobustZ s = RobustZ.fromBytes(state[0]);
                double z = s.zScore(v);
                state[0] = s.add(v).toBytes();
                return z;
            };
        });
        b.put("ks.14x60.old", () -> {
            double[][][] pool = ksPool();
            return i -> {
                double[][] xy = pool[i & (pool.length - 1)];
                return KolmogorovSmirnov.test(xy[0], xy[1], KolmogorovSmirnov.DEFAULT_EXACT_MAX).pValue();
            };
        });
        b.put("ks.14x60.new", () -> {
            double[][][] pool = ksPool();
            return i -> {
                double[][] xy = pool[i & (pool.length - 1)];
                KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(xy[0], xy[1], KolmogorovSmirnov.DEFAULT_EXACT_MAX,
                    ALPHA, MIN_STATISTIC);
                return Double.isNaN(r.pValue()) ? r.statistic() : r.pValue();
            };
        });
        return b;
    }

    /** 4,096 residuals: N(0, 1) with an outlier now and then. */
    private static double[] residuals() {
        Random rnd = new Random(1);
        double[] r = new double[4096];
        for (int i = 0; i < r.length; i++) {
            r[i] = rnd.nextGaussian() + (rnd.nextInt(50) == 0 ? 8 : 0);
        }
        return r;
    }

    /** 256 (recent, reference) pairs of N(0, 1) samples, every tenth recent one shifted by 0.5. */
    private static double[][][] ksPool() {
        Random rnd = new Random(2);
        double[][][] pool = new double[256][][];
        for (int k = 0; k < pool.length; k++) {
            double shift = k % 10 == 0 ? 0.5 : 0.0;
            double[] x = new double[N_RECENT];
            double[] y = new double[M_REFERENCE];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextGaussian() + shift;
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = rnd.nextGaussian();
            }
            pool[k] = new double[][] {x, y};
        }
        return pool;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("warmup", "5", "iterations", "5", "time", "1"));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, got " + a);
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        if (opts.containsKey("fork")) {
            runOne(opts.get("fork"), Integer.parseInt(opts.get("warmup")), Integer.parseInt(opts.get("iterations")),
                Double.parseDouble(opts.get("time")));
            return;
        }
        List<String> names = new ArrayList<>(benchmarks().keySet());
        if (opts.containsKey("only")) {
            names.retainAll(Arrays.asList(opts.get("only").split(",")));
        }
        System.out.printf("java %s, %d cpus, warmup %s x %ss, measure %s x %ss, 1 fork per benchmark%n",
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), opts.get("warmup"),
            opts.get("time"), opts.get("iterations"), opts.get("time"));
        Map<String, Double> mean = new LinkedHashMap<>();
        for (String name : names) {
            mean.put(name, fork(name, opts));
        }
        System.out.println();
        System.out.printf("%-32s %12s%n", "benchmark", "ns/op");
        mean.forEach((name, ns) -> System.out.printf("%-32s %12.1f%n", name, ns));
        for (String name : names) {
            String stem = name.substring(0, name.length() - ".old".length());
            if (name.endsWith(".old") && mean.containsKey(stem + ".new")) {
                System.out.printf("ratio old/new %-26s %6.1fx%n", stem, mean.get(name) / mean.get(stem + ".new"));
            }
        }
    }

    /** Runs one benchmark in a fresh JVM; returns its mean ns/op. */
    private static double fork(String name, Map<String, String> opts) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElse("java"), "-Xms512m", "-Xmx512m",
            "-cp", System.getProperty("java.class.path"), StatsBenchmark.class.getName(), "fork=" + name));
        opts.forEach((k, v) -> {
            if (!k.equals("only")) {
                cmd.add(k + "=" + v);
            }
        });
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        double result = Double.NaN;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println(line);
                if (line.startsWith("RESULT ")) {
                    result = Double.parseDouble(line.split(" ")[2]);
                }
            }
        }
        if (p.waitFor() != 0 || Double.isNaN(result)) {
            throw new IllegalStateException(name + " failed");
        }
        return result;
    }

    private static void runOne(String name, int warmup, int iterations, double seconds) {
        Supplier<Op> setup = benchmarks().get(name);
        if (setup == null) {
            throw new IllegalArgumentException("no benchmark " + name + "; known: " + benchmarks().keySet());
        }
        Op op = setup.get();
        long nanos = (long) (seconds * 1e9);
        int[] next = {0};
        for (int w = 0; w < warmup; w++) {
            System.out.printf("%s warmup %d: %.1f ns/op%n", name, w + 1, iteration(op, nanos, next));
        }
        double[] ns = new double[iterations];
        for (int it = 0; it < iterations; it++) {
            ns[it] = iteration(op, nanos, next);
            System.out.printf("%s iteration %d: %.1f ns/op%n", name, it + 1, ns[it]);
        }
        double mean = Arrays.stream(ns).average().orElse(Double.NaN);
        if (name.startsWith("ks.")) {
            System.out.printf("%s: %s%n", name, ksPoolSummary());
        }
        System.out.printf("RESULT %s %.3f min %.1f max %.1f%n", name, mean, Arrays.stream(ns).min().orElse(0),
            Arrays.stream(ns).max().orElse(0));
    }

    private static double iteration(Op op, long nanos, int[] next) {
        double acc = 0;
        long ops = 0;
        int i = next[0];
        long start = System.nanoTime();
        long elapsed;
        do {
            for (int k = 0; k < BATCH; k++) {
                acc += op.run(i++);
            }
            ops += BATCH;
            elapsed = System.nanoTime() - start;
        } while (elapsed < nanos);
        next[0] = i;
        sink = acc;
        return (double) elapsed / ops;
    }

    /** How the pool's tests end in the thresholded test, now that the memo is warm. */
    private static String ksPoolSummary() {
        int notReportable = 0;
        int computedSignificant = 0;
        int computedNot = 0;
        int fullSignificant = 0;
        for (double[][] xy : ksPool()) {
            KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(xy[0], xy[1], KolmogorovSmirnov.DEFAULT_EXACT_MAX,
                ALPHA, MIN_STATISTIC);
            KolmogorovSmirnov.Result full = KolmogorovSmirnov.test(xy[0], xy[1]);
            if (full.pValue() < ALPHA && full.statistic() >= MIN_STATISTIC) {
                fullSignificant++;
            }
            if (Double.isNaN(r.pValue())) {
                notReportable++;
            } else if (r.pValue() < ALPHA) {
                computedSignificant++;
            } else {
                computedNot++;
            }
        }
        return String.format("pool of 256: %d reportable by the full test; thresholded with a warm memo: %d NaN "
            + "(not computed), %d computed significant, %d computed not significant", fullSignificant, notReportable,
            computedSignificant, computedNot);
    }
}
