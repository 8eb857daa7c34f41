package io.driftwatch.connect.email;

import io.driftwatch.avro.Severity;
import io.driftwatch.connect.AlertSinkConfig;
import io.driftwatch.connect.Validators;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Settings of {@link EmailSinkConnector}: SMTP server, security, auth, recipients, digest. */
public final class EmailSinkConfig extends AlertSinkConfig {
    public static final String SMTP_HOST = "smtp.host";
    public static final String SMTP_PORT = "smtp.port";
    public static final String SMTP_SECURITY = "smtp.security";
    public static final String SMTP_USERNAME = "smtp.username";
    public static final String SMTP_PASSWORD = "smtp.password";
    public static final String SMTP_SSL_TRUST = "smtp.ssl.trust";
    public static final String FROM = "email.from";
    public static final String TO = "email.to";
    public static final String TO_PREFIX = "email.to.";
    public static final String SUBJECT_PREFIX = "email.subject.prefix";
    public static final String DIGEST_ENABLED = "digest.enabled";
    public static final String DIGEST_INTERVAL_MS = "digest.interval.ms";
    public static final String DIGEST_MAX_ALERTS = "digest.max.alerts";
    public static final String DIGEST_SEVERITIES = "digest.severities";

    /** How the SMTP connection is secured. */
    public enum Security { STARTTLS, SMTPS, NONE }

    private static final ConfigDef.Validator ADDRESS = (name, value) -> {
        if (value != null) {
            check(name, value.toString());
        }
    };

    private static final ConfigDef.Validator ADDRESSES = (name, value) -> {
        if (value instanceof List<?> list) {
            for (Object a : list) {
                check(name, a.toString());
            }
        }
    };

