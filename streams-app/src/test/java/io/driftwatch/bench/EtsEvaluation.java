package io.driftwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.driftwatch.forecast.backtest.Backtest;
import io.driftwatch.forecast.model.AutoEts;
import io.driftwatch.forecast.model.Forecast;
import io.driftwatch.retrain.offline.OfflineTuning;
import io.driftwatch.retrain.search.Candidate;
import io.driftwatch.retrain.search.CandidateScore;
import io.driftwatch.retrain.search.SearchSettings;

/**
 * The forecast evaluation of docs/forecaster.md: every series of {@code bench/eval} (see its
 * README), M-competition rules (the last h points held out, one forecast from the origin before
 * them), scored by RMSE, MASE and sMAPE and the 95 % interval's coverage, for our choice and, from
 * {@code bench/eval/peers.csv}, R's {@code ets}, {@code thetaf} and {@code snaive}. Modes:
 * {@code selection} (default) is what {@code ./driftwatch backtest} and the retrain service do
 * ({@link OfflineTuning}, strategy auto: AICc shortlist, 30-point backtest as tie-breaker and gate, seed 42);
 * {@code thorough} and {@code fast} are {@link AutoEts} alone (AICc only), with and without the
 * final polish of each fit. Prints the per-series table (in {@code selection}, "x f" after the
 * chosen member: its intervals widened by f, see {@code IntervalCalibration}), the geometric means of
 * the RMSE ratios, and the coverage without that widening and with narrowing allowed too. A
 * {@code main}, not a test.
 *
 * <pre>
 * java -cp streams-app/target/test-classes:streams-app/target/classes:$(cat /tmp/cp.txt) \
 *     io.driftwatch.bench.EtsEvaluation [bench/eval] [selection|thorough|fast]
 * </pre>
 */
public final class EtsEvaluation {

    private EtsEvaluation() {
    }

    record Peer(double[] yhat, double[] lo, double[] hi, String model) {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/eval");
        String mode = args.length > 1 ? args[1] : "selection";
        boolean thorough = !mode.equals("fast");
        SearchSettings settings = new SearchSettings(SearchSettings.Strategy.AUTO, Duration.ofSeconds(600), 12,
                Runtime.getRuntime().availableProcessors(), 42L);
        Map<String, Map<String, Peer>> peers = peers(dir.resolve("peers.csv"));
        List<String> index = Files.readAllLines(dir.resolve("series.csv"));
        System.out.println(
                "| series | m | n | h | ours | R ets | RMSE ours | RMSE ets | RMSE theta | RMSE snaive | ours/ets |"
                    + " ours/snaive | MASE ours | MASE ets | sMAPE ours | sMAPE ets | cover95 ours | cover95 ets | fit"
                    + " ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        double logEts = 0;
        double logSnaive = 0;
        double logTheta = 0;
        double logEtsSnaive = 0;
        double mase = 0;
        double maseEts = 0;
        double smape = 0;
        double smapeEts = 0;
        int hits = 0;
        int hitsRaw = 0;
        int hitsBoth = 0;
        double logWiden = 0;
        int widened = 0;
        int hitsEts = 0;
        int points = 0;
        int count = 0;
        long totalNanos = 0;
        for (String line : index.subList(1, index.size())) {
            String[] c = splitCsv(line);
            String name = c[0];
            int m = Integer.parseInt(c[3]);
            int h = Integer.parseInt(c[4]);
            double[] y = values(dir.resolve("data").resolve(name + ".csv"));
            int n = y.length - h;
            double[] train = Arrays.copyOf(y, n);
            double[] test = Arrays.copyOfRange(y, n, y.length);
            long t0 = System.nanoTime();
            String chosen;
            Forecast fc;
            Forecast raw;
            double needed = Double.NaN;
            if (mode.equals("selection")) {
                OfflineTuning.Result r = OfflineTuning.run(train, h, m, Backtest.DEFAULT_WINDOW, settings);
                fc = r.forecast();
                Candidate won = r.chosen().candidate();
                chosen = won.algorithm().equals("ets") ? won.params().get("model") : won.algorithm();
                CandidateScore unwidened = r.search().evaluated().stream()
                        .filter(e -> e.candidate().index() == won.index()).findFirst().orElse(r.chosen());
                raw = unwidened.candidate().forecaster().predict(train, h, settings.seed());
                needed = unwidened.calibration().needed();
            } else {
                AutoEts.Selection sel = AutoEts.select(train, m, thorough);
                fc = sel.best().predict(h, 0.95, 2000, 42L);
                raw = fc;
                chosen = sel.best().type().code();
            }
            long nanos = System.nanoTime() - t0;
            double widen = (fc.upper()[0] - fc.yhat()[0]) / (raw.upper()[0] - raw.yhat()[0]);
            if (widen > 1 + 1e-9) {
                widened++;
                chosen += String.format(Locale.ROOT, " x%.3g", widen);
            }
            logWiden += h * Math.log(widen);
            hitsRaw += covered(test, raw.lower(), raw.upper());
            hitsBoth += Double.isFinite(needed) ? covered(test, scaled(raw, raw.lower(), needed),
                    scaled(raw, raw.upper(), needed)) : covered(test, raw.lower(), raw.upper());
            totalNanos += nanos;
            Map<String, Peer> p = peers.get(name);
            double rmse = rmse(test, fc.yhat());
            double rEts = rmse(test, p.get("ets").yhat());
            double rTheta = rmse(test, p.get("thetaf").yhat());
            double rSnaive = rmse(test, p.get("snaive").yhat());
            double scale = maseScale(train, m);
            double ma = mae(test, fc.yhat()) / scale;
            double maEts = mae(test, p.get("ets").yhat()) / scale;
            double sm = smape(test, fc.yhat());
            double smEts = smape(test, p.get("ets").yhat());
            int hit = covered(test, fc.lower(), fc.upper());
            int hitEts = covered(test, p.get("ets").lo(), p.get("ets").hi());
            logEts += Math.log(rmse / rEts);
            logSnaive += Math.log(rmse / rSnaive);
            logTheta += Math.log(rmse / rTheta);
            logEtsSnaive += Math.log(rEts / rSnaive);
            mase += ma;
            maseEts += maEts;
            smape += sm;
            smapeEts += smEts;
            hits += hit;
            hitsEts += hitEts;
            points += h;
            count++;
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %s | %s | %.4g | %.4g | %.4g | %.4g | %.3f | %.3f | %.3f | %.3f | %.2f |"
                            + " %.2f | %d/%d | %d/%d | %.0f |%n",
                    name,
                    m,
                    n,
                    h,
                    chosen,
                    p.get("ets").model().replace("ETS(", "").replace(")", "").replace(",", ""),
                    rmse,
                    rEts,
                    rTheta,
                    rSnaive,
                    rmse / rEts,
                    rmse / rSnaive,
                    ma,
                    maEts,
                    sm,
                    smEts,
                    hit,
                    h,
                    hitEts,
                    h,
                    nanos / 1e6);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "series: %d%n", count);
        System.out.printf(Locale.ROOT, "geometric mean RMSE ratio ours / R ets:    %.3f%n", Math.exp(logEts / count));
        System.out.printf(
                Locale.ROOT, "geometric mean RMSE ratio ours / R snaive: %.3f%n", Math.exp(logSnaive / count));
        System.out.printf(Locale.ROOT, "geometric mean RMSE ratio ours / R thetaf: %.3f%n", Math.exp(logTheta / count));
        System.out.printf(
                Locale.ROOT, "geometric mean RMSE ratio R ets / R snaive: %.3f%n", Math.exp(logEtsSnaive / count));
        System.out.printf(Locale.ROOT, "mean MASE ours %.3f, R ets %.3f; mean sMAPE ours %.2f, R ets %.2f%n",
                mase / count, maseEts / count, smape / count, smapeEts / count);
        System.out.printf(Locale.ROOT, "95%% interval coverage ours %.1f%% (%d/%d), R ets %.1f%% (%d/%d)%n",
                100.0 * hits / points, hits, points, 100.0 * hitsEts / points, hitsEts, points);
        System.out.printf(Locale.ROOT, "intervals widened on %d series, by a geometric mean of %.3f over the held-out"
                + " points; coverage without the widening %.1f%% (%d/%d), also narrowing %.1f%% (%d/%d)%n", widened,
                Math.exp(logWiden / points), 100.0 * hitsRaw / points, hitsRaw, points, 100.0 * hitsBoth / points,
                hitsBoth, points);
        System.out.printf(Locale.ROOT, "total select+forecast time %.1f s%n", totalNanos / 1e9);
    }

