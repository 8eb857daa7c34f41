package io.driftwatch.ops;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one sample out of a Prometheus text scrape (tests only; in the connectors test-jar so both modules' tests use
 * it).
 */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");

    private PrometheusText() {
    }

    /** The value of the first sample named {@code name} whose labels include all of {@code labels}. */
    public static OptionalDouble value(String scrape, String name, Map<String, String> labels) {
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.find() || !m.group(1).equals(name)) {
                continue;
            }
            String body = m.group(3) == null ? "" : m.group(3);
            boolean all =
                    labels.entrySet().stream().allMatch(e -> body.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (all) {
                return OptionalDouble.of(Double.parseDouble(m.group(4)));
            }
        }
        return OptionalDouble.empty();
    }

    /** True when some sample's name starts with {@code prefix} and carries {@code label="value"}. */
    public static boolean hasSample(String scrape, String prefix, String label, String value) {
        return scrape.lines().anyMatch(l -> l.startsWith(prefix) && l.contains(label + "=\"" + value + "\""));
    }
}
