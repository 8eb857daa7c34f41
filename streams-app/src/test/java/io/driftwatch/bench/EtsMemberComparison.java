package io.driftwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.driftwatch.forecast.model.AutoEts;
import io.driftwatch.forecast.model.EtsEstimator;
import io.driftwatch.forecast.model.EtsFit;
import io.driftwatch.forecast.model.EtsType;

/**
 * Fit quality member by member against R's {@code forecast::ets}: for every series of
 * {@code bench/eval} (the training part, the last h points held out as {@link EtsEvaluation} does)
 * and every admissible {@link EtsType}, our maximum log-likelihood and AICc next to R's, from the
 * CSV {@code bench/eval/ets-members.R} writes. All log-likelihoods are on R's scale (R's
 * {@code fit$loglik} leaves out the Gaussian constant -n/2 (log(2 pi / n) + 1) that ours has).
 *
 * <p>Columns: {@code sel} is what {@link AutoEts#select} ranks the member by ({@code exact} false:
 * the profile stage's lower bound), {@code full} is {@link EtsEstimator#fit}, {@code atR} is our
 * likelihood evaluated at R's parameters and initial states (equal to R's value when both
 * compute the same quantity), {@code gap} = R's minus our full fit's (positive: R's optimum is
 * better). A {@code main}, not a test.
 *
 * <pre>
 * java -cp streams-app/target/test-classes:streams-app/target/classes:$(cat /tmp/cp.txt) \
 *     io.driftwatch.bench.EtsMemberComparison [bench/eval] [r-members.csv]
 * </pre>
 */
public final class EtsMemberComparison {

    private EtsMemberComparison() {
    }

    record RFit(double logLik, double aicc, double alpha, double beta, double gamma, double phi, double l0, double b0,
                double[] seasonals) {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/eval");
        Map<String, RFit> r = args.length > 1 ? readR(Path.of(args[1])) : Map.of();
        List<String> index = Files.readAllLines(dir.resolve("series.csv"));
        System.out.println("name,m,n,model,exact,ll_sel,ll_full,ll_R,ll_atR,gap,aicc_sel,aicc_full,aicc_R,ms_full");
        for (String line : index.subList(1, index.size())) {
            String[] c = EtsEvaluation.splitCsv(line);
            String name = c[0];
            int m = Integer.parseInt(c[3]);
            int h = Integer.parseInt(c[4]);
            double[] y = EtsEvaluation.values(dir.resolve("data").resolve(name + ".csv"));
            double[] train = Arrays.copyOf(y, y.length - h);
            int n = train.length;
            double shift = 0.5 * n * (Math.log(2 * Math.PI / n) + 1);
            AutoEts.Selection sel = AutoEts.select(train, m, true);
            for (AutoEts.Candidate cand : sel.candidates()) {
                EtsType type = cand.type();
                long t0 = System.nanoTime();
                EtsFit full;
                try {
                    full = EtsEstimator.fit(train, m, type);
                } catch (IllegalArgumentException e) {
                    full = null;
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                RFit rf = r.get(name + "/" + type.code());
                double atR = Double.NaN;
                if (rf != null) {
                    atR = EtsEstimator.logLik(train, m, type, rf.alpha(), rf.beta(), rf.gamma(), rf.phi(), rf.l0(),
                            rf.b0(), rf.seasonals()) + shift;
                }
                double llSel = cand.fit().map(f -> f.logLik() + shift).orElse(Double.NaN);
                double aiccSel = cand.fit().map(f -> f.aicc() - 2 * shift).orElse(Double.NaN);
                double llFull = full == null ? Double.NaN : full.logLik() + shift;
                double aiccFull = full == null ? Double.NaN : full.aicc() - 2 * shift;
                double llR = rf == null ? Double.NaN : rf.logLik();
                System.out.printf(Locale.ROOT, "%s,%d,%d,%s,%b,%.4f,%.4f,%.4f,%.4f,%.4f,%.3f,%.3f,%.3f,%.1f%n", name,
                        m, n, type.code(), cand.exact(), llSel, llFull, llR, atR, llR - llFull, aiccSel, aiccFull,
                        rf == null ? Double.NaN : rf.aicc(), ms);
            }
        }
    }

    static Map<String, RFit> readR(Path csv) throws IOException {
        Map<String, RFit> out = new HashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            double[] seas = c[12].isBlank() ? new double[0]
                    : Arrays.stream(c[12].split(";")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
            out.put(c[0] + "/" + c[3], new RFit(d(c[4]), d(c[5]), d(c[6]), d(c[7]), d(c[8]), d(c[9]), d(c[10]),
                    d(c[11]), seas));
        }
        return out;
    }

    private static double d(String s) {
        return s.isBlank() || s.equals("NA") ? Double.NaN : Double.parseDouble(s);
    }
}
