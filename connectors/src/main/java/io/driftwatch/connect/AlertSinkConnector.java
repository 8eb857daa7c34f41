package io.driftwatch.connect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Base of the alert sink connectors: hands the same settings to every task and adds cross-field
 * checks to {@link #validate(Map)}.
 *
 * <p>Per-field errors come from the {@code ConfigDef}; {@link #crossValidate} runs afterwards and
 * should skip checks whose inputs already have errors (one clear message per mistake).
 */
public abstract class AlertSinkConnector extends SinkConnector {
    private Map<String, String> props;

    /** Parses the settings; throws ConfigException naming the setting when they are invalid. */
    protected abstract AlertSinkConfig parseConfig(Map<String, String> props);

    /** Cross-field checks; add error messages to the values. Default: none. */
    protected void crossValidate(Map<String, String> props, Map<String, ConfigValue> values) {
    }

    @Override
    public void start(Map<String, String> props) {
        parseConfig(props); // fail fast on bad settings
        this.props = Map.copyOf(props);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(new HashMap<>(props));
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = new HashMap<>();
        config.configValues().forEach(v -> byName.put(v.name(), v));
        crossValidate(connectorConfigs, byName);
        return config;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
