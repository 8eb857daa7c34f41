package io.driftwatch.connect;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The three alert contracts the sinks understand, each identified by its own id field.
 *
 * <p>A record's kind comes from the {@code topic.kinds} mapping when its topic is listed there,
 * otherwise from which id field its value carries ({@code trigger_id}, {@code anomaly_id},
 * {@code alert_id}).
 */
public enum RecordKind {
    /** A {@code DriftTrigger} from {@code drift-triggers}. */
    TRIGGER("trigger_id", "Drift trigger"),
    /** An {@code Anomaly} from {@code anomalies}. */
    ANOMALY("anomaly_id", "Anomaly"),
    /** An {@code OpsAlert} from {@code ops-alerts}. */
    OPS_ALERT("alert_id", "Ops alert");

    private final String idField;
    private final String label;

    RecordKind(String idField, String label) {
        this.idField = idField;
        this.label = label;
    }

    /** The value field holding this kind's deterministic id. */
    public String idField() {
        return idField;
    }

    /** A short human label ("Drift trigger"). */
    public String label() {
        return label;
    }

    /** The kind whose id field is present in {@code fields}, if exactly one is. */
    public static Optional<RecordKind> detect(Map<String, ?> fields) {
        RecordKind found = null;
        for (RecordKind kind : values()) {
            if (fields.get(kind.idField) != null) {
                if (found != null) {
                    return Optional.empty();
                }
                found = kind;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Parses a kind name, case-insensitively; empty when it is not one. */
    public static Optional<RecordKind> parse(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
