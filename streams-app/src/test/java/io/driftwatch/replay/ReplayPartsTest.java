package io.driftwatch.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.driftwatch.monitor.MonitorConfig;

class ReplayPartsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> order(History h) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            out.add(new String(h.value(i), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void partitionsKeepTheirOffsetOrderAndMergeByTheTimestampOfTheirNextRecord() {
        History h = new History.Builder()
            .add(History.Kind.ACTUAL, "0", 10, 100, b("k"), b("a0@10"))
            .add(History.Kind.ACTUAL, "0", 5, 101, b("k"), b("a0@5 (late in its partition)"))
            .add(History.Kind.ACTUAL, "0", 30, 102, b("k"), b("a0@30"))
            .add(History.Kind.PREDICTION, "1", 7, 100, b("k"), b("p1@7"))
            .add(History.Kind.PREDICTION, "1", 20, 103, b("k"), b("p1@20"))
            .build();
        // a late record stays behind its partition's earlier ones, as Kafka Streams processes a partition in order
        assertThat(order(h)).containsExactly("p1@7", "a0@10", "a0@5 (late in its partition)", "p1@20", "a0@30");
        assertThat(h.inputs()).isEqualTo(5);
        assertThat(h.span()).containsExactly(5, 30);
    }

    @Test
    void globalRecordsGoBeforeTheFirstInputRecordWrittenAfterThem() {
        History h = new History.Builder()
            .add(History.Kind.ACTUAL, "0", 10, 1_000, b("k"), b("a@10 written at 1000"))
            .add(History.Kind.ACTUAL, "0", 20, 3_000, b("k"), b("a@20 written at 3000"))
            .add(History.Kind.MODEL_CONFIG, "0", 0, 2_000, b("m:1d"), b("v2 written at 2000"))
            .add(History.Kind.MODEL_CONFIG, "0", 0, 500, b("m:1d"), b("v1 written at 500"))
            .add(History.Kind.MONITOR_SETTINGS, "0", 0, 9_000, b("model:m"), b("override written at 9000"))
            .build();
        assertThat(order(h)).containsExactly("v1 written at 500", "a@10 written at 1000", "v2 written at 2000",
            "a@20 written at 3000", "override written at 9000");
        assertThat(h.inputs()).isEqualTo(2);
    }

    @Test
    void aGridIsTheCartesianProductOfItsValues() {
        List<Map<String, String>> c = Grid.combinations(List.of("monitor.fdr.q=0.05,0.01",
            "monitor.ks.severity=0.1,0.2,0.3|0.2,0.3,0.4"));
        assertThat(c).containsExactly(
            Map.of("monitor.fdr.q", "0.05", "monitor.ks.severity", "0.1,0.2,0.3"),
            Map.of("monitor.fdr.q", "0.05", "monitor.ks.severity", "0.2,0.3,0.4"),
            Map.of("monitor.fdr.q", "0.01", "monitor.ks.severity", "0.1,0.2,0.3"),
            Map.of("monitor.fdr.q", "0.01", "monitor.ks.severity", "0.2,0.3,0.4"));
        assertThat(Grid.combinations(List.of())).containsExactly(Map.of());
    }

    @Test
    void aGridValueTheMonitorRejectsFailsBeforeAnythingIsRead() {
        Map<String, Object> base = Map.of(MonitorConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1");
        assertThatThrownBy(() -> Grid.validate(base, Grid.combinations(List.of("monitor.fdr.q=0.05,2"))))
            .hasMessageContaining("combination {monitor.fdr.q=2}").hasMessageContaining("monitor.fdr.q");
        assertThatThrownBy(() -> Grid.validate(base, Grid.combinations(List.of("monitor.fdr.qq=1"))))
            .hasMessageContaining("monitor.fdr.qq: not a monitor setting");
        assertThatThrownBy(() -> Grid.combinations(List.of("monitor.fdr.q"))).hasMessageContaining("name=v1,v2");
    }

    @Test
    void incidentsParseDatesAsWholeDaysAndSayWhereALineIsWrong() {
        List<Incidents.Incident> list = Incidents.parse(List.of("model,series,start,end",
            "sales,*,2024-06-19,2024-06-30", "fx,USDCLP,2024-07-01T12:00:00Z,2024-07-02T00:00:00Z"), "f.csv");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).end() - list.get(0).start()).isEqualTo(12 * 86_400_000L);
        assertThat(list.get(1).series()).isEqualTo("USDCLP");
        assertThatThrownBy(() -> Incidents.parse(List.of("sales,*,2024-06-19"), "f.csv"))
            .hasMessageContaining("f.csv:1: expected 4 columns");
        assertThatThrownBy(() -> Incidents.parse(List.of("sales,*,June,2024-06-19"), "f.csv"))
            .hasMessageContaining("f.csv:1: 'June' is neither an ISO date");
    }
}
