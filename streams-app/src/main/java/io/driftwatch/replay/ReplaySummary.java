package io.driftwatch.replay;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.Severity;
import io.driftwatch.monitor.MonitorConfig;

/**
 * What one replay says, as figures: unsuppressed triggers by type and severity, RETRAIN triggers per model per 30
 * days, the series flagged, the dates, and against known incidents hits, misses and detection delays. Suppressed
 * triggers (cooldown, {@code monitor.triggers.active-from}) are counted apart: they would not have reached the
 * retrain service. Also the combination's settings as the {@code monitor-settings} records that apply them live.
 */
public final class ReplaySummary {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY_MS = 86_400_000L;

    private ReplaySummary() {
    }

    /**
     * @param result    one run
     * @param span      [first, last] event time of the replayed inputs (for the per-30-days rate)
     * @param applied   the settings to apply live: the command's {@code --set} values and this combination's
     * @param models    model ids for the monitor-settings records (those replayed)
     * @param incidents known incidents, may be empty
     */
    public static ObjectNode of(ReplayRun.Result result, long[] span, Map<String, String> applied, Set<String> models,
                                List<Incidents.Incident> incidents) {
        List<DriftTrigger> live = result.triggers().stream().filter(t -> !t.getSuppressed()).toList();
        ObjectNode out = JSON.createObjectNode();
        ObjectNode settings = out.putObject("settings");
        result.combination().forEach(settings::put);
        out.put("triggers", live.size());
        out.put("suppressed", result.triggers().size() - live.size());
        ObjectNode byType = out.putObject("by_type");
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        live.forEach(t -> counts.computeIfAbsent(t.getType().name(), k -> new TreeMap<>())
            .merge(t.getSeverity().name(), 1, Integer::sum));
        counts.forEach((type, bySeverity) -> {
            ObjectNode n = byType.putObject(type);
            for (Severity s : Severity.values()) {
                n.put(s.name(), bySeverity.getOrDefault(s.name(), 0));
            }
        });
        double months = span == null ? 0 : Math.max(1.0, (span[1] - span[0]) / (double) DAY_MS) / 30.0;
        ObjectNode retrain = out.putObject("retrain_per_model_per_30d");
        Map<String, Integer> retrains = new TreeMap<>();
        models.forEach(m -> retrains.put(m, 0));
        live.stream().filter(t -> t.getRecommendation() == Recommendation.RETRAIN)
            .forEach(t -> retrains.merge(t.getModelId(), 1, Integer::sum));
        retrains.forEach((m, n) -> retrain.put(m, months == 0 ? 0 : round(n / months)));
        Set<String> flagged = new TreeSet<>();
        live.stream().filter(t -> t.getSeriesId() != null).forEach(t -> flagged.add(t.getSeriesId()));
        out.put("series_flagged", flagged.size());
        ArrayNode flaggedList = out.putArray("series");
        flagged.forEach(flaggedList::add);
        ObjectNode dates = out.putObject("dates");
        Map<String, Set<String>> byScope = new TreeMap<>();
        live.forEach(t -> byScope.computeIfAbsent(t.getModelId() + ":" + t.getHorizon() + " " + t.getType(),
            k -> new TreeSet<>()).add(day(t.getDetectedAt().toEpochMilli())));
        byScope.forEach((k, v) -> v.forEach(dates.withArray(k)::add));
        if (!incidents.isEmpty()) {
            out.set("incidents", score(live, incidents));
        }
        out.put("dead_letters", result.deadLetters());
        out.put("anomalies", result.anomalies());
        out.put("records", result.records());
        out.put("seconds", round(result.millis() / 1000.0));
        out.set("monitor_settings", overrides(applied, models));
        ObjectNode restart = out.putObject("monitor_config");
        applied.forEach((k, v) -> {
            if (!MonitorConfig.OVERRIDABLE.contains(k)) {
                restart.put(k, v);
            }
        });
        return out;
    }

