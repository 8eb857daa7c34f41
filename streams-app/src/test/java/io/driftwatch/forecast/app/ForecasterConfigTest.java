package io.driftwatch.forecast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import io.driftwatch.forecast.model.Algorithm;

class ForecasterConfigTest {

    @Test
    void defaults() {
        ForecasterConfig c = new ForecasterConfig(Map.of());
        assertThat(c.horizons()).extracting(Horizon::label).containsExactly("7d", "15d", "30d", "90d");
        assertThat(c.horizons().get(3).length()).isEqualTo(Duration.ofDays(90));
        assertThat(c.models().modelFor("anything")).contains("default");
        assertThat(c.historyMaxPoints()).isEqualTo(1100);
        assertThat(c.minHistory()).isEqualTo(15);
        assertThat(c.defaultSpec().algorithm()).isEqualTo(Algorithm.SEASONAL_NAIVE);
        assertThat(c.defaultSpec().seasonLength()).isEqualTo(7);
        assertThat(c.seed()).isEqualTo(42L);
        assertThat(c.timeZone().getId()).isEqualTo("UTC");
    }

    @Test
    void modelRulesAreOrderedFirstMatchWins() {
        ForecasterConfig c =
                new ForecasterConfig(Map.of(ForecasterConfig.MODELS, "fx=USDCLP, sales=.*:daily-sales ,rest=.*"));
        assertThat(c.models().modelFor("USDCLP")).contains("fx");
        assertThat(c.models().modelFor("acme:daily-sales")).contains("sales");
        assertThat(c.models().modelFor("USDCLPX")).contains("rest");
    }

    @Test
    void badValuesFailNamingTheSetting() {
        assertThatThrownBy(() -> new ForecasterConfig(Map.of(ForecasterConfig.MODELS, "fx=USD(")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ForecasterConfig.MODELS)
                .hasMessageContaining("bad regex");
        assertThatThrownBy(() -> new ForecasterConfig(Map.of(ForecasterConfig.MODELS, "a:b=.*")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("without ':'");
        assertThatThrownBy(() -> new ForecasterConfig(Map.of(ForecasterConfig.HORIZONS, "7d,7D")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ForecasterConfig.HORIZONS)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new ForecasterConfig(Map.of(ForecasterConfig.HORIZONS, "a week")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(ForecasterConfig.HORIZONS);
        assertThatThrownBy(() -> new ForecasterConfig(Map.of(ForecasterConfig.DEFAULT_PARAMS, "alpha=7")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ForecasterConfig.DEFAULT_PARAMS)
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> new ForecasterConfig(Map.of(ForecasterConfig.DEFAULT_ALGORITHM, "prophet")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(ForecasterConfig.DEFAULT_ALGORITHM);
        assertThatThrownBy(() -> new ForecasterConfig(
                        Map.of(ForecasterConfig.MIN_HISTORY, "50", ForecasterConfig.HISTORY_MAX_POINTS, "20")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ForecasterConfig.MIN_HISTORY);
        assertThatThrownBy(() -> new ForecasterConfig(Map.of(ForecasterConfig.TIME_ZONE, "Mars/Olympus")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(ForecasterConfig.TIME_ZONE);
    }
}
