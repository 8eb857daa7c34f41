package io.driftwatch.harness;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.monitor.MonitorConfig;

/**
 * The detector evaluation harness (a benchmark, not a test): generates seeded streams with known changes
 * ({@link Generator}), runs the real monitor over them once per compared setting ({@link MonitorRun}) and MOA's
 * detectors as peers ({@link MoaPeers}), and prints the error rates of every detector ({@link Scoring}) as Markdown
 * tables. See docs/detectors.md.
 *
 * <pre>
 * mvn -q -pl bench -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=/tmp/bench-cp.txt
 * java -Xmx4g -cp bench/target/classes:$(cat /tmp/bench-cp.txt) io.driftwatch.harness.DetectorHarness \
 *     [--seed 1] [--series-per-model 150] [--days 210] [--change-day 150] [--score-from 30] [--within 28]
 *     [--changed-fraction 0.1] [--fleets fx,weekly,yearly,t3,intermittent] [--shapes level,scale,gradual]
 *     [--setting 'NAME:name=value;name=value']... [--set name=value]... [--peers all|none|moa:ADWIN,...] [--peer-target
 *     0.5] [--by-fleet]
 * </pre>
 *
 * {@code --setting} adds one compared setting (monitor settings by name, as {@code --set} of {@code driftwatch run
 * monitor} takes them, separated by ';'); without any, {@code defaults:} and
 * {@code residual-per-series:monitor.ks.quantity=residual;monitor.per-series=true}. {@code --set} applies to all.
 */
public final class DetectorHarness {

