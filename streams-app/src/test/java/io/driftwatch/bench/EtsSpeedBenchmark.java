package io.driftwatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import io.driftwatch.forecast.model.AutoEts;
import io.driftwatch.forecast.model.EtsType;
import io.driftwatch.retrain.offline.OfflineTuning;
import io.driftwatch.retrain.search.SearchSettings;

/**
 * Time of {@link AutoEts#select} (fit every admissible ETS model by maximum likelihood, pick by
 * AICc) on 500-point series: the first 500 points of bench/eval's {@code taylor_hourly} (m = 24)
 * and {@code gold} (m = 1), {@code co2} (all 468 points, m = 12), and 500 days of the synthetic
 * daily series of docs/benchmarks.md (m = 7). A {@code main}, not a test: 3 warm-up rounds, then
 * the median and min of {@code rounds} timed selections per series, thorough (the default) and fast
 * (no final polish, as the backtest's refits). First, the default search of
 * {@code ./driftwatch backtest} ({@code OfflineTuning.run}: AICc stage, backtest of baselines and
 * shortlist, forecast) on the 3-year daily series of docs/benchmarks.md, in the JVM (no start-up).
 *
 * <pre>
 * java -cp streams-app/target/test-classes:streams-app/target/classes:$(cat /tmp/cp.txt) \
 *     io.driftwatch.bench.EtsSpeedBenchmark [bench/eval] [rounds]
 * </pre>
 */
public final class EtsSpeedBenchmark {

    private EtsSpeedBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/eval");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        double[] daily = new double[500];
        Random r = new Random(7);
        for (int t = 0; t < daily.length; t++) {
            daily[t] = 100
                    + 0.05 * t
                    + 15 * Math.sin(2 * Math.PI * (t % 7) / 7)
                    + 5 * Math.sin(2 * Math.PI * t / 365.25)
                    + 3 * r.nextGaussian();
        }
        Object[][] cases = {
            {"daily synthetic (m=7)", daily, 7},
            {"taylor_hourly[0..500) (m=24)", head(EtsEvaluation.values(dir.resolve("data/taylor_hourly.csv")), 500), 24
            },
            {"co2 (m=12)", head(EtsEvaluation.values(dir.resolve("data/co2.csv")), 500), 12},
            {"gold[0..500) (m=1)", head(EtsEvaluation.values(dir.resolve("data/gold.csv")), 500), 1},
        };
        // the default search of ./driftwatch backtest (OfflineTuning) on 3 years of daily data, horizon 7
        double[] y3 = new double[1095];
        Random r3 = new Random(7);
        for (int t = 0; t < y3.length; t++) {
            y3[t] = 100 + 0.05 * t + 15 * Math.sin(2 * Math.PI * (t % 7) / 7) + 5 * Math.sin(2 * Math.PI * t / 365.25)
                    + 3 * r3.nextGaussian();
        }
        SearchSettings settings = SearchSettings.defaults();
        for (int i = 0; i < 2; i++) {
            OfflineTuning.run(y3, 7, 7, 30, settings);
        }
        long[] sn = new long[Math.max(3, rounds / 2)];
        for (int i = 0; i < sn.length; i++) {
            long t0 = System.nanoTime();
            OfflineTuning.run(y3, 7, 7, 30, settings);
            sn[i] = System.nanoTime() - t0;
        }
        Arrays.sort(sn);
        long a0 = System.nanoTime();
        AutoEts.select(y3, 7);
        long aicc = System.nanoTime() - a0;
        System.out.printf(
                Locale.ROOT,
                "%-32s n=1095 default search (AICc + backtest + forecast)  median %.0f ms  min %.0f ms"
                        + " (of which AICc stage %.0f ms)%n",
                "3y daily synthetic (m=7)",
                sn[sn.length / 2] / 1e6,
                sn[0] / 1e6,
                aicc / 1e6);
        for (Object[] c : cases) {
            double[] y = (double[]) c[1];
            int m = (int) c[2];
            for (int i = 0; i < 3; i++) {
                AutoEts.select(y, m);
            }
            long[] ns = new long[rounds];
            String chosen = "";
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                chosen = AutoEts.select(y, m).best().type().code();
                ns[i] = System.nanoTime() - t0;
            }
            Arrays.sort(ns);
            long[] fast = new long[rounds];
            String chosenFast = "";
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                chosenFast = AutoEts.select(y, m, false).best().type().code();
                fast[i] = System.nanoTime() - t0;
            }
            Arrays.sort(fast);
            System.out.printf(
                    Locale.ROOT,
                    "%-32s n=%d models=%d  thorough: %s median %.1f ms min %.1f ms  |  fast: %s median"
                            + " %.1f ms min %.1f ms%n",
                    c[0],
                    y.length,
                    EtsType.admissible(m, Arrays.stream(y).allMatch(v -> v > 0)).size(),
                    chosen,
                    ns[rounds / 2] / 1e6,
                    ns[0] / 1e6,
                    chosenFast,
                    fast[rounds / 2] / 1e6,
                    fast[0] / 1e6);
        }
    }

    private static double[] head(double[] y, int n) {
        return Arrays.copyOf(y, Math.min(n, y.length));
    }
}
