package io.driftwatch.connect;

import io.driftwatch.avro.Severity;
import java.util.List;
import java.util.Locale;

/**
 * Channel-neutral content of one alert message: what every channel (Slack, email, webhook) shows.
 *
 * <p>Built by {@link AlertLayouts} (one layout per record kind); channels only render it, so the
 * wording is the same everywhere.
 *
 * @param severity the alert's severity
 * @param title one line: severity emoji and label, what happened, where
 * @param subject "model:horizon" (with config version when known), or null
 * @param series the series id, or null
 * @param facts the key numbers, in display order
 * @param reason one readable sentence from the record, or null
 * @param nextStep what the system will do next
 * @param idempotencyKey the alert's idempotency key (shown as "ref")
 */
public record AlertSummary(Severity severity, String title, String subject, String series,
                           List<Fact> facts, String reason, String nextStep, String idempotencyKey) {

    public AlertSummary {
        facts = List.copyOf(facts);
    }

    /** A labelled number or value. */
    public record Fact(String label, String value) { }

    /** The emoji shown before the severity label. */
    public static String emoji(Severity severity) {
        return switch (severity) {
            case LOW -> "\uD83D\uDD35";      // blue circle
            case MEDIUM -> "\uD83D\uDFE1";   // yellow circle
            case HIGH -> "\uD83D\uDFE0";     // orange circle
            case CRITICAL -> "\uD83D\uDD34"; // red circle
        };
    }

    /** "PERFORMANCE_DEGRADATION" -> "Performance degradation". */
    public static String humanize(String enumName) {
        if (enumName == null || enumName.isEmpty()) {
            return "";
        }
        String s = enumName.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Plain-text rendering (email text part, webhook {@code ${text}}), "N more" line included. */
    public String toPlainText(int foldedCount) {
        StringBuilder sb = new StringBuilder(title).append('\n');
        if (subject != null) {
            sb.append("Model: ").append(subject).append('\n');
        }
        if (series != null) {
            sb.append("Series: ").append(series).append('\n');
        }
        for (Fact f : facts) {
            sb.append(f.label()).append(": ").append(f.value()).append('\n');
        }
        if (reason != null) {
            sb.append(reason).append('\n');
        }
        sb.append("Next: ").append(nextStep).append('\n');
        if (foldedCount > 0) {
            sb.append(foldedLine(foldedCount)).append('\n');
        }
        sb.append("ref: ").append(idempotencyKey);
        return sb.toString();
    }

    /** The line that reports alerts folded into this message by the rate limiter. */
    public static String foldedLine(int foldedCount) {
        return "+ " + foldedCount + " more alert" + (foldedCount == 1 ? "" : "s")
                + " for this model held back by the rate limit (not shown separately)";
    }
}
