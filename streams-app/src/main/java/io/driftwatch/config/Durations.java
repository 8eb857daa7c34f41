package io.driftwatch.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Parses durations written as {@code 1d}, {@code 6h}, {@code 30m}, {@code 10s}, {@code 500ms} or ISO-8601 ({@code
 * PT6H}).
 */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration: '" + text + "'", e);
            }
        }
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 1d, 6h, 30m, 10s, 500ms)");
        }
        long n;
        try {
            n = Long.parseLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (whole numbers only)", e);
        }
        return switch (s.substring(i).trim()) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "s" -> Duration.ofSeconds(n);
            case "ms" -> Duration.ofMillis(n);
            default ->
                throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 1d, 6h, 30m, 10s, 500ms)");
        };
    }

    /** A ConfigDef validator that accepts what {@link #parse} accepts, optionally requiring a positive value. */
    public static ConfigDef.Validator validator(boolean positive) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                Duration d;
                try {
                    d = parse((String) value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
                if (d.isNegative() || (positive && d.isZero())) {
                    throw new ConfigException(name, value, positive ? "must be > 0" : "must be >= 0");
                }
            }

            @Override
            public String toString() {
                return "a duration such as 1d, 6h, 30m, 10s, 500ms or ISO-8601 PT6H";
            }
        };
    }
}
