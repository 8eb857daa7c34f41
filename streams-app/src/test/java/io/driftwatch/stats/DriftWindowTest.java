package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class DriftWindowTest {

    /** Shift of N(0,1) whose true KS distance is 0.03: D = 2 Phi(delta / 2) - 1. */
    private static final double SHIFT_D_003 = 2 * new NormalDistribution().inverseCumulativeProbability(0.515);

    private static DriftWindow normals(long seed, int n, double shift, int k) {
        SplittableRandom rnd = new SplittableRandom(seed);
        DriftWindow w = new DriftWindow(KolmogorovSmirnov.DEFAULT_EXACT_MAX, k);
        for (int i = 0; i < n; i++) {
            w.add(gaussian(rnd) + shift);
        }
        return w;
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    @Test
    void rawWindowsGiveTheExactTest() {
        double[] x = Lcg.ties(7, 1000, 0.0);
        double[] y = Lcg.ties(8, 1500, 3.0);
        DriftWindow a = new DriftWindow();
        DriftWindow b = new DriftWindow();
        for (double v : x) {
            a.add(v);
        }
        for (double v : y) {
            b.add(v);
        }
        KolmogorovSmirnov.Result r = DriftWindow.ksTest(a, b);
        assertThat(r.method()).isEqualTo(KolmogorovSmirnov.Method.EXACT);
        // scipy 1.10.1 ks_2samp(ties(7,1000,0), ties(8,1500,3), method='exact'), see KolmogorovSmirnovTest
        assertThat(r.pValue()).isCloseTo(0.0006398528992307828, within(1e-15));
    }

    @Test
    void switchesToSketchAboveExactMaxAndKeepsCount() {
        DriftWindow w = new DriftWindow(100, 200);
        for (int i = 0; i < 100; i++) {
            w.add(i);
        }
        assertThat(w.isExact()).isTrue();
        assertThat(w.rankError()).isZero();
        w.add(100);
        assertThat(w.isExact()).isFalse();
        assertThat(w.count()).isEqualTo(101);
        assertThat(w.rankError()).isCloseTo(2.296 / Math.pow(200, 0.9723), within(1e-3));
    }

    @Test
    void mergeStaysRawWhileItFitsAndEqualsTheWhole() {
        DriftWindow a = new DriftWindow(10, 200).add(1).add(2).add(3);
        DriftWindow b = new DriftWindow(10, 200).add(4).add(5);
        a.merge(b);
        assertThat(a.isExact()).isTrue();
        assertThat(a.count()).isEqualTo(5);
        DriftWindow big = new DriftWindow(10, 200);
        for (int i = 0; i < 8; i++) {
            big.add(i);
        }
        a.merge(big);
        assertThat(a.isExact()).isFalse();
        assertThat(a.count()).isEqualTo(13);
        assertThat(b.count()).isEqualTo(2);
    }

    @Test
    void serializationRoundTripsBothModes() {
        DriftWindow raw = new DriftWindow().add(1.5).add(-2).add(1.5);
        DriftWindow back = DriftWindow.fromBytes(raw.toBytes());
        assertThat(back.isExact()).isTrue();
        assertThat(back.toBytes()).isEqualTo(raw.toBytes());
        assertThat(raw.toBytes()).hasSize(14 + 3 * 8);

        DriftWindow a = normals(1, 50_000, 0.0, DriftWindow.DEFAULT_K);
        DriftWindow b = normals(2, 50_000, 0.1, DriftWindow.DEFAULT_K);
        DriftWindow a2 = DriftWindow.fromBytes(a.toBytes());
        assertThat(a2.isExact()).isFalse();
        assertThat(a2.count()).isEqualTo(50_000);
        assertThat(DriftWindow.ksTest(a2, b)).isEqualTo(DriftWindow.ksTest(a, b));
        assertThat(a.toBytes().length).isBetween(10_000, 20_000);
    }

    @Test
    void sketchPathDetectsTrueDistanceOfThreePercentAt100k() {
        KolmogorovSmirnov.Result r = DriftWindow.ksTest(
                normals(11, 100_000, 0.0, DriftWindow.DEFAULT_K),
                normals(12, 100_000, SHIFT_D_003, DriftWindow.DEFAULT_K));
        assertThat(r.method()).isEqualTo(KolmogorovSmirnov.Method.SKETCH);
        assertThat(r.statistic()).isCloseTo(0.03, within(0.008));
        assertThat(r.pValue()).isLessThan(0.05);
    }

    @Test
    void sketchPathDoesNotRejectIdenticalDistributions() {
        int rejections = 0;
        for (long seed = 0; seed < 10; seed++) {
            KolmogorovSmirnov.Result r = DriftWindow.ksTest(
                    normals(100 + seed, 100_000, 0.0, DriftWindow.DEFAULT_K),
                    normals(200 + seed, 100_000, 0.0, DriftWindow.DEFAULT_K));
            if (r.pValue() < 0.05) {
                rejections++;
            }
        }
        assertThat(rejections).isLessThanOrEqualTo(1);
    }

    @Test
    void mixedRawAndSketchUsesOnlyTheSketchError() {
        DriftWindow sketched = normals(21, 100_000, 0.0, DriftWindow.DEFAULT_K);
        DriftWindow raw = normals(22, 5_000, 0.5, DriftWindow.DEFAULT_K);
        assertThat(raw.isExact()).isTrue();
        KolmogorovSmirnov.Result r = DriftWindow.ksTest(raw, sketched);
        assertThat(r.method()).isEqualTo(KolmogorovSmirnov.Method.SKETCH);
        // true D for a 0.5 shift: 2 Phi(0.25) - 1 = 0.1974
        assertThat(r.statistic()).isCloseTo(0.1974, within(0.02));
        assertThat(r.pValue()).isLessThan(1e-10);
    }

    @Test
    void rejectsEmptyWindowsAndNaN() {
        assertThatThrownBy(() -> DriftWindow.ksTest(new DriftWindow(), new DriftWindow().add(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DriftWindow().add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thresholdedTestIsTheThresholdedKsTestOnRawWindowsAndTheSketchTestOtherwise() {
        DriftWindow a = new DriftWindow();
        DriftWindow b = new DriftWindow();
        double[] x = Lcg.continuous(51, 14, 0.0);
        double[] y = Lcg.continuous(52, 60, 0.4);
        for (double v : x) {
            a.add(v);
        }
        for (double v : y) {
            b.add(v);
        }
        assertThat(DriftWindow.ksTest(a, b, 0.05, 0.1))
                .isEqualTo(KolmogorovSmirnov.test(x, y, 10_000, 0.05, 0.1))
                .isEqualTo(DriftWindow.ksTest(a, b));
        assertThat(DriftWindow.ksTest(a, b, 0.05, 1.0).pValue())
                .as("D below the minimum")
                .isNaN();
        DriftWindow big = normals(53, 20_000, 0.0, 200);
        DriftWindow other = normals(54, 20_000, 0.1, 200);
        assertThat(big.isExact()).isFalse();
        assertThat(DriftWindow.ksTest(big, other, 0.05, 0.1)).isEqualTo(DriftWindow.ksTest(big, other));
        assertThatThrownBy(() -> DriftWindow.ksTest(new DriftWindow(), b, 0.05, 0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
