package io.driftwatch.forecast.model;

import static io.driftwatch.forecast.model.SeriesFixtures.seasonal;
import static io.driftwatch.forecast.model.SeriesFixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fitted smoothing parameters: the same optimum as statsmodels' SSE minimised by scipy, an SSE no worse than
 * any point of a grid, fitting is deterministic, fixed parameters stay fixed.
 */
class ParameterFittingTest {

    // statsmodels_reference.py, "fitted ..." lines: statsmodels' SSE for fixed (simple) initial states,
    // minimised over the smoothing parameters by scipy L-BFGS-B from 5^k starts: {sse, alpha, beta, gamma}
    static final double[] REF_HW_ADD = {1665.7125760296988, 0.9867801588063374, 0.05798602902536943, 0.34704010318373035
    };
    static final double[] REF_HW_MUL = {2519.879228481998, 0.8446142904731722, 0.03611897398626262, 0.40828680753843427
    };
    static final double[] REF_SES = {1062.0, 1.0};
    static final double[] REF_HOLT = {1464.158784970985, 1.0, 0.4400967997479499};

    static double fittedSse(String algorithm, Map<String, String> params, double[] y) {
        return sse(Forecasters.create(algorithm, params).fit(y).residuals());
    }

    @Test
    void sameOptimumAsStatsmodelsWithScipy() {
        double[] y = ExponentialSmoothingTextbookTest.Y;
        Map<String, String> m4 = Map.of("season_length", "4");
        assertSameOptimum(Forecasters.create("holt_winters_add", m4).fit(y), REF_HW_ADD);
        assertSameOptimum(Forecasters.create("holt_winters_mul", m4).fit(y), REF_HW_MUL);
        assertSameOptimum(Forecasters.create("ses", Map.of()).fit(y), REF_SES);
        assertSameOptimum(Forecasters.create("holt", Map.of()).fit(y), REF_HOLT);
    }

    private static void assertSameOptimum(FittedModel m, double[] ref) {
        assertThat(sse(m.residuals()))
                .isLessThanOrEqualTo(ref[0] * (1 + 1e-9))
                .isCloseTo(ref[0], within(1e-6 * ref[0]));
        String[] names = {"alpha", "beta", "gamma"};
        for (int i = 1; i < ref.length; i++) {
            assertThat(m.parameters().get(names[i - 1])).as(names[i - 1]).isCloseTo(ref[i], within(1e-4));
        }
    }

    @Test
    void sseNoWorseThanAnyGridPoint() {
        double[] y = seasonal(200, 7, 0.2, 3, false, 11);
        double fitted = fittedSse("holt_winters_add", Map.of(), y);
        double bestGrid = Double.POSITIVE_INFINITY;
        double[] grid = {0.02, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9, 1.0};
        for (double a : grid) {
            for (double b : grid) {
                for (double g : grid) {
                    Map<String, String> p = new HashMap<>(Map.of("alpha", "" + a, "beta", "" + b, "gamma", "" + g));
                    bestGrid = Math.min(bestGrid, fittedSse("holt_winters_add", p, y));
                }
            }
        }
        assertThat(fitted).isLessThanOrEqualTo(bestGrid * (1 + 1e-9));
    }

    @Test
    void dampedFitKeepsPhiInTheRecommendedRange() {
        double[] y = seasonal(300, 7, 0.3, 2, true, 5);
        Map<String, Double> p = Forecasters.create("holt_winters_mul", Map.of("damped", "true")).fit(y).parameters();
        assertThat(p.get("phi")).isBetween(EtsParameterFitter.PHI_MIN, EtsParameterFitter.PHI_MAX);
        assertThat(p.get("alpha")).isBetween(0.0, 1.0);
    }

    @Test
    void fixedParametersStayFixedAndOthersAreFitted() {
        double[] y = seasonal(100, 7, 0.1, 2, false, 3);
        Map<String, Double> p = Forecasters.create("holt_winters_add", Map.of("alpha", "0.25", "gamma", "0.05"))
                .fit(y).parameters();
        assertThat(p).containsEntry("alpha", 0.25).containsEntry("gamma", 0.05).containsEntry("phi", 1.0);
        assertThat(p.get("beta")).isBetween(0.0, 1.0);
    }

    @Test
    void fittingIsDeterministic() {
        double[] y = seasonal(400, 7, 0.05, 4, false, 9);
        Forecaster f = Forecasters.create("holt_winters_add", Map.of("damped", "true"));
        assertThat(f.fit(y).parameters()).isEqualTo(f.fit(y.clone()).parameters());
        assertThat(f.fit(y).forecast(30)).containsExactly(f.fit(y).forecast(30));
    }

    @Test
    void multiplicativeRejectsNonPositiveData() {
        double[] y = seasonal(50, 7, 0, 1, true, 1);
        y[20] = 0;
        assertThatThrownBy(() -> Forecasters.create("holt_winters_mul", Map.of()).fit(y))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("holt_winters_mul needs strictly positive data, got 0.0 at window index 20; "
                        + "use holt_winters_add for series with zeros or negatives");
    }

    @Test
    void seasonalModelsNeedTwoSeasonsForTheHeuristic() {
        assertThatThrownBy(() -> Forecasters.create("holt_winters_add", Map.of()).fit(new double[13]))
                .hasMessage("need at least 14 points (two full seasons of 7) to initialise the seasonal model, got 13");
    }

    /** Not a timed assertion: prints how long a fitted HW takes on 3 years of daily data. */
    @Test
    void performanceSanityOnThreeYearsOfDailyData() {
        double[] y = seasonal(1095, 7, 0.05, 5, true, 42);
        for (String algorithm : new String[] {"ses", "holt_damped", "holt_winters_add", "holt_winters_mul"}) {
            Forecaster f = Forecasters.create(algorithm, Map.of("damped", "true").entrySet().stream()
                    .filter(e -> !algorithm.equals("ses") && !algorithm.equals("holt_damped"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            for (int i = 0; i < 20; i++) {
                f.fit(y); // warm-up
            }
            int runs = 50;
            long start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                f.fit(y);
            }
            double fitMs = (System.nanoTime() - start) / 1e6 / runs;
            start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                f.predict(y, 14, i);
            }
            double predictMs = (System.nanoTime() - start) / 1e6 / runs;
            System.out.printf("PERF %-17s n=1095 fit %.2f ms, fit+bootstrap(200 paths, h=14) %.2f ms%n",
                    algorithm, fitMs, predictMs);
            assertThat(fitMs).isPositive();
        }
    }
}
