package io.driftwatch.forecast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Automatic selection, the seasonal-strength guard and the model's intervals. */
class AutoEtsTest {

    @Test
    void seasonalStrengthIsHighForSeasonalSeriesAndLowForNoise() throws IOException {
        assertThat(AutoEts.seasonalStrength(EtsReferenceTest.load("AirPassengers"), 12)).isGreaterThan(0.8);
        assertThat(AutoEts.seasonalStrength(EtsReferenceTest.load("UKgas"), 4)).isGreaterThan(0.8);
        SplittableRandom r = new SplittableRandom(3);
        double[] noise = new double[200];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 100 + r.nextGaussian();
        }
        assertThat(AutoEts.seasonalStrength(noise, 12)).isLessThan(0.3);
        assertThatThrownBy(() -> AutoEts.seasonalStrength(noise, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStronglySeasonalSeriesNeverGetsANonSeasonalModel() throws IOException {
        // short noisy histories are where AICc alone can prefer a model without season: the guard
        // must hold on every one of these windows of real, strongly seasonal series
        for (String name : new String[] {"AirPassengers", "USAccDeaths", "UKgas", "co2"}) {
            double[] y = EtsReferenceTest.load(name);
            int m = name.equals("UKgas") ? 4 : 12;
            for (int len = 3 * m; len <= Math.min(y.length, 6 * m); len += m) {
                double[] w = Arrays.copyOf(y, len);
                AutoEts.Selection s = AutoEts.select(w, m, false);
                assertThat(s.seasonalStrength())
                        .as(name + " first " + len)
                        .isGreaterThanOrEqualTo(AutoEts.STRONG_SEASON);
                assertThat(s.best().type().seasonal()).as(name + " first " + len + ": " + s.reason()).isTrue();
            }
        }
    }

    @Test
    void theGuardOverridesAicc() {
        // a clean season on a slow random walk, four years: the winner is the best seasonal model by
        // AICc, and the reason says so whenever a non-seasonal model had the lower AICc
        SplittableRandom r = new SplittableRandom(11);
        double[] y = new double[48];
        double level = 100;
        for (int i = 0; i < y.length; i++) {
            level += r.nextGaussian() * 0.2;
            y[i] = level + 3 * Math.sin(2 * Math.PI * i / 12) + 0.3 * r.nextGaussian();
        }
        AutoEts.Selection s = AutoEts.select(y, 12, false);
        assertThat(s.seasonalStrength()).isGreaterThanOrEqualTo(AutoEts.STRONG_SEASON);
        assertThat(s.seasonalOnly()).isTrue();
        assertThat(s.best().type().seasonal()).isTrue();
        double bestSeasonal = s.candidates().stream().filter(c -> c.type().seasonal())
                .mapToDouble(AutoEts.Candidate::aicc).min().orElseThrow();
        assertThat(s.best().aicc()).isEqualTo(bestSeasonal);
        boolean aiccAlonePicksNonSeasonal = s.candidates().stream().anyMatch(c -> !c.type().seasonal()
                && c.aicc() < bestSeasonal);
        assertThat(s.reason().contains("restricted to seasonal")).isEqualTo(aiccAlonePicksNonSeasonal);
    }

    @Test
    void nonSeasonalSeriesGetTheNonSeasonalFamily() throws IOException {
        AutoEts.Selection s = AutoEts.select(EtsReferenceTest.load("Nile"), 1);
        assertThat(s.candidates()).hasSize(6).allMatch(c -> !c.type().seasonal());
        assertThat(s.seasonalStrength()).isNaN();
        assertThat(s.best().type().code()).isIn("ANN", "MNN"); // R's ets: ETS(M,N,N) on the whole series
    }

    @Test
    void choosesAMultiplicativeSeasonForAirPassengersAsROnlyOnAicc() throws IOException {
        AutoEts.Selection s = AutoEts.select(EtsReferenceTest.load("AirPassengers"), 12);
        assertThat(s.best().type().error()).isEqualTo(EtsType.Error.M);
        assertThat(s.best().type().season()).isEqualTo(EtsType.Season.M);
        double bestAicc = s.best().aicc();
        assertThat(s.candidates()).allMatch(c -> c.aicc() >= bestAicc);
    }

    @Test
    void analyticIntervalsWidenWithTheHorizonAndMatchSimulation() throws IOException {
        double[] y = EtsReferenceTest.load("Nile");
        EtsFit fit = EtsEstimator.fit(y, 1, EtsType.parse("ANN"));
        Forecast f = fit.predict(6, 0.95, 1, 1L);
        double[] w = new double[6];
        for (int k = 0; k < 6; k++) {
            w[k] = f.upper()[k] - f.lower()[k];
        }
        assertThat(w[5]).isGreaterThan(w[0]);
        // var_h = sigma2 (1 + (h-1) alpha^2) for ANN
        double expected = 2 * 1.959963984540054 * Math.sqrt(fit.sigma2() * (1 + 5 * fit.alpha() * fit.alpha()));
        assertThat(w[5]).isCloseTo(expected, Assertions.within(1e-9 * expected));
        // simulation of the same model (MNN is simulated; compare ANN's analytic width with simulated ANN paths)
        double[] paths = new double[20000];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < paths.length; i++) {
            double[] eps = new double[6];
            for (int k = 0; k < 6; k++) {
                eps[k] = Math.sqrt(fit.sigma2()) * r.nextGaussian();
            }
            paths[i] = fit.simulate(eps)[5];
        }
        Arrays.sort(paths);
        double simWidth = ResidualBootstrap.quantile(paths, 0.975) - ResidualBootstrap.quantile(paths, 0.025);
        assertThat(simWidth).isCloseTo(w[5], Assertions.within(0.03 * w[5]));
    }

    @Test
    void theLikelihoodLoopAndTheStepRecursionAgree() throws IOException {
        // EtsCalc.logLik inlines EtsCalc.step: recompute the likelihood from the residuals step produced
        double[] y = EtsReferenceTest.load("AirPassengers");
        for (String code : new String[] {"MAM", "AAdA", "MNA", "ANN"}) {
            EtsFit fit = EtsEstimator.fit(y, 12, EtsType.parse(code), false);
            double[] r = fit.residuals();
            double sse = 0;
            double sumLog = 0;
            for (int i = 0; i < y.length; i++) {
                double mu = y[i] - r[i];
                double e = code.startsWith("M") ? r[i] / mu : r[i];
                sse += e * e;
                sumLog += code.startsWith("M") ? Math.log(mu) : 0;
            }
            double ll = -0.5 * y.length * (Math.log(2 * Math.PI * sse / y.length) + 1) - sumLog;
            assertThat(fit.logLik()).as(code).isCloseTo(ll, Assertions.within(1e-9 * Math.abs(ll)));
        }
    }
}
