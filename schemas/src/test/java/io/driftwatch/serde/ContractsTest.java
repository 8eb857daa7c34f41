package io.driftwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.avro.SaleEvent;
import org.junit.jupiter.api.Test;

class ContractsTest {

    @Test
    void listsTheElevenTopLevelContracts() {
        assertThat(Contracts.all()).hasSize(11);
        assertThat(Contracts.names())
                .isEqualTo("SaleEvent, RateEvent, Actual, Prediction, DriftTrigger, Anomaly, "
                        + "ModelConfig, RetrainReport, OpsAlert, MetricObservation, MonitorSettings");
    }

    @Test
    void findsBySimpleNameIgnoringCase() {
        assertThat(Contracts.find("SaleEvent")).contains(SaleEvent.class);
        assertThat(Contracts.find(" monitorsettings ")).contains(MonitorSettings.class);
        assertThat(Contracts.find("ValidationMetrics")).isEmpty();
        assertThat(Contracts.find(null)).isEmpty();
    }

    @Test
    void forNameListsValidNamesWhenNoneMatches() {
        assertThat(Contracts.forName("saleevent")).isEqualTo(SaleEvent.class);
        assertThatThrownBy(() -> Contracts.forName("Sale"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown contract type 'Sale'; valid types: " + Contracts.names());
    }
}
