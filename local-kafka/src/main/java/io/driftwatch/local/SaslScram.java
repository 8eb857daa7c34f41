package io.driftwatch.local;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The SCRAM-SHA-512 side of {@link LocalKafkaBroker}: a SASL_PLAINTEXT listener and the admin user
 * created at format time; and the client properties a driftwatch app needs to use it (the same
 * settings a user puts in {@code --config FILE} for a secured cluster).
 */
public record SaslScram(String adminUser, String adminPassword) {

    public static final String MECHANISM = "SCRAM-SHA-512";
    static final String LISTENER = "SASL_PLAINTEXT";

    public SaslScram {
        if (adminUser == null || adminUser.isBlank() || adminPassword == null || adminPassword.isEmpty()) {
            throw new IllegalArgumentException("SCRAM admin user and password must not be empty");
        }
        if ((adminUser + adminPassword).matches(".*[,\\[\\]\"].*")) {
            throw new IllegalArgumentException(
                    "SCRAM admin user and password must not contain , [ ] or \" (the formatter's syntax)");
        }
    }

    /** {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} for one user. */
    public static Map<String, String> clientProperties(String user, String password) {
        return Map.of(
                "security.protocol",
                LISTENER,
                "sasl.mechanism",
                MECHANISM,
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + escape(user)
                        + "\" password=\"" + escape(password) + "\";");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Adds the listener to broker properties made for a PLAINTEXT client listener (kept for the broker itself). */
    void addListener(Properties props, int port) {
        String address = LISTENER + "://127.0.0.1:" + port;
        props.setProperty("listeners", props.getProperty("listeners") + "," + address);
        props.setProperty("advertised.listeners", props.getProperty("advertised.listeners") + "," + address);
        props.setProperty(
                "listener.security.protocol.map",
                props.getProperty("listener.security.protocol.map") + "," + LISTENER + ":" + LISTENER);
        String prefix = "listener.name." + LISTENER.toLowerCase(Locale.ROOT) + ".";
        props.setProperty(prefix + "sasl.enabled.mechanisms", MECHANISM);
        props.setProperty(prefix + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.setProperty("sasl.enabled.mechanisms", MECHANISM);
    }

    /** The Formatter's --add-scram argument creating the admin user in the bootstrap metadata. */
    List<String> formatterArguments() {
        return List.of(MECHANISM + "=[name=" + adminUser + ",password=" + adminPassword + "]");
    }
}
