package io.driftwatch.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The provisioned Grafana dashboard ({@code ops/grafana/dashboards/driftwatch.json}), read by tests. */
final class Dashboard {

    static final Path FILE = Path.of("..", "ops", "grafana", "dashboards", "driftwatch.json");
    /**
     * driftwatch's and the Kafka clients' metric names; not {@code kafka_connect_*}, which the Connect worker's
     * JMX exporter serves (the connectors module's ConnectJmxExporterIT checks those).
     */
    private static final Pattern METRIC = Pattern.compile("\\b((?:driftwatch|kafka)_(?!connect_)[a-z0-9_]+)\\b");

    private Dashboard() {
    }

    /** Every PromQL expression of every panel. */
    static List<String> expressions() throws IOException {
        JsonNode root = new ObjectMapper().readTree(FILE.toFile());
        List<String> out = new ArrayList<>();
        root.path("panels").forEach(p -> p.path("targets").forEach(t -> out.add(t.path("expr").asText())));
        return out;
    }

    /** Metric names the expressions use whose name starts with {@code prefix} ({@code driftwatch_}, {@code kafka_}). */
    static Set<String> metrics(String prefix) throws IOException {
        return metricsIn(expressions(), prefix);
    }

    static final Path RUNBOOKS = Path.of("..", "docs", "runbooks.md");

    /** Metric names {@code docs/runbooks.md} refers to, starting with {@code prefix}. */
    static Set<String> runbookMetrics(String prefix) throws IOException {
        return metricsIn(Files.readAllLines(RUNBOOKS), prefix);
    }

    private static Set<String> metricsIn(List<String> texts, String prefix) {
        Set<String> names = new TreeSet<>();
        for (String expr : texts) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                if (m.group(1).startsWith(prefix)) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
