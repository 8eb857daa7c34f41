package io.driftwatch.retrain.offline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A regularly spaced series read from a {@code date,value} CSV.
 *
 * <p>Format: one {@code date,value} pair per line; an optional header on the first line (a first
 * line whose value column is not a number); blank lines and lines starting with {@code #} ignored.
 * Dates: ISO date ({@code 2024-01-31}), ISO local date-time ({@code 2024-01-31T13:00}, read as UTC)
 * or ISO offset date-time / instant ({@code 2024-01-31T13:00:00Z}). Dates must increase strictly
 * and be regularly spaced: every gap equals the first (hourly, daily, weekly, any exact
 * duration), or every step is the same number of calendar months (1, 2, 3, 4, 6 or 12: monthly,
 * quarterly, annual...; calendar arithmetic, so 28-31-day months and leap years are regular).
 * Every problem is an {@link IllegalArgumentException} naming the line.
 *
 * @param times UTC times, oldest first
 * @param values finite values, same length
 * @param step the spacing between two points
 */
public record CsvSeries(List<LocalDateTime> times, double[] values, Step step) {

    /** The spacing of a series: exact, or whole calendar months (months > 0; exact is then the first gap). */
    public record Step(Duration exact, int months) {
        /** The time {@code k} steps after {@code t}. */
        public LocalDateTime after(LocalDateTime t, int k) {
            return months > 0 ? t.plusMonths((long) months * k) : t.plus(exact.multipliedBy(k));
        }
    }

    /** Parses a CSV; {@code source} names the input in error messages. */
    public static CsvSeries parse(Reader in, String source) throws IOException {
        List<LocalDateTime> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        BufferedReader reader = new BufferedReader(in);
        String line;
        int lineNo = 0;
        boolean first = true;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] cols = s.split("[,;\\t]", -1);
            if (cols.length != 2) {
                throw error(source, lineNo, "expected 2 columns date,value, got " + cols.length + ": '" + s + "'");
            }
            Double value = number(cols[1]);
            boolean header = first && value == null;
            first = false;
            if (header) {
                continue;
            }
            if (value == null || !Double.isFinite(value)) {
                throw error(source, lineNo, "value '" + cols[1].strip() + "' is not a finite number");
            }
            LocalDateTime t = time(cols[0].strip(), source, lineNo);
            if (!times.isEmpty() && !t.isAfter(times.get(times.size() - 1))) {
                throw error(source, lineNo, "date " + cols[0].strip() + " is not after the previous one");
            }
            times.add(t);
            values.add(value);
        }
        if (times.size() < 2) {
            throw new IllegalArgumentException(source + ": needs at least 2 data lines, got " + times.size());
        }
        return new CsvSeries(List.copyOf(times), values.stream().mapToDouble(Double::doubleValue).toArray(),
                step(times, source));
    }

    private static Double number(String raw) {
        try {
            return Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static LocalDateTime time(String raw, String source, int lineNo) {
        try {
            if (raw.length() == 10) {
                return LocalDate.parse(raw).atStartOfDay();
            }
            if (raw.endsWith("Z") || raw.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(raw).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            return LocalDateTime.parse(raw);
        } catch (DateTimeParseException e) {
            throw error(source, lineNo, "date '" + raw + "' is not ISO-8601 (e.g. 2024-01-31 or 2024-01-31T13:00:00Z)");
        }
    }

    private static Step step(List<LocalDateTime> times, String source) {
        Duration first = Duration.between(times.get(0), times.get(1));
        int months = calendarMonths(times.get(0), times.get(1));
        for (int i = 2; i < times.size(); i++) {
            Duration d = Duration.between(times.get(i - 1), times.get(i));
            boolean ok = months > 0 ? calendarMonths(times.get(i - 1), times.get(i)) == months : d.equals(first);
            if (!ok) {
                throw new IllegalArgumentException(
                        source + ": irregular spacing: " + times.get(i - 1) + " -> " + times.get(i) + " is " + d
                                + ", expected " + (months > 0 ? months + " calendar month(s)" : first));
            }
        }
        return new Step(first, months);
    }

    /**
     * The whole number of calendar months from a to b when b is a month-aligned step after a
     * (same time of day, same day of month, or both at or after the 28th, so month ends
     * 31 Jan -> 28/29 Feb -> 31 Mar count), for steps of 1, 2, 3, 4, 6 or 12 months (monthly to
     * annual; leap years included), else 0 (an exact spacing, e.g. daily or weekly).
     */
    static int calendarMonths(LocalDateTime a, LocalDateTime b) {
        if (!a.toLocalTime().equals(b.toLocalTime())) {
            return 0;
        }
        int k = (b.getYear() * 12 + b.getMonthValue()) - (a.getYear() * 12 + a.getMonthValue());
        boolean sameDay =
                a.getDayOfMonth() == b.getDayOfMonth() || (a.getDayOfMonth() >= 28 && b.getDayOfMonth() >= 28);
        return sameDay && (k == 1 || k == 2 || k == 3 || k == 4 || k == 6 || k == 12) ? k : 0;
    }

    private static IllegalArgumentException error(String source, int lineNo, String message) {
        return new IllegalArgumentException(source + " line " + lineNo + ": " + message);
    }

    /**
     * The usual season length for this spacing: 24 for hourly, 7 for daily, 52 for weekly, 12 for
     * monthly, 6 for bimonthly, 4 for quarterly, 3 for four-monthly, 2 for half-yearly, else 1 (no
     * seasonality, e.g. annual).
     */
    public int defaultSeasonLength() {
        if (step.months() > 0) {
            return 12 / step.months();
        }
        Duration d = step.exact();
        if (d.equals(Duration.ofHours(1))) {
            return 24;
        }
        if (d.equals(Duration.ofDays(1))) {
            return 7;
        }
        return d.equals(Duration.ofDays(7)) ? 52 : 1;
    }

    /** The last time as an instant (UTC). */
    public Instant lastInstant() {
        return times.get(times.size() - 1).toInstant(ZoneOffset.UTC);
    }
}
