package io.driftwatch.serde;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;

/**
 * Parses the textual timestamps JSON producers send for {@code timestamp-millis} fields.
 *
 * <p>Accepted, tried in this order: epoch millis as a numeric string ({@code "1704153600000"});
 * an ISO-8601 instant ({@code 2024-01-02T00:00:00Z}); an offset date-time
 * ({@code 2024-01-02T00:00:00-03:00}); a zoned date-time
 * ({@code 2024-01-02T00:00:00+01:00[Europe/Paris]}); a plain date ({@code 2024-01-02}, UTC
 * midnight); a local date-time without offset ({@code 2024-01-02T10:15:00}, read as UTC, like the
 * plain date). Results are truncated to whole milliseconds, as Avro stores them.
 */
final class JsonTimestamps {
    private static final Pattern EPOCH_MILLIS = Pattern.compile("[-+]?\\d{1,19}");

    private JsonTimestamps() {}

    /** The instant {@code text} denotes, or null when it is in none of the accepted forms. */
    static Instant parse(String text) {
        String s = text.trim();
        try {
            if (EPOCH_MILLIS.matcher(s).matches()) {
                return Instant.ofEpochMilli(Long.parseLong(s));
            }
            Instant parsed = parseIso(s);
            return parsed == null ? null : Instant.ofEpochMilli(parsed.toEpochMilli());
        } catch (NumberFormatException | ArithmeticException e) {
            return null; // out of range for epoch millis
        }
    }

    private static Instant parseIso(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeException ignored) {
            // not an instant; try the other forms
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeException ignored) {
            // next form
        }
        try {
            return ZonedDateTime.parse(s).toInstant();
        } catch (DateTimeException ignored) {
            // next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException ignored) {
            // next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException ignored) {
            return null;
        }
    }
}
