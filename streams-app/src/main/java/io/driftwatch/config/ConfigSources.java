package io.driftwatch.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Collects settings from, in rising precedence: a properties file, environment variables, and
 * explicit overrides (command-line flags).
 *
 * <p>Environment variables: {@code DRIFTWATCH_} followed by the setting name in upper case with
 * {@code .} written as {@code _} and {@code -} as {@code __}: {@code DRIFTWATCH_BOOTSTRAP_SERVERS}
 * is {@code bootstrap.servers}, {@code DRIFTWATCH_SASL_JAAS_CONFIG} is {@code sasl.jaas.config},
 * {@code DRIFTWATCH_MONITOR_PER__SERIES} is {@code monitor.per-series}.
 */
public final class ConfigSources {

    public static final String ENV_PREFIX = "DRIFTWATCH_";

    private ConfigSources() {
    }

    public static Map<String, Object> load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, Object> props = new HashMap<>();
        if (file != null) {
            props.putAll(readFile(file));
        }
        props.putAll(fromEnvironment(env));
        props.putAll(overrides);
        return props;
    }

    static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file not found: " + file);
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                out.put(settingName(name.substring(ENV_PREFIX.length())), value);
            }
        });
        return out;
    }

    /** {@code MONITOR_PER__SERIES} -> {@code monitor.per-series}. */
    public static String settingName(String envSuffix) {
        return envSuffix.toLowerCase(Locale.ROOT).replace("__", "\u0000").replace('_', '.').replace('\u0000', '-');
    }
}