    /** The parsed command line. */
    record Options(
            long seed,
            int seriesPerModel,
            int days,
            int changeDay,
            int scoreFrom,
            int within,
            double changedFraction,
            List<Fleet> fleets,
            List<Shape> shapes,
            Map<String, Map<String, String>> settings,
            List<MoaPeers.Peer> peers,
            double peerTarget,
            boolean byFleet,
            Duration timeout) {

        static Options parse(String... args) {
            Map<String, String> one = new LinkedHashMap<>(Map.of(
                    "--seed",
                    "1",
                    "--series-per-model",
                    "150",
                    "--days",
                    "210",
                    "--change-day",
                    "150",
                    "--score-from",
                    "30",
                    "--within",
                    "28",
                    "--changed-fraction",
                    "0.1",
                    "--fleets",
                    "fx,weekly,yearly,t3,intermittent",
                    "--shapes",
                    "level,scale,gradual",
                    "--peers",
                    "all"));
            one.put("--timeout-minutes", "15");
            one.put("--peer-target", "0.5");
            List<String> settingArgs = new ArrayList<>();
            Map<String, String> common = new LinkedHashMap<>();
            boolean byFleet = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--by-fleet")) {
                    byFleet = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--setting" -> settingArgs.add(v);
                    case "--set" -> common.putAll(pairs(v));
                    default -> {
                        if (!one.containsKey(a)) {
                            throw new IllegalArgumentException("unknown option " + a + "; options: " + one.keySet()
                                + ", --setting, --set, --by-fleet");
                        }
                        one.put(a, v);
                    }
                }
            }
            if (settingArgs.isEmpty()) {
                settingArgs = List.of(
                        "defaults:", "residual-per-series:monitor.ks.quantity=residual;monitor.per-series=true");
            }
            Map<String, Map<String, String>> settings = new LinkedHashMap<>();
            for (String s : settingArgs) {
                int colon = s.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("--setting is NAME:name=value;name=value, got '" + s + "'");
                }
                Map<String, String> m = new LinkedHashMap<>(common);
                m.putAll(pairs(s.substring(colon + 1)));
                settings.put(s.substring(0, colon), m);
            }
            List<MoaPeers.Peer> peers = switch (one.get("--peers")) {
                case "all" -> List.copyOf(MoaPeers.PEERS.values());
                case "none" -> List.of();
                default -> Arrays.stream(one.get("--peers").split(",")).map(String::trim).map(MoaPeers::peer).toList();
            };
            int days = Integer.parseInt(one.get("--days"));
            int changeDay = Integer.parseInt(one.get("--change-day"));
            if (changeDay >= days) {
                throw new IllegalArgumentException("--change-day must be before --days");
            }
            return new Options(
                    Long.parseLong(one.get("--seed")),
                    Integer.parseInt(one.get("--series-per-model")),
                    days,
                    changeDay,
                    Integer.parseInt(one.get("--score-from")),
                    Integer.parseInt(one.get("--within")),
                    Double.parseDouble(one.get("--changed-fraction")),
                    Arrays.stream(one.get("--fleets").split(","))
                            .map(String::trim)
                            .map(Fleet::byId)
                            .toList(),
                    Arrays.stream(one.get("--shapes").split(","))
                            .map(String::trim)
                            .map(Shape::byId)
                            .toList(),
                    settings,
                    peers,
                    Double.parseDouble(one.get("--peer-target")),
                    byFleet,
                    Duration.ofMinutes(Long.parseLong(one.get("--timeout-minutes"))));
        }

        /** {@code a=1;b=2} (values may hold commas, as monitor.rules and the severity lists do). */
        static Map<String, String> pairs(String text) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String p : text.split(";")) {
                if (p.isBlank()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("expected name=value, got '" + p + "'");
                }
                out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
            return out;
        }

        Scoring.Params params() {
            return new Scoring.Params(days, scoreFrom, changeDay, within);
        }
    }

    private DetectorHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-cli.xml"); // the CLI's logging, to stderr
        }
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.driftwatch");
        Options o = Options.parse(args);
        for (Map<String, String> settings : o.settings().values()) { // every setting's names and values, before any run
            Map<String, String> all = new LinkedHashMap<>(MonitorRun.BASE);
            all.putAll(settings);
            MonitorRun.checkNames(new MonitorConfig(all), settings);
        }
        long start = System.nanoTime();
        List<Series> streams = Generator.generate(
                o.seed(), o.seriesPerModel(), o.days(), o.changeDay(), o.changedFraction(), o.fleets(), o.shapes());
        PrintStream out = System.out;
        out.printf(
                "# detector harness: seed %d, %,d series (%d per model, %d models), %d days, change at day %d in"
                        + " %.0f%% of the series of each changed model, scored from day %d, found = within %d days%n",
                o.seed(),
                streams.size(),
                o.seriesPerModel(),
                streams.stream().map(Series::modelId).distinct().count(),
                o.days(),
                o.changeDay(),
                o.changedFraction() * 100,
                o.scoreFrom(),
                o.within());
        Map<String, List<Flag>> flagsBySetting = new LinkedHashMap<>();
        Map<String, Set<String>> peerLabels = new LinkedHashMap<>();
        if (!o.settings().isEmpty() && !o.settings().containsKey("none")) {
            try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
                int i = 0;
                for (Map.Entry<String, Map<String, String>> s : o.settings().entrySet()) {
                    MonitorRun.Result r = MonitorRun.run(broker, "h" + (i++), s.getValue(), streams, o.timeout());
                    out.printf(
                            "%n- setting `%s` (%s): produced in %.1f s, monitor ran %.1f s; %,d triggers, %,d"
                                    + " anomalies%n",
                            s.getKey(),
                            s.getValue().isEmpty() ? "defaults" : s.getValue(),
                            r.produceSeconds(),
                            r.monitorSeconds(),
                            r.triggers(),
                            r.anomalies());
                    flagsBySetting.put(s.getKey(), r.flags());
                }
            }
        }
        if (!o.peers().isEmpty()) {
            long t0 = System.nanoTime();
            List<MoaPeers.Tuned> defaults = o.peers().stream().map(p -> p.at(p.defaultValue())).toList();
            flagsBySetting.put("MOA defaults", MoaPeers.run(streams, defaults));
            peerLabels.put("MOA defaults", labels(defaults));
            if (o.peerTarget() > 0) {
                // calibrated on stable streams of another seed: no peer sees the scored streams before it is scored
                List<Series> calibration = Generator.generate(
                        o.seed() + 1_000_000L, o.seriesPerModel(), o.days(), o.changeDay(), 0, o.fleets(), List.of());
                List<MoaPeers.Tuned> tuned = o.peers().stream()
                    .map(p -> MoaPeers.calibrate(p, calibration, o.params(), o.peerTarget())).toList();
                String group = String.format("MOA calibrated to <= %s / 1,000", o.peerTarget());
                flagsBySetting.put(group, MoaPeers.run(streams, tuned));
                peerLabels.put(group, labels(tuned));
            }
            out.printf(
                    "%n- MOA peers (%s): %.1f s (calibration of their thresholds on %,d stable series of seed %d"
                            + " included)%n",
                    o.peers().stream().map(MoaPeers.Peer::name).toList(),
                    (System.nanoTime() - t0) / 1e9,
                    o.peerTarget() > 0
                            ? streams.stream().filter(Series::stableModel).count()
                            : 0,
                    o.seed() + 1_000_000L);
        }
        print(out, new Scoring(o.params(), streams), flagsBySetting, peerLabels, "all fleets");
        if (o.byFleet()) {
            for (Fleet f : o.fleets()) {
                List<Series> subset = streams.stream().filter(s -> s.fleet() == f).toList();
                print(out, new Scoring(o.params(), subset), flagsBySetting, peerLabels, "fleet " + f.id);
            }
        }
        out.printf("%nwall time %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static Set<String> labels(List<MoaPeers.Tuned> peers) {
        return peers.stream().map(MoaPeers.Tuned::label).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static void print(
            PrintStream out,
            Scoring scoring,
            Map<String, List<Flag>> flagsBySetting,
            Map<String, Set<String>> peers,
            String title) {
        List<Shape> shapes = new ArrayList<>();
        out.printf("%n## Per series, %s%n%n", title);
        StringBuilder head = new StringBuilder(
                "| setting | detector | false flags / 1,000 series-days | series-days between false flags "
                        + "| stable series flagged |");
        StringBuilder rule = new StringBuilder("|---|---|---:|---:|---:|");
        boolean headed = false;
        for (Map.Entry<String, List<Flag>> e : flagsBySetting.entrySet()) {
            Set<String> also = peers.getOrDefault(e.getKey(), Set.of());
            for (Scoring.SeriesRow r : scoring.perSeries(e.getValue(), also)) {
                if (!headed) {
                    shapes.addAll(r.detection().keySet());
                    shapes.forEach(s -> {
                        head.append(" ").append(s.id).append(": series found within limit, missed, median delay |");
                        rule.append("---:|");
                    });
                    out.println(head);
                    out.println(rule);
                    headed = true;
                }
                StringBuilder line = new StringBuilder(String.format(
                        "| %s | %s | %.2f | %s | %d of %d |",
                        e.getKey(),
                        r.detector(),
                        r.falsePerThousand(),
                        Double.isInfinite(r.meanDaysBetweenFalse())
                                ? "none"
                                : String.format("%,.0f", r.meanDaysBetweenFalse()),
                        r.stableSeriesFlagged(),
                        r.stableSeries()));
                r.detection().values().forEach(d -> line.append(" ").append(cell(d)).append(" |"));
                out.println(line);
            }
        }
        out.printf("%n## Model level, %s%n%n", title);
        boolean modelHeaded = false;
        for (Map.Entry<String, List<Flag>> e : flagsBySetting.entrySet()) {
            if (peers.containsKey(e.getKey())) {
                continue;
            }
            for (Scoring.ModelRow r : scoring.modelLevel(e.getValue(), Set.of())) {
                if (!modelHeaded) {
                    StringBuilder h =
                            new StringBuilder("| setting | detector | flags per stable model-year | unsuppressed |");
                    StringBuilder ru = new StringBuilder("|---|---|---:|---:|");
                    r.detection().keySet().forEach(s -> {
                        h.append(" ").append(s.id).append(": models flagged within limit, missed, median days |");
                        ru.append("---:|");
                    });
                    out.println(h);
                    out.println(ru);
                    modelHeaded = true;
                }
                StringBuilder line = new StringBuilder(String.format(
                        "| %s | %s | %.1f | %.1f |",
                        e.getKey(), r.detector(), r.falsePerModelYear(), r.unsuppressedPerModelYear()));
                r.detection().values().forEach(d -> line.append(" ").append(cell(d)).append(" |"));
                out.println(line);
            }
            out.printf(
                    "| %s | (all: unsuppressed RETRAIN) | | %.1f |%n",
                    e.getKey(), scoring.retrainPerStableModelYear(e.getValue()));
        }
    }

    /** "found/changed found, missed share, median delay of the found". */
    static String cell(Scoring.Detection d) {
        return String.format("%d/%d found, %.0f%% missed, %s", d.found(), d.changed(), 100 * (1 - d.foundShare()),
            Double.isNaN(d.medianDelay()) ? "-" : String.format("%.1f d", d.medianDelay()));
    }
}
