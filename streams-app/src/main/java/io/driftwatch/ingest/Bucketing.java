package io.driftwatch.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Maps event times to bucket starts. Buckets of whole days follow the calendar of a time zone (so a
 * day in America/Santiago starts at local midnight, and DST days are 23 or 25 hours long); shorter
 * buckets divide the UTC day.
 */
public final class Bucketing {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final long sizeMs;
    private final ZoneId zone;
    private final boolean calendarDays;
    private final long days;

    public Bucketing(Duration size, ZoneId zone) {
        this.sizeMs = size.toMillis();
        this.zone = zone;
        this.calendarDays = sizeMs % DAY_MS == 0;
        this.days = sizeMs / DAY_MS;
        if (sizeMs <= 0 || (!calendarDays && DAY_MS % sizeMs != 0)) {
            throw new IllegalArgumentException("bucket size must divide a day or be whole days, was " + size);
        }
    }

    /** Start of the bucket holding {@code eventTimeMs}. */
    public long start(long eventTimeMs) {
        if (!calendarDays) {
            return Math.floorDiv(eventTimeMs, sizeMs) * sizeMs;
        }
        LocalDate date = Instant.ofEpochMilli(eventTimeMs).atZone(zone).toLocalDate();
        long epochDay = Math.floorDiv(date.toEpochDay(), days) * days;
        return LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** Start of the bucket after the one starting at {@code bucketStartMs} (= its exclusive end). */
    public long next(long bucketStartMs) {
        if (!calendarDays) {
            return bucketStartMs + sizeMs;
        }
        LocalDate date = Instant.ofEpochMilli(bucketStartMs).atZone(zone).toLocalDate();
        return date.plusDays(days).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** Nominal bucket length in ms (what Actual.bucket_ms reports). */
    public long sizeMs() {
        return sizeMs;
    }
}
