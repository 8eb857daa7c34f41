package io.driftwatch.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;

import io.driftwatch.monitor.MonitorConfig;

/**
 * The setting combinations of a replay: the cartesian product of every {@code --grid name=v1,v2,...}, each applied on
 * top of the base settings. A value that itself holds commas (a severity triple) is written with {@code |} between
 * the values: {@code monitor.ks.severity=0.1,0.2,0.3|0.15,0.3,0.45}.
 */
public final class Grid {

    private Grid() {
    }

    /** The combinations, in order (the last --grid varies fastest); one empty combination without --grid. */
    public static List<Map<String, String>> combinations(List<String> grids) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (String grid : grids) {
            int eq = grid.indexOf('=');
            if (eq <= 0 || eq == grid.length() - 1) {
                throw new IllegalArgumentException("--grid " + grid + ": expected name=v1,v2,...");
            }
            String name = grid.substring(0, eq).trim();
            String values = grid.substring(eq + 1);
            String[] each = values.contains("|") ? values.split("\\|") : values.split(",");
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : out) {
                if (c.containsKey(name)) {
                    throw new IllegalArgumentException("--grid " + name + " given twice");
                }
                for (String v : each) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(name, v.trim());
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /** Checks every combination against the monitor's settings now, before any history is read. */
    public static void validate(Map<String, Object> base, List<Map<String, String>> combinations) {
        for (Map<String, String> c : combinations) {
            for (String name : c.keySet()) {
                if (!MonitorConfig.configDef().names().contains(name)) {
                    throw new IllegalArgumentException("--grid " + name + ": not a monitor setting (see"
                        + " docs/configuration.md)");
                }
            }
            Map<String, Object> props = new LinkedHashMap<>(base);
            props.putAll(c);
            try {
                new MonitorConfig(props);
            } catch (ConfigException e) {
                throw new IllegalArgumentException("combination " + c + ": " + e.getMessage(), e);
            }
        }
    }
}
