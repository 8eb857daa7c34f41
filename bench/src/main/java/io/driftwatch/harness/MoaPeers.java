package io.driftwatch.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import moa.classifiers.core.driftdetection.ADWINChangeDetector;
import moa.classifiers.core.driftdetection.ChangeDetector;
import moa.classifiers.core.driftdetection.CusumDM;
import moa.classifiers.core.driftdetection.HDDM_A_Test;
import moa.classifiers.core.driftdetection.HDDM_W_Test;
import moa.classifiers.core.driftdetection.PageHinkleyDM;

/**
 * The peers: MOA's drift detectors, one instance per series and detector, with MOA's default settings, fed each
 * series' pairs in target-day order.
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

    /** Peer detectors by name, in print order. */
    public static final Map<String, Supplier<ChangeDetector>> DETECTORS = new LinkedHashMap<>();

    static {
        DETECTORS.put("moa:ADWIN", ADWINChangeDetector::new);
        DETECTORS.put("moa:PageHinkleyDM", PageHinkleyDM::new);
        DETECTORS.put("moa:CusumDM", CusumDM::new);
        DETECTORS.put("moa:HDDM_A_Test", HDDM_A_Test::new);
        DETECTORS.put("moa:HDDM_W_Test", HDDM_W_Test::new);
    }

    private static final double Z95 = 1.959963984540054;
    private static final double CAP = 4.0;

    private MoaPeers() {
    }

    /** The value fed to the peers for one pair. */
    public static double input(double actual, double yhat, double lower, double upper) {
        double s = (upper - lower) / (2 * Z95);
        return Math.min(Math.abs(actual - yhat) / s, CAP) / CAP;
    }

    /** Every flag of the named peers over every series. */
    public static List<Flag> run(List<Series> streams, List<String> names) {
        List<Flag> flags = new ArrayList<>();
        for (String name : names) {
            Supplier<ChangeDetector> factory = DETECTORS.get(name);
            if (factory == null) {
                throw new IllegalArgumentException("unknown peer '" + name + "'; known: " + DETECTORS.keySet());
            }
            for (Series s : streams) {
                ChangeDetector d = factory.get();
                d.prepareForUse();
                d.resetLearning();
                for (int t = 0; t < s.days(); t++) {
                    if (!s.hasPrediction(t)) {
                        continue;
                    }
                    d.input(input(s.actual()[t], s.yhat()[t], s.lower()[t], s.upper()[t]));
                    if (d.getChange()) {
                        flags.add(new Flag(name, s.modelId(), s.seriesId(), t + 1, false, null));
                    }
                }
            }
        }
        return flags;
    }
}
