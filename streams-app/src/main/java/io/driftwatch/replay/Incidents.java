package io.driftwatch.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.driftwatch.avro.DriftTrigger;

/**
 * Known incidents to score a replay against, from a CSV file with the columns {@code model,series,start,end}
 * (a header line naming them is optional; {@code series} is a series id or {@code *} for every series of the model;
 * start and end are ISO dates or instants, end inclusive when a date). An unsuppressed trigger of the model (and of
 * the series, or of the whole model) detected in [start, end] is a hit; the first hit's delay from start is the
 * detection delay.
 */
public final class Incidents {

    /** One incident: [start, end) in epoch millis. */
    public record Incident(String model, String series, long start, long end) {

        /** True when {@code t} (unsuppressed) points at this incident: same model, same series or a model-wide one. */
        boolean matches(DriftTrigger t) {
            if (!model.equals(t.getModelId())) {
                return false;
            }
            long at = t.getDetectedAt().toEpochMilli();
            boolean seriesMatch = series.equals("*") || t.getSeriesId() == null || series.equals(t.getSeriesId());
            return seriesMatch && at >= start && at < end;
        }

        /** Matches the model and series, whatever the time. */
        boolean concerns(DriftTrigger t) {
            return model.equals(t.getModelId())
                && (series.equals("*") || t.getSeriesId() == null || series.equals(t.getSeriesId()));
        }
    }

    private Incidents() {
    }

    public static List<Incident> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read incidents file " + file, e);
        }
        return parse(lines, file.toString());
    }

    static List<Incident> parse(List<String> lines, String source) {
        List<Incident> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (i == 0 && f[0].trim().toLowerCase(Locale.ROOT).equals("model")) {
                continue; // header
            }
            String where = source + ":" + (i + 1) + ": ";
            if (f.length != 4) {
                throw new IllegalArgumentException(where + "expected 4 columns model,series,start,end, got " + f.length
                    + ": " + line);
            }
            long start = time(f[2].trim(), false, where);
            long end = time(f[3].trim(), true, where);
            if (end <= start) {
                throw new IllegalArgumentException(where + "end " + f[3].trim() + " is not after start " + f[2].trim());
            }
            String series = f[1].trim().isEmpty() ? "*" : f[1].trim();
            out.add(new Incident(f[0].trim(), series, start, end));
        }
        return out;
    }

    /** An ISO date (start of that day UTC; for an end, the start of the next day) or an ISO instant. */
    static long time(String text, boolean end, String where) {
        try {
            if (text.length() == 10) {
                LocalDate d = LocalDate.parse(text);
                return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + "'" + text + "' is neither an ISO date (2024-03-01) nor an ISO"
                + " instant (2024-03-01T00:00:00Z)");
        }
    }
}
