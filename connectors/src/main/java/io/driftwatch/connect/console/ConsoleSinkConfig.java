package io.driftwatch.connect.console;

import io.driftwatch.connect.AlertSinkConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of {@link ConsoleSinkConnector}: the shared alert settings plus where to print. */
public final class ConsoleSinkConfig extends AlertSinkConfig {
    public static final String STREAM = "console.stream";

    public static final ConfigDef CONFIG_DEF = baseDef()
            .define(STREAM, Type.STRING, ConsoleStreams.STDOUT, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Where alerts are printed: stdout, stderr (the worker's own), or the name of a stream that an "
                            + "application running the worker in its JVM registered (ConsoleStreams.register).",
                    "Console", 1, ConfigDef.Width.SHORT, "Stream");

    public ConsoleSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public String stream() {
        return getString(STREAM);
    }
}
