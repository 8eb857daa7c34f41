package io.driftwatch.retrain.service;

import io.driftwatch.retrain.history.ModelHistory;

/** Where an attempt gets its series from: the actuals topic in production, arrays in unit tests. */
@FunctionalInterface
interface HistorySource {

    /**
     * @param modelId the model
     * @param preferredSeries the trigger's series, kept first, or null
     * @param sinceMs earliest bucket start
     * @param untilMs buckets starting at or after this are left out (the attempt's as-of time)
     * @param maxSeries at most this many series
     */
    ModelHistory load(String modelId, String preferredSeries, long sinceMs, long untilMs, int maxSeries);
}
