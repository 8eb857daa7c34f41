package io.driftwatch.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import io.driftwatch.monitor.MonitorConfig;

/** The command line and the printed tables. */
class DetectorHarnessTest {

    @Test
    void settingsKeepCommasInValuesAndSetAppliesToAll() {
        DetectorHarness.Options o = DetectorHarness.Options.parse(
                "--setting",
                "a:monitor.ks.severity=0.1,0.2,0.3;monitor.per-series=true",
                "--setting",
                "b:",
                "--set",
                "monitor.cooldown=14d",
                "--shapes",
                "level",
                "--peers",
                "ADWIN,CusumDM");
        assertThat(o.settings()).containsOnlyKeys("a", "b");
        assertThat(o.settings().get("a")).containsExactly(Map.entry("monitor.cooldown", "14d"),
            Map.entry("monitor.ks.severity", "0.1,0.2,0.3"), Map.entry("monitor.per-series", "true"));
        assertThat(o.settings().get("b")).containsExactly(Map.entry("monitor.cooldown", "14d"));
        assertThat(o.shapes()).containsExactly(Shape.LEVEL);
        assertThat(o.peers()).extracting(MoaPeers.Peer::name).containsExactly("moa:ADWIN", "moa:CusumDM");
    }

    @Test
    void defaultsCompareTodaysTwoSettingsOnThreeThousandSeries() {
        DetectorHarness.Options o = DetectorHarness.Options.parse();
        assertThat(o.settings()).containsOnlyKeys("defaults", "residual-per-series");
        assertThat(o.settings().get("residual-per-series"))
                .containsExactly(Map.entry("monitor.ks.quantity", "residual"), Map.entry("monitor.per-series", "true"));
        assertThat(o.seriesPerModel() * o.fleets().size() * (o.shapes().size() + 1)).isEqualTo(3000);
        assertThat(o.peers()).hasSize(5);
    }

    @Test
    void badArgumentsSayWhatIsExpected() {
        assertThatThrownBy(() -> DetectorHarness.Options.parse("--sed", "1"))
                .hasMessageContaining("unknown option --sed");
        assertThatThrownBy(() -> DetectorHarness.Options.parse("--setting", "x=1"))
                .hasMessageContaining("NAME:name=value");
        assertThatThrownBy(() -> DetectorHarness.Options.parse("--days", "100", "--change-day", "100"))
            .hasMessageContaining("--change-day");
        assertThatThrownBy(() -> DetectorHarness.Options.parse("--peers", "DDM"))
                .hasMessageContaining("unknown peer 'DDM'");
    }

    @Test
    void aMisspeltMonitorSettingStopsTheRun() {
        MonitorConfig config = new MonitorConfig(Map.of("monitor.ks.alpah", "0.01"));
        assertThatThrownBy(() -> MonitorRun.checkNames(config, Map.of("monitor.ks.alpah", "0.01")))
            .hasMessageContaining("unknown monitor setting 'monitor.ks.alpah'");
        MonitorRun.checkNames(config, Map.of("monitor.ks.alpha", "0.01", "num.stream.threads", "1"));
    }

    /** Two stable series, two changed: one false flag, one change found after 3 days, one missed; a silent peer row. */
    @Test
    void printsTheRowsOfAKnownAnswer() {
        int days = 100;
        List<Series> truth = List.of(
                series("w-stable", "a", Shape.NONE, false, days),
                series("w-stable", "b", Shape.NONE, false, days),
                series("w-level", "c", Shape.LEVEL, true, days),
                series("w-level", "d", Shape.LEVEL, true, days));
        Map<String, List<Flag>> flags = new LinkedHashMap<>();
        flags.put("s", List.of(new Flag("D/series", "w-stable", "a", 40, false, "RETRAIN"),
            new Flag("D/series", "w-level", "c", 53, false, "RETRAIN"),
            new Flag("M/model", "w-level", null, 60, true, "RETRAIN")));
        flags.put("MOA x", List.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DetectorHarness.print(
                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new Scoring(new Scoring.Params(days, 20, 50, 28), truth),
                flags,
                Map.of("MOA x", Set.of("moa:X")),
                "test");
        String out = bytes.toString(StandardCharsets.UTF_8);
        // 1 false flag in 2 x 80 stable series-days: 6.25 per 1,000, one every 160 series-days
        assertThat(out).contains("| s | D/series | 6.25 | 160 | 1 of 2 | 1/2 found, 50% missed, 3.0 d |");
        assertThat(out).contains("| MOA x | moa:X | 0.00 | none | 0 of 2 | 0/2 found, 100% missed, - |");
        assertThat(out).contains("| s | M/model | 0.0 | 0.0 | 1/1 found, 0% missed, 10.0 d |");
        // the stable model's unsuppressed RETRAIN: 1 in 80 model-days
        assertThat(out).contains(String.format("| s | (all: unsuppressed RETRAIN) | | %.1f |", 365.0 / 80));
    }

    private static Series series(String model, String id, Shape shape, boolean changed, int days) {
        return new Series(
                model,
                id,
                Fleet.SALES_WEEKLY,
                shape,
                changed,
                50,
                1,
                new double[days],
                new double[days],
                new double[days],
                new double[days]);
    }
}
