package io.driftwatch.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;

/**
 * Where the console's API key comes from: the file of {@code ui.api-key.file} (its first line) or the environment
 * variable named by {@code ui.api-key.env}; never a setting value or a command-line literal, which end up in
 * logs and process lists. Errors name the setting, never the key.
 */
final class ApiKeys {

    static final int MIN_LENGTH = 16;

    private ApiKeys() {
    }

    /**
     * The key the console requires, or null when it binds a loopback address and no key is configured.
     *
     * @throws ConfigException when the console binds beyond loopback without a key, or the key is too short
     */
    static String resolve(UiConfig config, Map<String, String> env) {
        String key = null;
        String source = null;
        String file = config.getString(UiConfig.API_KEY_FILE);
        String var = config.getString(UiConfig.API_KEY_ENV);
        if (!file.isBlank()) {
            key = readFirstLine(Path.of(file));
            source = UiConfig.API_KEY_FILE + " (" + file + ")";
        } else if (var != null && !var.isBlank() && env.get(var) != null && !env.get(var).isBlank()) {
            key = env.get(var).trim();
            source = "environment variable " + var;
        }
        if (key != null && key.length() < MIN_LENGTH) {
            throw new ConfigException("the console API key from " + source + " is shorter than " + MIN_LENGTH
                + " characters");
        }
        if (key == null && !isLoopback(config.bindAddress())) {
            throw new ConfigException("the console binds " + config.bindAddress() + ", beyond loopback: it needs an"
                + " API key; set the environment variable " + var + " (" + UiConfig.API_KEY_ENV + ") or "
                + UiConfig.API_KEY_FILE + ", or bind 127.0.0.1");
        }
        return key;
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(UiConfig.BIND_ADDRESS, address, "not a known address");
        }
    }

    private static String readFirstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                throw new ConfigException(UiConfig.API_KEY_FILE + ": " + file + " is empty");
            }
            return lines.get(0).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UiConfig.API_KEY_FILE + " " + file, e);
        }
    }
}
