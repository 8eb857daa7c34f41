package io.driftwatch.monitor;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;

/** Single records for partitioning tests. */
final class RegimeScenarioRecords {

    private RegimeScenarioRecords() {
    }

    static Prediction prediction(String series) {
        return Prediction.newBuilder()
                .setPredictionId(series + "-p")
                .setModelId("crc-model")
                .setConfigVersion(1)
                .setSeriesId(series)
                .setHorizon("1d")
                .setIssuedAt(RegimeScenario.day(0))
                .setTargetTime(RegimeScenario.day(1))
                .setYhat(10)
                .setYhatLower(9)
                .setYhatUpper(11)
                .build();
    }

    static Actual actual(String series, int day) {
        return Actual.newBuilder().setSeriesId(series).setEventTime(RegimeScenario.day(day)).setValue(10.5).build();
    }
}
