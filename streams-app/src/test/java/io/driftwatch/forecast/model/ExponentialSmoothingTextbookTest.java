package io.driftwatch.forecast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With fixed smoothing parameters and fixed initial states the production models must reproduce
 * the fpp3 component-form recursion ({@link Textbook}) exactly, for in-sample residuals and for
 * every forecast step, including steps m, 2m (where statsmodels 0.13 differs, see
 * {@link StatsmodelsReferenceTest}).
 */
class ExponentialSmoothingTextbookTest {

    static final double[] Y = {30, 21, 29, 31, 40, 48, 53, 47, 37, 39, 31, 36,
                               45, 51, 55, 48, 40, 43, 38, 42, 50, 58, 61, 52};
    static final int H = 10;
    static final double A = 0.3;
    static final double B = 0.1;
    static final double G = 0.2;
    static final double PHI = 0.9;
    static final double L0 = 30;
    static final double B0 = 0.5;
    static final double[] S_ADD = {-3, -7, 2, 8};
    static final double[] S_MUL = {0.9, 0.8, 1.05, 1.25};

    static FittedModel fit(String algorithm, Map<String, String> extra, InitialState init) {
        ModelSpec spec = ModelSpec.parse(algorithm, extra)
                .withSmoothing(new SmoothingParams(A, B, G, PHI)).withInitialState(init);
        return Forecasters.create(spec).fit(Y);
    }

    static void assertMatches(FittedModel model, Textbook ref) {
        assertThat(model.forecast(H)).containsExactly(ref.forecast, within(1e-9));
        assertThat(model.residuals()).containsExactly(ref.residuals, within(1e-9));
    }

    @Test
    void sesEqualsTextbook() {
        FittedModel m = fit("ses", Map.of(), new InitialState(L0, 0, new double[0]));
        assertMatches(m, new Textbook(Y, Textbook.Season.NONE, false, A, 0, 0, 1, L0, 0, new double[0], H));
    }

    @Test
    void holtEqualsTextbook() {
        FittedModel m = fit("holt", Map.of(), new InitialState(L0, B0, new double[0]));
        assertMatches(m, new Textbook(Y, Textbook.Season.NONE, true, A, B, 0, 1, L0, B0, new double[0], H));
    }

    @Test
    void dampedHoltEqualsTextbook() {
        FittedModel m = fit("holt_damped", Map.of(), new InitialState(L0, B0, new double[0]));
        assertMatches(m, new Textbook(Y, Textbook.Season.NONE, true, A, B, 0, PHI, L0, B0, new double[0], H));
    }

    @Test
    void holtWintersAdditiveEqualsTextbook() {
        FittedModel m = fit("holt_winters_add", Map.of("season_length", "4"), new InitialState(L0, B0, S_ADD));
        assertMatches(m, new Textbook(Y, Textbook.Season.ADD, true, A, B, G, 1, L0, B0, S_ADD, H));
    }

    @Test
    void dampedHoltWintersAdditiveEqualsTextbook() {
        FittedModel m = fit("holt_winters_add", Map.of("season_length", "4", "damped", "true"),
                new InitialState(L0, B0, S_ADD));
        assertMatches(m, new Textbook(Y, Textbook.Season.ADD, true, A, B, G, PHI, L0, B0, S_ADD, H));
    }

    @Test
    void holtWintersMultiplicativeEqualsTextbook() {
        FittedModel m = fit("holt_winters_mul", Map.of("season_length", "4"), new InitialState(L0, B0, S_MUL));
        assertMatches(m, new Textbook(Y, Textbook.Season.MUL, true, A, B, G, 1, L0, B0, S_MUL, H));
    }

    @Test
    void dampedHoltWintersMultiplicativeEqualsTextbook() {
        FittedModel m = fit("holt_winters_mul", Map.of("season_length", "4", "damped", "true"),
                new InitialState(L0, B0, S_MUL));
        assertMatches(m, new Textbook(Y, Textbook.Season.MUL, true, A, B, G, PHI, L0, B0, S_MUL, H));
    }

    @Test
    void holtWithDampedTrueIsHoltDamped() {
        InitialState init = new InitialState(L0, B0, new double[0]);
        assertThat(fit("holt", Map.of("damped", "true"), init).forecast(H))
                .containsExactly(fit("holt_damped", Map.of(), init).forecast(H));
    }

    @Test
    void simulateWithZeroInnovationsEqualsForecast() {
        FittedModel m = fit("holt_winters_mul", Map.of("season_length", "4"), new InitialState(L0, B0, S_MUL));
        assertThat(m.simulate(new double[H])).containsExactly(m.forecast(H), within(1e-9));
    }

    @Test
    void parametersReportWhatWasUsed() {
        FittedModel m = fit("holt_damped", Map.of(), new InitialState(L0, B0, new double[0]));
        assertThat(m.parameters()).containsEntry("alpha", A).containsEntry("beta", B).containsEntry("phi", PHI)
                .containsEntry("initial_level", L0).containsEntry("initial_trend", B0);
    }
}
