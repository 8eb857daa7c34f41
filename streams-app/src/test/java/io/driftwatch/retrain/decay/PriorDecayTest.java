package io.driftwatch.retrain.decay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PriorDecayTest {

    @Test
    void multipliesByTheFactorAndResetsWeakPriorsToUniform() {
        assertThat(PriorDecay.decay(10, 5, 0.9)).containsExactly(9.0, 4.5);
        assertThat(PriorDecay.decay(1.5, 0.7, 0.9)).containsExactly(1.0, 1.0); // 1.35 + 0.63 = 1.98 < 2
        assertThat(PriorDecay.decay(1.2, 1.0, 0.9)).containsExactly(1.0, 1.0); // 1.08 + 0.9 = 1.98 < 2
        assertThat(PriorDecay.decay(1.2, 1.2, 0.9)).containsExactly(1.2 * 0.9, 1.2 * 0.9); // 2.16 >= 2: kept
    }

    @Test
    void decaysSinglePriorOfABanditConfigAndEveryArm() {
        Map<String, String> out = PriorDecay.apply("thompson_bandit", Map.of("alpha", "20", "beta", "10",
                "arm.a.alpha", "3", "arm.a.beta", "2", "arm.b.alpha", "1", "arm.b.beta", "1", "other", "x"), 0.9);
        assertThat(out).containsEntry("alpha", "18").containsEntry("beta", "9")
                .containsEntry("arm.a.alpha", "2.7").containsEntry("arm.a.beta", "1.8")
                .containsEntry("arm.b.alpha", "1").containsEntry("arm.b.beta", "1")
                .containsEntry("other", "x");
    }

    @Test
    void smoothingWeightsOfForecastersAreNotPriors() {
        Map<String, String> ses = Map.of("alpha", "0.3", "beta", "0.1");
        assertThat(PriorDecay.hasPrior("holt", ses)).isFalse();
        assertThat(PriorDecay.apply("holt", ses, 0.9)).isEqualTo(ses);
        assertThat(PriorDecay.hasPrior("holt", Map.of("arm.x.alpha", "2", "arm.x.beta", "2"))).isTrue();
    }

    @Test
    void rejectsBadValuesAndFactors() {
        assertThatThrownBy(() -> PriorDecay.apply("bandit", Map.of("alpha", "-1", "beta", "2"), 0.9))
                .hasMessage("bandit prior alpha must be a finite number > 0, got '-1'");
        assertThatThrownBy(() -> PriorDecay.apply("bandit", Map.of(), 1.5)).hasMessageContaining("(0, 1]");
    }
}
