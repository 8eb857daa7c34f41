package io.driftwatch.kafka;

import java.time.Duration;
import java.time.Instant;

/**
 * Contract checks every app applies to the values it reads, each failing with a
 * {@link BadRecordException} whose reason code names the field: {@code null-value},
 * {@code missing-<field>}, {@code non-finite-<field>}, {@code <field>-before-1970},
 * {@code <field>-in-future}. Field names are written as in the schema ({@code event_time}) and
 * turned into codes with dashes ({@code event-time-in-future}). Pure functions.
 */
public final class RecordChecks {

    private RecordChecks() {
    }

    /** A tombstone where an event is expected. */
    public static <V> V requireValue(V value, String what) {
        if (value == null) {
            throw new BadRecordException("null-value", "a record without a value (tombstone) is not " + what);
        }
        return value;
    }

    public static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new BadRecordException("missing-" + code(field), field + " is missing or blank");
        }
        return value;
    }

    public static double requireFinite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new BadRecordException("non-finite-" + code(field), field + " must be a finite number, was " + value);
        }
        return value;
    }

    /**
     * A timestamp that is set, not before 1970 and at most {@code futureTolerance} ahead of
     * {@code nowMs} (the later of stream time and wall-clock time, so a replay of the past is judged
     * against its own time and a quiet partition against the clock).
     */
    public static Instant requireTime(Instant time, String field, long nowMs, Duration futureTolerance) {
        if (time == null) {
            throw new BadRecordException("missing-" + code(field), field + " is missing");
        }
        long t = time.toEpochMilli();
        if (t < 0) {
            throw new BadRecordException(code(field) + "-before-1970", field + " " + time + " is before 1970-01-01");
        }
        if (t > nowMs + futureTolerance.toMillis()) {
            throw new BadRecordException(code(field) + "-in-future", field + " " + time + " is more than "
                    + futureTolerance + " ahead of stream and wall-clock time " + Instant.ofEpochMilli(nowMs));
        }
        return time;
    }

    private static String code(String field) {
        return field.replace('_', '-');
    }
}
