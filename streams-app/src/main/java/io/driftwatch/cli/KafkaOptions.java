package io.driftwatch.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.driftwatch.config.ConfigSources;
import picocli.CommandLine.Option;

/** Options shared by every command that talks to Kafka or reads settings. */
final class KafkaOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description =
                    "Kafka to connect to (default: bootstrap.servers from --config or DRIFTWATCH_BOOTSTRAP_SERVERS,"
                            + " else 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Properties file with driftwatch settings and Kafka client settings (security.protocol, sasl.*,"
                            + " ssl.*).")
    Path configFile;

    @Option(
            names = {"-s", "--set"},
            paramLabel = "KEY=VALUE",
            description = "A setting, overriding the file and environment (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    /** Settings from file, environment and flags, flags winning. */
    Map<String, Object> load() {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            overrides.put("bootstrap.servers", bootstrapServers);
        }
        return ConfigSources.load(configFile, System.getenv(), overrides);
    }
}
