package io.driftwatch.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.replay.Grid;
import io.driftwatch.replay.History;
import io.driftwatch.replay.HistoryReader;
import io.driftwatch.replay.Incidents;
import io.driftwatch.replay.Progress;
import io.driftwatch.replay.Replay;
import io.driftwatch.replay.ReplayRun;
import io.driftwatch.replay.ReplaySummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "What would it have said? Replays the history of predictions, actuals and metric-observations through the"
                + " monitor's own topology (in this process, on Kafka Streams' TopologyTestDriver; read-only: no"
                + " group, no commit, nothing written), once per setting combination, and prints what it would have"
                + " raised: triggers by type and severity, RETRAIN triggers per model per 30 days, the series"
                + " flagged, the dates, and with --incidents the hits, misses and detection delays.",
            "Settings as for `run monitor` (--config, DRIFTWATCH_*, -s/--set); --grid varies them."})
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "DATE",
        description = "Start of the history to replay, by event time (ISO date 2024-01-01 or instant).")
    String from;

    @Option(names = "--to", paramLabel = "DATE",
        description = "End of the history to replay, exclusive (default: everything on the topics).")
    String to;

    @Option(names = "--model", paramLabel = "MODEL", split = ",",
        description = "Replay only these models' predictions and metric observations (repeatable; default: all).")
    List<String> models = new ArrayList<>();

    @Option(names = "--grid", paramLabel = "NAME=V1,V2,...",
        description = "Try each value of a monitor setting; several --grid make a cartesian product. Values that"
            + " contain commas are separated by '|'.")
    List<String> grids = new ArrayList<>();

    @Option(names = "--incidents", paramLabel = "FILE",
        description = "CSV of known incidents, columns model,series,start,end (series * = every series): adds hits,"
            + " misses and detection delay per incident.")
    Path incidents;

    @Option(names = "--json", description = "Print one JSON document instead of the text report.")
    boolean json;

    @Option(names = "--parallel", paramLabel = "N",
        description = "Combinations replayed at once, one thread each (default: the number of cores).")
    Integer parallel;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> base = kafka.load();
        CommonConfig common = new CommonConfig(base);
        Instant start = instant("--from", from);
        Instant end = to == null ? null : instant("--to", to);
        if (end != null && !end.isAfter(start)) {
            throw new IllegalArgumentException("--to " + to + " is not after --from " + from);
        }
        List<Map<String, String>> combinations = Grid.combinations(grids);
        Grid.validate(base, combinations);
        List<Incidents.Incident> known = incidents == null ? List.of() : Incidents.read(incidents);
        int threads = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
        if (threads < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1");
        }
        PrintStream err = System.err;
        History history;
        List<ReplayRun.Result> results;
        long t0 = System.nanoTime();
        try (Progress progress = new Progress(err, Progress.stderrIsTerminal(), 10_000)) {
            progress.phase("reading", 0);
            history = new HistoryReader(common).read(start, end, Set.copyOf(models), n -> progress.counter().set(n));
            if (history.inputs() == 0) {
                throw new IllegalArgumentException("no predictions, actuals or metric observations with an event time"
                    + " from " + start + (end == null ? "" : " to " + end) + " on the topics");
            }
            err.printf(Locale.ROOT, "read %,d records (%,d inputs) in %.1f s; replaying %d combination(s), %d at a"
                    + " time%n", history.size(), history.inputs(), (System.nanoTime() - t0) / 1e9,
                combinations.size(), Math.min(threads, combinations.size()));
            progress.phase("replaying", (long) history.size() * combinations.size());
            results = Replay.run(history, base, combinations, threads, progress.counter());
        }
        print(history, results, start, end, known);
        return 0;
    }

    private void print(History history, List<ReplayRun.Result> results, Instant start, Instant end,
                       List<Incidents.Incident> known) {
        Set<String> replayed = models.isEmpty() ? new TreeSet<>(history.models()) : new TreeSet<>(models);
        Map<String, String> fixed = new LinkedHashMap<>();
        kafka.settings.forEach((k, v) -> {
            if (k.startsWith("monitor.")) {
                fixed.put(k, v);
            }
        });
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode doc = mapper.createObjectNode();
        doc.put("from", start.toString());
        doc.put("to", end == null ? null : end.toString());
        long[] span = history.span();
        doc.put("first_event", Instant.ofEpochMilli(span[0]).toString());
        doc.put("last_event", Instant.ofEpochMilli(span[1]).toString());
        doc.put("records", history.size());
        ArrayNode list = doc.putArray("combinations");
        for (ReplayRun.Result r : results) {
            Map<String, String> applied = new LinkedHashMap<>(fixed);
            applied.putAll(r.combination());
            list.add(ReplaySummary.of(r, span, applied, replayed, known));
        }
        if (json) {
            System.out.println(doc.toPrettyString());
            return;
        }
        System.out.printf(Locale.ROOT, "replayed %,d records, events %s .. %s%n", history.size(),
            doc.get("first_event").asText(), doc.get("last_event").asText());
        for (int i = 0; i < list.size(); i++) {
            System.out.print(ReplaySummary.text((ObjectNode) list.get(i), i + 1, list.size()));
        }
    }

    static Instant instant(String option, String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " " + text + ": expected an ISO date (2024-01-01) or instant"
                + " (2024-01-01T00:00:00Z)");
        }
    }
}
