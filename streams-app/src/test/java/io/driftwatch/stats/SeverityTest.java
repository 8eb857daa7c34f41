package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.stats.Severity.Level;
import org.junit.jupiter.api.Test;

class SeverityTest {

  @Test
  void degradationBoundariesAreInclusive() {
    assertThat(Severity.fromDegradation(0.1499)).isEqualTo(Level.LOW);
    assertThat(Severity.fromDegradation(0.15)).isEqualTo(Level.MEDIUM);
    assertThat(Severity.fromDegradation(0.2999)).isEqualTo(Level.MEDIUM);
    assertThat(Severity.fromDegradation(0.30)).isEqualTo(Level.HIGH);
    assertThat(Severity.fromDegradation(0.50)).isEqualTo(Level.CRITICAL);
    assertThat(Severity.fromDegradation(-0.2)).isEqualTo(Level.LOW);
    assertThat(Severity.fromDegradation(Double.NaN)).isEqualTo(Level.LOW);
  }

  @Test
  void degradationFromRmse() {
    // (11.5 - 10) / 10 = 0.15 exactly as the literal 0.15 (11.5 / 10 - 1 would give 0.1499...)
    assertThat(Severity.degradation(11.5, 10.0)).isEqualTo(0.15);
    assertThat(Severity.fromDegradation(Severity.degradation(11.5, 10.0))).isEqualTo(Level.MEDIUM);
    assertThat(Severity.degradation(13.0, 10.0)).isCloseTo(0.3, within(1e-15));
    assertThat(Severity.fromDegradation(Severity.degradation(14.0, 10.0))).isEqualTo(Level.HIGH);
    assertThat(Severity.fromDegradation(Severity.degradation(20.0, 10.0)))
        .isEqualTo(Level.CRITICAL);
    assertThat(Severity.degradation(5.0, 0.0)).isNaN();
  }

  @Test
  void ksStatisticLevels() {
    assertThat(Severity.fromKsStatistic(0.0999)).isEqualTo(Level.LOW);
    assertThat(Severity.fromKsStatistic(0.1)).isEqualTo(Level.MEDIUM);
    assertThat(Severity.fromKsStatistic(0.2)).isEqualTo(Level.HIGH);
    assertThat(Severity.fromKsStatistic(0.2999)).isEqualTo(Level.HIGH);
    assertThat(Severity.fromKsStatistic(0.3)).isEqualTo(Level.CRITICAL);
    assertThat(Severity.fromKsStatistic(1.0)).isEqualTo(Level.CRITICAL);
  }

  @Test
  void configurableThresholds() {
    Severity.Thresholds strict = new Severity.Thresholds(0.05, 0.05, 0.2);
    assertThat(strict.levelOf(0.05)).isEqualTo(Level.HIGH);
    assertThat(strict.levelOf(0.04)).isEqualTo(Level.LOW);
    assertThatThrownBy(() -> new Severity.Thresholds(0.3, 0.2, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("medium <= high <= critical");
  }
}
