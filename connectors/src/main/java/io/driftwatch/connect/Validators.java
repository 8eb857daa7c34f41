package io.driftwatch.connect;

import io.driftwatch.avro.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * {@link ConfigDef.Validator}s shared by the alert sinks. Error messages never include a
 * {@link Password}'s value (a Password prints as {@code [hidden]}).
 */
public final class Validators {
    /** "LOW, MEDIUM, HIGH, CRITICAL". */
    public static final String SEVERITIES = Arrays.stream(Severity.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private Validators() {
    }

    /** An absolute http(s) URL, given as a STRING or a PASSWORD. */
    public static ConfigDef.Validator httpUrl() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return; // "missing required" is reported by ConfigDef itself
                }
                String text = value instanceof Password p ? p.value() : value.toString();
                if (!isHttpUrl(text)) {
                    throw new ConfigException(name, value, "must be an absolute http:// or https:// URL");
                }
            }

            @Override
            public String toString() {
                return "an absolute http:// or https:// URL";
            }
        };
    }

    static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** One severity name (case-insensitive). */
    public static ConfigDef.Validator severity() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null) {
                    check(name, value.toString());
                }
            }

            @Override
            public String toString() {
                return "one of " + SEVERITIES;
            }
        };
    }

    /** A list of severity names (case-insensitive). */
    public static ConfigDef.Validator severityList() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value instanceof List<?> list) {
                    for (Object item : list) {
                        check(name, item.toString());
                    }
                }
            }

            @Override
            public String toString() {
                return "a list of " + SEVERITIES;
            }
        };
    }

    private static void check(String name, String severity) {
        try {
            Severity.valueOf(severity.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, severity, "unknown severity; expected one of " + SEVERITIES);
        }
    }

    /** A list of {@code topic:KIND} entries. */
    public static ConfigDef.Validator topicKinds() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value instanceof List<?> list) {
                    for (Object item : list) {
                        String entry = item.toString();
                        int colon = entry.lastIndexOf(':');
                        if (colon <= 0 || RecordKind.parse(entry.substring(colon + 1)).isEmpty()) {
                            throw new ConfigException(name, entry,
                                    "expected topic:KIND with KIND one of TRIGGER, ANOMALY, OPS_ALERT");
                        }
                    }
                }
            }

            @Override
            public String toString() {
                return "a list of topic:KIND (KIND = TRIGGER, ANOMALY or OPS_ALERT)";
            }
        };
    }
}
