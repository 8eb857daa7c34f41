package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.stats.SeverityRules.Level;
import org.junit.jupiter.api.Test;

class SeverityRulesTest {

    @Test
    void degradationBoundariesAreInclusive() {
        assertThat(SeverityRules.fromDegradation(0.1499)).isEqualTo(Level.LOW);
        assertThat(SeverityRules.fromDegradation(0.15)).isEqualTo(Level.MEDIUM);
        assertThat(SeverityRules.fromDegradation(0.2999)).isEqualTo(Level.MEDIUM);
        assertThat(SeverityRules.fromDegradation(0.30)).isEqualTo(Level.HIGH);
        assertThat(SeverityRules.fromDegradation(0.50)).isEqualTo(Level.CRITICAL);
        assertThat(SeverityRules.fromDegradation(-0.2)).isEqualTo(Level.LOW);
        assertThat(SeverityRules.fromDegradation(Double.NaN)).isEqualTo(Level.LOW);
    }

    @Test
    void degradationFromRmse() {
        // (11.5 - 10) / 10 = 0.15 exactly as the literal 0.15 (11.5 / 10 - 1 would give 0.1499...)
        assertThat(SeverityRules.degradation(11.5, 10.0)).isEqualTo(0.15);
        assertThat(SeverityRules.fromDegradation(SeverityRules.degradation(11.5, 10.0)))
                .isEqualTo(Level.MEDIUM);
        assertThat(SeverityRules.degradation(13.0, 10.0)).isCloseTo(0.3, within(1e-15));
        assertThat(SeverityRules.fromDegradation(SeverityRules.degradation(14.0, 10.0)))
                .isEqualTo(Level.HIGH);
        assertThat(SeverityRules.fromDegradation(SeverityRules.degradation(20.0, 10.0)))
                .isEqualTo(Level.CRITICAL);
        assertThat(SeverityRules.degradation(5.0, 0.0)).isNaN();
    }

    @Test
    void ksStatisticLevels() {
        assertThat(SeverityRules.fromKsStatistic(0.0999)).isEqualTo(Level.LOW);
        assertThat(SeverityRules.fromKsStatistic(0.1)).isEqualTo(Level.MEDIUM);
        assertThat(SeverityRules.fromKsStatistic(0.2)).isEqualTo(Level.HIGH);
        assertThat(SeverityRules.fromKsStatistic(0.2999)).isEqualTo(Level.HIGH);
        assertThat(SeverityRules.fromKsStatistic(0.3)).isEqualTo(Level.CRITICAL);
        assertThat(SeverityRules.fromKsStatistic(1.0)).isEqualTo(Level.CRITICAL);
    }

    @Test
    void configurableThresholds() {
        SeverityRules.Thresholds strict = new SeverityRules.Thresholds(0.05, 0.05, 0.2);
        assertThat(strict.levelOf(0.05)).isEqualTo(Level.HIGH);
        assertThat(strict.levelOf(0.04)).isEqualTo(Level.LOW);
        assertThatThrownBy(() -> new SeverityRules.Thresholds(0.3, 0.2, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("medium <= high <= critical");
    }
}