    private static final ConfigDef.Validator SECURITY_VALIDATOR = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                Security.valueOf(String.valueOf(value).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "expected one of STARTTLS, SMTPS, NONE");
            }
        }

        @Override
        public String toString() {
            return "one of STARTTLS, SMTPS, NONE";
        }
    };

    public static final ConfigDef CONFIG_DEF = define(baseDef());

    /** @throws ConfigException on any per-field or cross-field problem */
    public EmailSinkConfig(Map<?, ?> props) {
        this(props, true);
    }

    private EmailSinkConfig(Map<?, ?> props, boolean crossCheck) {
        super(CONFIG_DEF, props);
        if (crossCheck) {
            problems().forEach((name, message) -> {
                throw new ConfigException(message);
            });
        }
    }

    /** Cross-field problems of settings that parse field by field (setting name -> message). */
    static Map<String, String> problemsOf(Map<String, String> props) {
        return new EmailSinkConfig(props, false).problems();
    }

    /**
     * Cross-field problems, setting name -> message: every severity that passes min.severity needs
     * recipients, and a username needs a password.
     */
    Map<String, String> problems() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            if (s.compareTo(minSeverity()) >= 0 && recipients(s).isEmpty()) {
                out.put(TO, "No recipients for severity " + s + ": set email.to or "
                        + TO_PREFIX + s.name().toLowerCase(Locale.ROOT) + ".");
                break;
            }
        }
        if (username() != null && (password() == null || password().value().isEmpty())) {
            out.put(SMTP_PASSWORD, "smtp.username is set but smtp.password is not.");
        }
        return out;
    }

    private static ConfigDef define(ConfigDef def) {
        String smtp = "SMTP";
        def.define(SMTP_HOST, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "SMTP server host name.", smtp, 1, ConfigDef.Width.MEDIUM, "SMTP host")
                .define(SMTP_PORT, Type.INT, 587, ConfigDef.Range.between(1, 65535), Importance.HIGH,
                        "SMTP port (587 for STARTTLS, 465 for SMTPS).", smtp, 2, ConfigDef.Width.SHORT, "SMTP port")
                .define(SMTP_SECURITY, Type.STRING, "STARTTLS",
                        SECURITY_VALIDATOR, Importance.HIGH,
                        "STARTTLS (upgrade required, the default), SMTPS (TLS from the first byte) or NONE "
                                + "(plain text: only for a local relay).", smtp, 3, ConfigDef.Width.SHORT, "Security")
                .define(SMTP_USERNAME, Type.STRING, null, Importance.MEDIUM,
                        "User for SMTP AUTH; unset: no authentication.", smtp, 4, ConfigDef.Width.MEDIUM, "Username")
                .define(SMTP_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        "Password for SMTP AUTH. A secret: never logged.", smtp, 5, ConfigDef.Width.MEDIUM, "Password")
                .define(SMTP_SSL_TRUST, Type.STRING, "", Importance.LOW,
                        "Hosts whose TLS certificate is trusted without validation (space-separated, '*' for all). "
                                + "Empty (the default): certificates are validated against the JVM trust store "
                                + "and the host name. Only for tests and private relays.",
                        smtp, 6, ConfigDef.Width.MEDIUM, "Trusted hosts");
        String mail = "Email";
        def.define(FROM, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ADDRESS, Importance.HIGH,
                        "Sender address.", mail, 1, ConfigDef.Width.MEDIUM, "From")
                .define(TO, Type.LIST, "", ADDRESSES, Importance.HIGH,
                        "Recipients for every severity that has no email.to.<severity> list.",
                        mail, 2, ConfigDef.Width.LONG, "To");
        int order = 3;
        for (Severity s : Severity.values()) {
            String level = s.name().toLowerCase(Locale.ROOT);
            def.define(TO_PREFIX + level, Type.LIST, "", ADDRESSES, Importance.MEDIUM,
                    "Recipients of " + s + " alerts; empty: email.to.", mail, order++, ConfigDef.Width.LONG,
                    "To (" + level + ")");
        }
        def.define(SUBJECT_PREFIX, Type.STRING, "[driftwatch]", Importance.LOW, "Subject prefix.",
                        mail, order++, ConfigDef.Width.SHORT, "Subject prefix")
                .define(DIGEST_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Batch alerts of digest.severities into one email per digest.interval.ms.",
                        "Digest", 1, ConfigDef.Width.SHORT, "Digest")
                .define(DIGEST_INTERVAL_MS, Type.LONG, 3_600_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "How long the first alert of a digest waits for others.", "Digest", 2,
                        ConfigDef.Width.SHORT, "Digest interval (ms)")
                .define(DIGEST_MAX_ALERTS, Type.INT, 200, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "A digest is sent early when it holds this many alerts.", "Digest", 3,
                        ConfigDef.Width.SHORT, "Digest size")
                .define(DIGEST_SEVERITIES, Type.LIST, "LOW,MEDIUM", Validators.severityList(), Importance.LOW,
                        "Severities that go to the digest when it is enabled; the others are sent at once.",
                        "Digest", 4, ConfigDef.Width.SHORT, "Digest severities");
        return def;
    }

    private static void check(String name, String address) {
        try {
            new InternetAddress(address, true).validate();
        } catch (AddressException e) {
            throw new ConfigException(name, address, "not a valid email address");
        }
    }

    public String host() {
        return getString(SMTP_HOST).trim();
    }

    public int port() {
        return getInt(SMTP_PORT);
    }

    public Security security() {
        return Security.valueOf(getString(SMTP_SECURITY).trim().toUpperCase(Locale.ROOT));
    }

    public String username() {
        String u = getString(SMTP_USERNAME);
        return u == null || u.isBlank() ? null : u.trim();
    }

    public Password password() {
        return getPassword(SMTP_PASSWORD);
    }

    public String sslTrust() {
        return getString(SMTP_SSL_TRUST).trim();
    }

    public String from() {
        return getString(FROM).trim();
    }

    /** Recipients of an alert of this severity. */
    public List<String> recipients(Severity severity) {
        List<String> specific = getList(TO_PREFIX + severity.name().toLowerCase(Locale.ROOT));
        return specific.isEmpty() ? getList(TO) : specific;
    }

    public String subjectPrefix() {
        return getString(SUBJECT_PREFIX);
    }

    public boolean digestEnabled() {
        return getBoolean(DIGEST_ENABLED);
    }

    public long digestIntervalMs() {
        return getLong(DIGEST_INTERVAL_MS);
    }

    public int digestMaxAlerts() {
        return getInt(DIGEST_MAX_ALERTS);
    }

    public Set<Severity> digestSeverities() {
        Set<Severity> out = EnumSet.noneOf(Severity.class);
        getList(DIGEST_SEVERITIES).forEach(s -> out.add(Severity.valueOf(s.trim().toUpperCase(Locale.ROOT))));
        return out;
    }
}
