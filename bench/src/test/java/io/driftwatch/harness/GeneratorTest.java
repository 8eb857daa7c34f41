package io.driftwatch.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The generated streams are what the docs say: seeded, the stated changes in the stated share of series. */
class GeneratorTest {

    private static final List<Fleet> ALL = List.of(Fleet.values());
    private static final List<Shape> SHAPES = List.of(Shape.LEVEL, Shape.SCALE, Shape.GRADUAL);

    @Test
    void seededAndEachSeriesIndependentOfTheOthersInTheRun() {
        List<Series> a = Generator.generate(7, 10, 60, 40, 0.1, ALL, SHAPES);
        List<Series> b = Generator.generate(7, 10, 60, 40, 0.1, List.of(Fleet.SALES_YEARLY), List.of(Shape.SCALE));
        assertThat(a).hasSize(5 * 4 * 10);
        Series inA = a.stream().filter(s -> s.seriesId().equals("yearly-scale-0003")).findFirst().orElseThrow();
        Series inB = b.stream().filter(s -> s.seriesId().equals("yearly-scale-0003")).findFirst().orElseThrow();
        assertThat(inA.actual()).containsExactly(inB.actual());
        assertThat(Generator.generate(8, 10, 60, 40, 0.1, ALL, SHAPES).get(0).actual()).isNotEqualTo(a.get(0).actual());
    }

    @Test
    void theFirstTenthOfEachChangedModelChanges() {
        List<Series> s = Generator.generate(1, 20, 60, 40, 0.1, ALL, SHAPES);
        assertThat(s.stream().filter(Series::changed).count()).isEqualTo(5 * 3 * 2);
        assertThat(s.stream().filter(x -> x.stableModel() && x.changed()).count()).isZero();
        assertThat(s.stream()
                        .filter(x -> x.fleet() == Fleet.FX)
                        .allMatch(x -> !x.hasPrediction(6) && x.hasPrediction(7)))
                .isTrue();
    }

    /**
     * Pooled standardized errors of many series: before the change N(0,1)-like with 95% coverage; after, as injected.
     */
    @Test
    void errorsBeforeAndAfterTheChanges() {
        int n = 400;
        int change = 100;
        List<Series> s = Generator.generate(3, n, 160, change, 1.0, List.of(Fleet.SALES_WEEKLY), SHAPES);
        for (Series x : s) {
            assertThat(x.changed()).isEqualTo(x.shape() != Shape.NONE);
        }
        double[] stable = moments(s, Shape.NONE, 1, 160);
        assertThat(stable[0]).isCloseTo(0, within(0.02));
        assertThat(stable[1]).isCloseTo(1, within(0.02));
        assertThat(stable[2]).isCloseTo(0.95, within(0.005));
        assertThat(moments(s, Shape.LEVEL, change, 160)[0]).isCloseTo(3, within(0.03));
        assertThat(moments(s, Shape.SCALE, change, 160)[1]).isCloseTo(2, within(0.04));
        assertThat(moments(s, Shape.GRADUAL, change + 30, 160)[0]).isCloseTo(3, within(0.03));
        assertThat(moments(s, Shape.GRADUAL, change + 14, change + 15)[0]).isCloseTo(1.5, within(0.15));
    }

    @Test
    void heavyTailedIntervalsCoverNinetyFivePercent() {
        List<Series> s =
                Generator.generate(4, 400, 100, 99, 0, List.of(Fleet.HEAVY_TAILED, Fleet.INTERMITTENT), List.of());
        for (Fleet f : List.of(Fleet.HEAVY_TAILED, Fleet.INTERMITTENT)) {
            long in = 0;
            long all = 0;
            for (Series x : s.stream().filter(x -> x.fleet() == f).toList()) {
                for (int t = 1; t < 100; t++) {
                    all++;
                    in += x.actual()[t] >= x.lower()[t] && x.actual()[t] <= x.upper()[t] ? 1 : 0;
                }
            }
            assertThat((double) in / all).as(f.id).isCloseTo(0.95, within(0.006));
        }
    }

    /** {mean, sd, interval coverage} of (actual - yhat) / noiseSd over the series of one shape and days [from, to). */
    private static double[] moments(List<Series> s, Shape shape, int from, int to) {
        double sum = 0;
        double sq = 0;
        long in = 0;
        long n = 0;
        for (Series x : s.stream().filter(x -> x.shape() == shape).toList()) {
            for (int t = from; t < to; t++) {
                double z = (x.actual()[t] - x.yhat()[t]) / x.noiseSd();
                sum += z;
                sq += z * z;
                in += x.actual()[t] >= x.lower()[t] && x.actual()[t] <= x.upper()[t] ? 1 : 0;
                n++;
            }
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(sq / n - mean * mean), (double) in / n};
    }
}