    static Map<String, Map<String, Peer>> peers(Path file) throws IOException {
        Map<String, Map<String, List<double[]>>> rows = new LinkedHashMap<>();
        Map<String, String> models = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = splitCsv(line);
            rows.computeIfAbsent(c[0], k -> new LinkedHashMap<>()).computeIfAbsent(c[1], k -> new ArrayList<>())
                    .add(new double[] {d(c[5]), d(c[6]), d(c[7])});
            models.put(c[0] + "/" + c[1], c[2]);
        }
        Map<String, Map<String, Peer>> out = new LinkedHashMap<>();
        rows.forEach((name, byMethod) -> byMethod.forEach((method, r) -> {
            double[] yhat = r.stream().mapToDouble(v -> v[0]).toArray();
            double[] lo = r.stream().mapToDouble(v -> v[1]).toArray();
            double[] hi = r.stream().mapToDouble(v -> v[2]).toArray();
            out.computeIfAbsent(name, k -> new LinkedHashMap<>())
                    .put(method, new Peer(yhat, lo, hi, models.get(name + "/" + method)));
        }));
        return out;
    }

    private static double d(String s) {
        return s.equals("NA") ? Double.NaN : Double.parseDouble(s);
    }

    static String[] splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out.toArray(new String[0]);
    }

    static double[] values(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank())
                .mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
    }

    static double rmse(double[] a, double[] f) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - f[i]) * (a[i] - f[i]);
        }
        return Math.sqrt(s / a.length);
    }

    static double mae(double[] a, double[] f) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - f[i]);
        }
        return s / a.length;
    }

    /** sMAPE in percent, M3/M4 definition: 200/h sum |a - f| / (|a| + |f|). */
    static double smape(double[] a, double[] f) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double den = Math.abs(a[i]) + Math.abs(f[i]);
            s += den == 0 ? 0 : 2 * Math.abs(a[i] - f[i]) / den;
        }
        return 100 * s / a.length;
    }

    /** MASE scale: in-sample mean absolute seasonal difference (lag m; lag 1 when m = 1). */
    static double maseScale(double[] train, int m) {
        int lag = Math.max(1, m);
        double s = 0;
        for (int i = lag; i < train.length; i++) {
            s += Math.abs(train[i] - train[i - lag]);
        }
        return s / (train.length - lag);
    }

    /** The interval bound scaled about the point forecast by {@code factor}. */
    static double[] scaled(Forecast f, double[] bound, double factor) {
        double[] out = new double[bound.length];
        for (int i = 0; i < bound.length; i++) {
            out[i] = f.yhat()[i] + factor * (bound[i] - f.yhat()[i]);
        }
        return out;
    }

    static int covered(double[] a, double[] lo, double[] hi) {
        int k = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= lo[i] && a[i] <= hi[i]) {
                k++;
            }
        }
        return k;
    }
}
