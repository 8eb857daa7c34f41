package io.driftwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md hold in the code: every package of every module's main code is
 * on a floor of the doc's table, no import climbs a floor, and the packages import each other without
 * a cycle (checkstyle's ImportControl checks one edge at a time and lets a floor's packages import
 * each other, so it cannot see a cycle).
 */
class PackageLayersTest {

    private static final Path ROOT = Path.of("..");

    private static final Pattern FLOOR_ROW = Pattern.compile("^\\| (\\d+) \\| ([a-z., ]+) \\|$");

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package io\\.driftwatch\\.([a-z0-9_.]+);");

    /** Imports, static or not, of one of our classes (and a second class of one simple name, written in full). */
    private static final Pattern REFERENCE = Pattern.compile(
            "(?m)^(?:import (?:static )?|.*// same simple name.*?)io\\.driftwatch\\.((?:[a-z0-9_]+\\.)+)[A-Z]");

    @Test
    void importsPointDownTheDocumentedFloorsWithoutACycle() throws IOException {
        Map<String, Integer> floors = documentedFloors();
        Map<String, Set<String>> edges = packageGraph();
        assertThat(edges).as("packages of the main code").hasSizeGreaterThan(25);

        List<String> problems = new ArrayList<>();
        for (var e : edges.entrySet()) {
            Integer from = floorOf(e.getKey(), floors);
            if (from == null) {
                problems.add(e.getKey() + " is on no floor of docs/architecture.md");
                continue;
            }
            for (String to : e.getValue()) {
                Integer target = floorOf(to, floors);
                if (target != null && target > from) {
                    problems.add(e.getKey() + " (floor " + from + ") imports " + to + " (floor " + target + ")");
                }
            }
        }
        assertThat(problems).as("imports that climb a floor").isEmpty();
        assertThat(cycle(edges)).as("a cycle between packages").isEmpty();
    }

    @Test
    void theCheckFindsACycleAndOnlyACycle() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        assertThat(cycle(graph)).containsExactly("a", "b", "c", "a");
        graph.put("c", Set.of());
        assertThat(cycle(graph)).isEmpty();
        Map<String, Integer> floors = Map.of("retrain", 5, "retrain.search", 1);
        assertThat(floorOf("retrain.search", floors)).isEqualTo(1);
        assertThat(floorOf("retrain.service.x", floors)).isEqualTo(5);
        assertThat(floorOf("monitor", floors)).isNull();
    }

    /** The floors table of docs/architecture.md: package (relative to io.driftwatch) to floor. */
    private static Map<String, Integer> documentedFloors() throws IOException {
        Map<String, Integer> floors = new TreeMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("docs/architecture.md"))) {
            Matcher m = FLOOR_ROW.matcher(line);
            if (m.matches()) {
                for (String p : m.group(2).split(",")) {
                    floors.put(p.trim(), Integer.parseInt(m.group(1)));
                }
            }
        }
        assertThat(floors).as("the floors table of docs/architecture.md").hasSizeGreaterThan(20);
        return floors;
    }

    /** The floor of a package: that of its longest listed prefix. */
    static Integer floorOf(String pkg, Map<String, Integer> floors) {
        for (String p = pkg; ; p = p.substring(0, p.lastIndexOf('.'))) {
            if (floors.containsKey(p)) {
                return floors.get(p);
            }
            if (!p.contains(".")) {
                return null;
            }
        }
    }

    /** Package to the other packages its classes import, over every module's src/main/java. */
    private static Map<String, Set<String>> packageGraph() throws IOException {
        Map<String, Set<String>> edges = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> modules = Files.list(ROOT)) {
            sources = modules.map(m -> m.resolve("src/main/java/io/driftwatch")).filter(Files::isDirectory).toList();
        }
        assertThat(sources).as("modules with main code").hasSizeGreaterThanOrEqualTo(5);
        for (Path dir : sources) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    Matcher pkg = PACKAGE.matcher(text);
                    assertThat(pkg.find()).as(f.toString()).isTrue();
                    Set<String> out = edges.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
                    Matcher ref = REFERENCE.matcher(text);
                    while (ref.find()) {
                        String to = ref.group(1).substring(0, ref.group(1).length() - 1);
                        if (!to.equals(pkg.group(1))) {
                            out.add(to);
                        }
                    }
                }
            }
        }
        return edges;
    }

    /** One cycle of the graph as a path that ends where it starts, or empty when there is none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // absent: unvisited, 1: on the path, 2: done
        for (String start : graph.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            List<String> found = visit(start, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
                                      Deque<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null) {
            List<String> loop = new ArrayList<>();
            boolean in = false;
            for (String n : (Iterable<String>) path::descendingIterator) {
                in |= n.equals(node);
                if (in) {
                    loop.add(n);
                }
            }
            loop.add(node);
            return loop;
        }
        state.put(node, 1);
        path.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> found = visit(next, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.pop();
        state.put(node, 2);
        return List.of();
    }
}
