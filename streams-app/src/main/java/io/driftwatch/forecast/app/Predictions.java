package io.driftwatch.forecast.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.driftwatch.avro.Prediction;
import io.driftwatch.forecast.model.Forecast;

/**
 * Builds {@link Prediction}s with deterministic ids and seeds, so a replay of the same actuals under
 * the same configs writes the same records (and the monitor counts each prediction_id once).
 */
final class Predictions {

    private Predictions() {
    }

    /** Name-based UUID of {@code model|series|horizon|issued_at|config_version}. */
    static String id(String modelId, String seriesId, String horizon, Instant issuedAt, int configVersion) {
        return UUID.nameUUIDFromBytes(String.join(
                                "|",
                                modelId,
                                seriesId,
                                horizon,
                                Long.toString(issuedAt.toEpochMilli()),
                                Integer.toString(configVersion))
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Bootstrap seed of one forecast: a function of the configured seed, the series and the issue time only. */
    static long seed(long baseSeed, String seriesId, Instant issuedAt) {
        return UUID.nameUUIDFromBytes((baseSeed + "|" + seriesId + "|" + issuedAt.toEpochMilli())
            .getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }

    /**
     * @param step 1-based step of {@code forecast} this prediction is for
     */
    static Prediction of(String modelId, int configVersion, String seriesId, String tenantId, Horizon horizon,
                         Instant issuedAt, Instant targetTime, Forecast forecast, int step) {
        return Prediction.newBuilder()
            .setPredictionId(id(modelId, seriesId, horizon.label(), issuedAt, configVersion))
            .setModelId(modelId)
            .setConfigVersion(configVersion)
            .setSeriesId(seriesId)
            .setTenantId(tenantId)
            .setHorizon(horizon.label())
            .setIssuedAt(issuedAt)
            .setTargetTime(targetTime)
            .setYhat(forecast.yhat()[step - 1])
            .setYhatLower(forecast.lower()[step - 1])
            .setYhatUpper(forecast.upper()[step - 1])
            .build();
    }
}
