package io.driftwatch.forecast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Parsing and formatting of ModelConfig params, with the exact error messages. */
class ModelSpecTest {

    @Test
    void defaults() {
        ModelSpec s = ModelSpec.parse("holt_winters_mul", Map.of());
        assertThat(s.algorithm()).isEqualTo(Algorithm.HOLT_WINTERS_MUL);
        assertThat(s.contextLength()).isZero();
        assertThat(s.alpha()).isEmpty();
        assertThat(s.seasonLength()).isEqualTo(7);
        assertThat(s.damped()).isFalse();
        assertThat(s.numSamples()).isEqualTo(200);
        assertThat(s.temperature()).isEqualTo(1.0);
        assertThat(s.intervalLevel()).isEqualTo(0.95);
        assertThat(s.initialState()).isEmpty();
        assertThat(ModelSpec.defaults(Algorithm.HOLT_DAMPED).damped()).isTrue();
    }

    @Test
    void parsesEveryKey() {
        ModelSpec s = ModelSpec.parse("holt_winters_add", Map.ofEntries(
                Map.entry("context_length", "365"), Map.entry("alpha", "0.3"), Map.entry("beta", "fitted"),
                Map.entry("gamma", "0.1"), Map.entry("damped", "true"), Map.entry("phi", "0.95"),
                Map.entry("season_length", "3"), Map.entry("num_samples", "500"), Map.entry("temperature", "1.5"),
                Map.entry("interval_level", "0.8"), Map.entry("initial_level", "10"),
                Map.entry("initial_trend", "-1"), Map.entry("initial_seasonal", "1, -2,1")));
        assertThat(s).isEqualTo(new ModelSpec(Algorithm.HOLT_WINTERS_ADD, 365, OptionalDouble.of(0.3),
                OptionalDouble.empty(), OptionalDouble.of(0.1), OptionalDouble.of(0.95), 3, true, 500, 1.5, 0.8,
                Optional.of(new InitialState(10, -1, new double[] {1, -2, 1}))));
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void formatThenParseRoundTrips(Algorithm a) {
        ModelSpec s = ModelSpec.defaults(a).withTemperature(0.7);
        if (a.isExponentialSmoothing()) {
            s = s.withSmoothing(new SmoothingParams(0.25, 0.125, 0.5, 0.9));
        }
        assertThat(ModelSpec.parse(a.configName(), s.toParams())).isEqualTo(s);
        assertThat(ModelSpec.parse(a.configName(), ModelSpec.defaults(a).toParams())).isEqualTo(ModelSpec.defaults(a));
    }

    @Test
    void formatIsCanonicalAndOnlyHasApplicableKeys() {
        assertThat(ModelSpec.defaults(Algorithm.HOLT).toParams()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "alpha", "fitted", "beta", "fitted", "context_length", "0", "damped", "false",
                "interval_level", "0.95", "num_samples", "200", "temperature", "1.0")));
    }

    @Test
    void errorsNameTheKeyAndValue() {
        assertError("arima", Map.of(), "invalid model param 'algorithm'='arima': unknown algorithm; expected one of "
                + "naive, seasonal_naive, drift, ses, holt, holt_damped, holt_winters_add, holt_winters_mul, ets");
        assertError("ses", Map.of("alpha", "1.5"), "invalid model param 'alpha'='1.5': must be in [0, 1] or 'fitted'");
        assertError(
                "ses",
                Map.of("alpha", "abc"),
                "invalid model param 'alpha'='abc': must be a number in [0, 1] or 'fitted'");
        assertError(
                "holt",
                Map.of("phi", "0.9"),
                "invalid model param 'phi'='0.9': phi applies only to a damped trend (damped=true)");
        assertError(
                "holt_damped",
                Map.of("damped", "false"),
                "invalid model param 'damped'='false': holt_damped is always damped");
        assertError("holt", Map.of("damped", "yes"), "invalid model param 'damped'='yes': must be 'true' or 'false'");
        assertError("holt_winters_add", Map.of("season_length", "1"),
                "invalid model param 'season_length'='1': must be an integer in [2, 10000]");
        assertError("naive", Map.of("context_length", "-3"),
                "invalid model param 'context_length'='-3': must be an integer in [0, 2147483647]");
        assertError(
                "naive",
                Map.of("temperature", "NaN"),
                "invalid model param 'temperature'='NaN': must be a finite number >= 0");
        assertError("naive", Map.of("interval_level", "95"),
                "invalid model param 'interval_level'='95': must be a number in (0, 1), e.g. 0.95");
        assertError(
                "naive",
                Map.of("num_samples", "0"),
                "invalid model param 'num_samples'='0': must be an integer in [1, 100000]");
        assertError("holt_winters_add", Map.of("season_length", "3", "initial_level", "1", "initial_trend", "0",
                "initial_seasonal", "1,2"), "invalid model param 'initial_seasonal'='1,2': need season_length=3 "
                + "comma-separated numbers, got 2");
        assertError("holt", Map.of("initial_level", "1"),
                "invalid model param 'initial_trend'='null': required when initial_level is given");
        assertError("holt", Map.of("initial_trend", "1"),
                "invalid model param 'initial_trend'='1': fixed initial states need initial_level too");
    }

    @Test
    void unknownAndInapplicableKeysAreRejected() {
        assertError("ses", Map.of("alhpa", "0.3"), "invalid model param 'alhpa'='0.3': unknown key; known keys are "
                + "[context_length, alpha, beta, gamma, phi, season_length, damped, num_samples, temperature, "
                + "interval_level, initial_level, initial_trend, initial_seasonal, model]");
        assertError(
                "holt",
                Map.of("gamma", "0.3"),
                "invalid model param 'gamma'='0.3': does not apply to algorithm holt; its keys are [context_length,"
                        + " num_samples, temperature, interval_level, alpha, initial_level, beta, damped, phi,"
                        + " initial_trend]");
    }

    @Test
    void exceptionExposesKeyAndValue() {
        assertThatThrownBy(() -> Forecasters.create("ses", Map.of("alpha", "2")))
                .isInstanceOfSatisfying(InvalidModelSpecException.class, e -> {
                    assertThat(e.key()).isEqualTo("alpha");
                    assertThat(e.value()).isEqualTo("2");
                });
    }

    private static void assertError(String algorithm, Map<String, String> params, String message) {
        assertThatThrownBy(() -> ModelSpec.parse(algorithm, params))
                .isInstanceOf(InvalidModelSpecException.class).hasMessage(message);
    }
}
