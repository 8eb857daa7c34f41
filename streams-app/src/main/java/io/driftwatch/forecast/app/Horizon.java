package io.driftwatch.forecast.app;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import io.driftwatch.config.Durations;

/**
 * One forecast horizon: its label as written in predictions and config keys ({@code 7d}) and its
 * length.
 *
 * <p>A horizon is counted in buckets of the actual it is forecast from: {@code steps = length /
 * bucket_ms}, which must be a whole number (a 6h horizon cannot be forecast from daily buckets).
 * Buckets of whole days follow the calendar of a time zone, as ingest makes them, so the target
 * time is {@code steps * days} calendar days after the issue time there (23- and 25-hour days
 * included); shorter buckets are fixed lengths.
 *
 * @param label  as configured, trimmed and lower-cased, e.g. {@code 7d}
 * @param length the horizon's length, > 0
 */
public record Horizon(String label, Duration length) {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    public Horizon {
        Objects.requireNonNull(label, "label");
        if (length.isZero() || length.isNegative()) {
            throw new IllegalArgumentException("horizon '" + label + "' must be > 0");
        }
    }

    /** Parses {@code 7d}, {@code 12h}, ... (see {@link Durations}). */
    public static Horizon parse(String text) {
        String label = text.trim().toLowerCase(Locale.ROOT);
        return new Horizon(label, Durations.parse(label));
    }

    /** Parses a list of horizons, rejecting an empty list and duplicate labels. */
    public static List<Horizon> parseAll(List<String> texts) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("at least one horizon is needed");
        }
        List<Horizon> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String t : texts) {
            Horizon h = parse(t);
            if (!seen.add(h.label())) {
                throw new IllegalArgumentException("horizon '" + h.label() + "' is listed twice");
            }
            out.add(h);
        }
        return List.copyOf(out);
    }

    /** Buckets of {@code bucketMs} in this horizon, or 0 when it is not a whole number of them. */
    int steps(long bucketMs) {
        long ms = length.toMillis();
        if (bucketMs <= 0 || ms % bucketMs != 0 || ms / bucketMs > Integer.MAX_VALUE) {
            return 0;
        }
        return (int) (ms / bucketMs);
    }

    /**
     * Start of the bucket {@code steps} buckets after {@code issuedAt} (a bucket start).
     *
     * @param zone calendar of whole-day buckets
     */
    static Instant target(Instant issuedAt, int steps, long bucketMs, ZoneId zone) {
        if (bucketMs % DAY_MS == 0) {
            return issuedAt.atZone(zone).plusDays(steps * (bucketMs / DAY_MS)).toInstant();
        }
        return issuedAt.plusMillis(steps * bucketMs);
    }
}
