package io.driftwatch.local;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The TLS side of {@link LocalKafkaBroker}: an SSL listener serving the certificate of a PKCS12
 * keystore; and the client properties a driftwatch app needs to trust it (the same settings a user
 * puts in {@code --config FILE} for a TLS cluster). Server authentication only (no client certs).
 */
public record Tls(Path keystore, String password) {

    static final String LISTENER = "SSL";

    public Tls {
        if (keystore == null || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("TLS needs a keystore and its password");
        }
    }

    /** {@code security.protocol=SSL} and the truststore holding the broker's certificate (or its CA). */
    public static Map<String, String> clientProperties(Path truststore, String password) {
        return Map.of("security.protocol", LISTENER, "ssl.truststore.location", truststore.toString(),
            "ssl.truststore.password", password, "ssl.truststore.type", "PKCS12");
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
        props.setProperty(prefix + "ssl.keystore.location", keystore.toString());
        props.setProperty(prefix + "ssl.keystore.password", password);
        props.setProperty(prefix + "ssl.key.password", password);
        props.setProperty(prefix + "ssl.keystore.type", "PKCS12");
    }
}
