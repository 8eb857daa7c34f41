package io.driftwatch.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import moa.classifiers.core.driftdetection.ADWINChangeDetector;
import moa.classifiers.core.driftdetection.ChangeDetector;
import moa.classifiers.core.driftdetection.CusumDM;
import moa.classifiers.core.driftdetection.HDDM_A_Test;
import moa.classifiers.core.driftdetection.HDDM_W_Test;
import moa.classifiers.core.driftdetection.PageHinkleyDM;

/**
 * The peers: MOA's drift detectors, one instance per series and detector, fed each series' pairs in target-day order
 * (within a series that is also the order in which its actuals arrive).
 * Each runs at MOA's default setting and, optionally, at its threshold calibrated to a false-flag target on separate
 * stable streams ({@link #calibrate}), so that delays compare at equal false alarms.
 *
 * <p>What they are fed: the absolute error in units of the model's own stated sd, capped at 4 and scaled to [0, 1]:
 * {@code min(|actual - yhat| / s, 4) / 4} with {@code s = (yhat_upper - yhat_lower) / (2 x 1.96)}. Why: every one of
 * these detectors looks for an <i>increase in the mean</i> of a univariate stream, and ADWIN and HDDM bound their
 * errors with Hoeffding/McDiarmid inequalities for values in [0, 1] (the 0/1 error of a classifier is what MOA feeds
 * them). The absolute standardized error rises under a level shift and under a scale change alike; standardizing by
 * the interval uses only what a monitor sees (no knowledge of the true noise); the cap keeps one heavy-tailed or
 * intermittent spike from dominating a bounded detector. The bare interval-miss bit (0/1) would also fit but throws
 * away the size of the error.
 */
public final class MoaPeers {

    /**
     * One MOA detector and the option that sets its sensitivity.
     *
     * @param grid values of that option from the least to the most sensitive (the calibration's search)
     */
    public record Peer(String name, Supplier<ChangeDetector> factory, String option, double defaultValue, double[] grid,
                       BiConsumer<ChangeDetector, Double> set) {

        public Tuned at(double value) {
            return new Tuned(this, value);
        }
    }

    /** A peer at one value of its sensitivity option. */
    public record Tuned(Peer peer, double value) {

        public String label() {
            return value == peer.defaultValue() ? peer.name() : peer.name() + " " + peer.option() + "=" + value;
        }

        ChangeDetector create() {
            ChangeDetector d = peer.factory().get();
            peer.set().accept(d, value);
            d.prepareForUse();
            d.resetLearning();
            return d;
        }
    }

    private static final double[] LAMBDAS = {50, 30, 20, 15, 10, 7, 5, 4, 3, 2, 1.5, 1, 0.7, 0.5};
    private static final double[] CONFIDENCES = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5};

    /** The peers by name, in print order. */
    public static final Map<String, Peer> PEERS = new LinkedHashMap<>();

    static {
        add(new Peer("moa:ADWIN", ADWINChangeDetector::new, "deltaAdwin", 0.002,
            new double[] {0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0},
            (d, v) -> ((ADWINChangeDetector) d).deltaAdwinOption.setValue(v)));
        add(new Peer("moa:PageHinkleyDM", PageHinkleyDM::new, "lambda", 50, LAMBDAS,
            (d, v) -> ((PageHinkleyDM) d).lambdaOption.setValue(v)));
        add(new Peer(
                "moa:CusumDM", CusumDM::new, "lambda", 50, LAMBDAS, (d, v) -> ((CusumDM) d).lambdaOption.setValue(v)));
        add(new Peer("moa:HDDM_A_Test", HDDM_A_Test::new, "driftConfidence", 0.001, CONFIDENCES,
            (d, v) -> ((HDDM_A_Test) d).driftConfidenceOption.setValue(v)));
        add(new Peer("moa:HDDM_W_Test", HDDM_W_Test::new, "driftConfidence", 0.001, CONFIDENCES,
            (d, v) -> ((HDDM_W_Test) d).driftConfidenceOption.setValue(v)));
    }

    private static void add(Peer p) {
        PEERS.put(p.name(), p);
    }

    private static final double Z95 = 1.959963984540054;
    private static final double CAP = 4.0;

    private MoaPeers() {
    }

    public static Peer peer(String name) {
        Peer p = PEERS.get(name.startsWith("moa:") ? name : "moa:" + name);
        if (p == null) {
            throw new IllegalArgumentException("unknown peer '" + name + "'; known: " + PEERS.keySet());
        }
        return p;
    }

    /** The value fed to the peers for one pair. */
    public static double input(double actual, double yhat, double lower, double upper) {
        double s = (upper - lower) / (2 * Z95);
        return Math.min(Math.abs(actual - yhat) / s, CAP) / CAP;
    }

    /** Every flag of the given peers over every series; a flag's detector is the peer's label. */
    public static List<Flag> run(List<Series> streams, List<Tuned> peers) {
        List<Flag> flags = new ArrayList<>();
        for (Tuned peer : peers) {
            for (Series s : streams) {
                ChangeDetector d = peer.create();
                for (int t = 0; t < s.days(); t++) {
                    if (!s.hasPrediction(t)) {
                        continue;
                    }
                    d.input(input(s.actual()[t], s.yhat()[t], s.lower()[t], s.upper()[t]));
                    if (d.getChange()) { // the actual of day t arrives on day t + label delay; flagged by the next day
                        flags.add(new Flag(
                                peer.label(),
                                s.modelId(),
                                s.seriesId(),
                                t + s.fleet().labelDelayDays + 1,
                                false,
                                null));
                    }
                }
            }
        }
        return flags;
    }

    /**
     * The most sensitive value of the peer's option (along its grid) whose false flags on {@code stable} (series of
     * stable models only, scored as {@code params} say) stay at or below {@code perThousand} per 1,000 series-days;
     * the grid's first value if none does. The grid is walked from the least sensitive end and stops at the first
     * value above the target.
     */
    public static Tuned calibrate(Peer peer, List<Series> stable, Scoring.Params params, double perThousand) {
        Scoring scoring = new Scoring(params, stable);
        Tuned best = peer.at(peer.grid()[0]);
        for (double v : peer.grid()) {
            Tuned t = peer.at(v);
            double rate = scoring.perSeries(run(stable, List.of(t)), Set.of(t.label())).get(0).falsePerThousand();
            if (rate > perThousand) {
                break;
            }
            best = t;
        }
        return best;
    }
}
