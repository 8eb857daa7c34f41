package io.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ModelAssignmentTest {

    @Test
    void firstMatchingModelWinsAndRegexesMayContainCommas() {
        ModelAssignment m = ModelAssignment.parse("fx=USD[A-Z]{3}, sales=tenant-\\d{1,3}/.*,default=.*");
        assertThat(m.modelIds()).containsExactly("fx", "sales", "default");
        assertThat(m.modelFor("USDCLP")).contains("fx");
        assertThat(m.modelFor("tenant-12/total")).contains("sales");
        assertThat(m.modelFor("other")).contains("default");
        assertThat(m.assigns("default", "USDCLP")).isFalse();
        assertThat(m.modelFor("XUSDCLP")).contains("default"); // whole-id match
        assertThat(ModelAssignment.parse(ModelAssignment.DEFAULT).modelFor("anything")).contains("default");
    }

    @Test
    void badSettingsNameTheSetting() {
        assertThatThrownBy(() -> ModelAssignment.parse("no-equals")).isInstanceOf(ConfigException.class)
            .hasMessageContaining("forecaster.models");
        assertThatThrownBy(() -> ModelAssignment.parse("a=(")).hasMessageContaining("bad regex for model a");
        assertThatThrownBy(() -> ModelAssignment.parse("a=x,a=y")).hasMessageContaining("model a appears twice");
    }
}
