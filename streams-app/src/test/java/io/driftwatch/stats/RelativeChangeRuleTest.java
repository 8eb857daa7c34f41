package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.stats.RelativeChangeRule.Direction;
import org.junit.jupiter.api.Test;

class RelativeChangeRuleTest {

    @Test
    void basketSizeEitherWay() {
        // 4.0 -> 5.2: +30% > 25%; 4.0 -> 3.1: -22.5%, not beyond 25%
        RelativeChangeRule.Outcome up = RelativeChangeRule.BASKET_SIZE.evaluate(5.2, 4.0);
        assertThat(up.change()).isCloseTo(0.30, within(1e-12));
        assertThat(up.fired()).isTrue();
        assertThat(RelativeChangeRule.BASKET_SIZE.evaluate(3.1, 4.0).change()).isCloseTo(-0.225, within(1e-12));
        assertThat(RelativeChangeRule.BASKET_SIZE.evaluate(3.1, 4.0).fired()).isFalse();
        assertThat(RelativeChangeRule.BASKET_SIZE.evaluate(2.9, 4.0).fired()).isTrue(); // -27.5%
    }

    @Test
    void bundleSupportOnlyDrops() {
        // support 0.20 -> 0.11: -45% fires; 0.20 -> 0.40: +100% does not (wrong direction)
        assertThat(RelativeChangeRule.TOP_BUNDLE_SUPPORT_DROP
                        .evaluate(0.11, 0.20)
                        .fired())
                .isTrue();
        assertThat(RelativeChangeRule.TOP_BUNDLE_SUPPORT_DROP
                        .evaluate(0.13, 0.20)
                        .fired())
                .isFalse();
        assertThat(RelativeChangeRule.TOP_BUNDLE_SUPPORT_DROP
                        .evaluate(0.40, 0.20)
                        .fired())
                .isFalse();
    }

    @Test
    void recencyFrequencyAndStrictness() {
        assertThat(RelativeChangeRule.RECENCY.evaluate(13.0, 10.0).fired()).isFalse(); // exactly 30%
        assertThat(RelativeChangeRule.RECENCY.evaluate(13.5, 10.0).fired()).isTrue();
        assertThat(RelativeChangeRule.FREQUENCY.evaluate(1.5, 2.0).fired()).isFalse(); // exactly -25%
        assertThat(RelativeChangeRule.FREQUENCY.evaluate(1.4, 2.0).fired()).isTrue();
        RelativeChangeRule up = new RelativeChangeRule(0.1, Direction.INCREASE);
        assertThat(up.evaluate(0.5, 1.0).fired()).isFalse();
        assertThat(up.evaluate(-0.5, -1.0).change()).isCloseTo(0.5, within(1e-15)); // -1 -> -0.5
    }

    @Test
    void zeroReferenceAndValidation() {
        assertThat(RelativeChangeRule.relativeChange(0, 0)).isZero();
        assertThat(RelativeChangeRule.relativeChange(2, 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(RelativeChangeRule.BASKET_SIZE.evaluate(Double.NaN, 1).fired())
                .isFalse();
        assertThatThrownBy(() -> new RelativeChangeRule(0, Direction.DROP))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
