package io.driftwatch.launch;

import java.util.List;

import org.apache.kafka.common.config.ConfigDef;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.forecast.app.ForecasterConfig;
import io.driftwatch.ingest.IngestConfig;
import io.driftwatch.monitor.MonitorConfig;
import io.driftwatch.retrain.service.RetrainConfig;

/**
 * Every app's settings, by app: the list the configuration reference ({@code docs/configuration.md},
 * {@code driftwatch docs config}) is generated from. An app with its own config class adds one
 * entry here; settings an earlier entry already lists (the common ones) are listed once.
 */
public final class ConfigCatalog {

    /** One app's settings. */
    public record Entry(String app, String description, ConfigDef definition) {
    }

    private ConfigCatalog() {
    }

    public static List<Entry> all() {
        return List.of(
                new Entry("common", "Every app and every CLI command that talks to Kafka.", CommonConfig.configDef()),
                new Entry(
                        "ingest",
                        "`run ingest`: sales and rate events to per-bucket actuals.",
                        IngestConfig.configDef()),
                new Entry(
                        "forecaster",
                        "`run forecaster`: actuals to predictions per horizon with the promoted model-configs.",
                        ForecasterConfig.configDef()),
                new Entry(
                        "monitor",
                        "`run monitor`: matches predictions with actuals, keeps error and drift windows, emits"
                                + " triggers.",
                        MonitorConfig.configDef()),
                new Entry(
                        "retrain",
                        "`run retrain`, `backtest`, `configs`: searches, validates and promotes model configs.",
                        RetrainConfig.configDef()));
    }
}