    private static ObjectNode score(List<DriftTrigger> live, List<Incidents.Incident> incidents) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("list");
        int hits = 0;
        double delays = 0;
        for (Incidents.Incident inc : incidents) {
            ObjectNode n = list.addObject();
            n.put("model", inc.model()).put("series", inc.series())
                .put("start", Instant.ofEpochMilli(inc.start()).toString())
                .put("end", Instant.ofEpochMilli(inc.end()).toString());
            DriftTrigger first = live.stream().filter(inc::matches)
                .min((a, b) -> a.getDetectedAt().compareTo(b.getDetectedAt())).orElse(null);
            n.put("hit", first != null);
            if (first != null) {
                hits++;
                double delay = (first.getDetectedAt().toEpochMilli() - inc.start()) / (double) DAY_MS;
                delays += delay;
                n.put("delay_days", round(delay));
                n.put("first_trigger", day(first.getDetectedAt().toEpochMilli()) + " " + first.getType()
                    + (first.getSeriesId() == null ? "" : " " + first.getSeriesId()));
            }
        }
        long outside = live.stream().filter(t -> incidents.stream().noneMatch(i -> i.matches(t))).count();
        out.put("hits", hits).put("misses", incidents.size() - hits)
            .put("mean_delay_days", hits == 0 ? null : round(delays / hits))
            .put("triggers_outside_incidents", outside);
        return out;
    }

    /** One {@code monitor-settings} record per model: the overridable settings, as `produce` reads them. */
    private static ArrayNode overrides(Map<String, String> applied, Set<String> models) {
        ArrayNode out = JSON.createArrayNode();
        Map<String, String> overridable = new TreeMap<>();
        applied.forEach((k, v) -> {
            if (MonitorConfig.OVERRIDABLE.contains(k)) {
                overridable.put(k, v);
            }
        });
        if (overridable.isEmpty()) {
            return out;
        }
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (String m : models) {
            ObjectNode r = out.addObject();
            r.put("scope", "model").put("scope_id", m);
            ObjectNode s = r.putObject("settings");
            overridable.forEach(s::put);
            r.put("updated_at", now).put("updated_by", "driftwatch replay");
        }
        return out;
    }

    /** The summary as text, for a terminal. */
    public static String text(ObjectNode s, int index, int of) {
        StringBuilder b = new StringBuilder();
        List<String> set = new ArrayList<>();
        s.get("settings").fields().forEachRemaining(e -> set.add(e.getKey() + "=" + e.getValue().asText()));
        b.append(String.format(Locale.ROOT, "== combination %d/%d: %s%n", index, of,
            set.isEmpty() ? "(the settings as given)" : String.join(" ", set)));
        b.append(String.format(Locale.ROOT, "triggers %d (suppressed %d), series flagged %d, anomalies %d, dead"
            + " letters %d; %d records in %.1f s%n", s.get("triggers").asInt(), s.get("suppressed").asInt(),
            s.get("series_flagged").asInt(), s.get("anomalies").asLong(), s.get("dead_letters").asLong(),
            s.get("records").asLong(), s.get("seconds").asDouble()));
        List<String> rates = new ArrayList<>();
        s.get("retrain_per_model_per_30d").fields().forEachRemaining(e -> rates.add(e.getKey() + " "
            + e.getValue().asText()));
        b.append("RETRAIN triggers per model per 30 days: ").append(rates.isEmpty() ? "-" : String.join(", ", rates))
            .append('\n');
        if (!s.get("by_type").isEmpty()) {
            b.append(String.format(Locale.ROOT, "  %-24s %6s %6s %6s %8s%n", "type", "LOW", "MEDIUM", "HIGH",
                "CRITICAL"));
            s.get("by_type").fields().forEachRemaining(e -> b.append(String.format(Locale.ROOT,
                "  %-24s %6d %6d %6d %8d%n", e.getKey(), e.getValue().get("LOW").asInt(),
                e.getValue().get("MEDIUM").asInt(), e.getValue().get("HIGH").asInt(),
                e.getValue().get("CRITICAL").asInt())));
        }
        s.get("dates").fields().forEachRemaining(e -> {
            List<String> days = new ArrayList<>();
            e.getValue().forEach(d -> days.add(d.asText()));
            String shown = days.size() <= 8 ? String.join(" ", days)
                : String.join(" ", days.subList(0, 8)) + " ... (" + days.size() + " days, last " + days.get(
                    days.size() - 1) + ")";
            b.append("  ").append(e.getKey()).append(": ").append(shown).append('\n');
        });
        if (s.has("incidents")) {
            var inc = s.get("incidents");
            b.append(String.format(Locale.ROOT, "incidents: %d hits, %d misses, mean detection delay %s days, %d"
                + " triggers outside incidents%n", inc.get("hits").asInt(), inc.get("misses").asInt(),
                inc.get("mean_delay_days").isNull() ? "-" : inc.get("mean_delay_days").asText(),
                inc.get("triggers_outside_incidents").asLong()));
            inc.get("list").forEach(i -> b.append(String.format(Locale.ROOT, "  %s %s %s..%s %s%n",
                i.get("model").asText(), i.get("series").asText(), i.get("start").asText().substring(0, 10),
                i.get("end").asText().substring(0, 10), i.get("hit").asBoolean()
                    ? "hit after " + i.get("delay_days").asText() + " days (" + i.get("first_trigger").asText() + ")"
                    : "MISSED")));
        }
        if (!s.get("monitor_settings").isEmpty()) {
            b.append("apply live (monitor-settings overrides):\n");
            s.get("monitor_settings").forEach(r -> b.append("  echo '").append(r.toString())
                .append("' | ./driftwatch produce monitor-settings\n"));
        }
        if (!s.get("monitor_config").isEmpty()) {
            List<String> restart = new ArrayList<>();
            s.get("monitor_config").fields().forEachRemaining(e -> restart.add("-s " + e.getKey() + "="
                + e.getValue().asText()));
            b.append("not overridable live, set in the monitor's config: ").append(String.join(" ", restart))
                .append('\n');
        }
        return b.toString();
    }

    static String day(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString().substring(0, 10);
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
