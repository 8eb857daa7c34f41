package io.driftwatch.serde;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Every released version of every top-level contract, loaded from the classpath.
 *
 * <p>The versions live in {@value #ROOT}{@code <RecordName>/v<N>.avsc}, each self-contained
 * (nested records and enums inlined), and are listed in {@value #ROOT}{@code index.txt} because
 * classpath folders cannot be listed from a jar. The newest version of each record is a copy of
 * its current schema, so the next change is checked against it: to change a contract, make the
 * change backward compatible, then add {@code v<N+1>.avsc} (the new current schema, e.g. printed
 * with {@code Type.getClassSchema().toString(true)}) and list it in the index.
 *
 * <p>Invariants checked at load time (an {@link IllegalStateException} otherwise): every index
 * line is {@code <RecordName>/v<N>.avsc}, the file exists and parses, and its record name is
 * {@code RecordName}. Loaded once per JVM; immutable afterwards.
 */
public final class SchemaHistory {
    static final String ROOT = "/io/driftwatch/avro/history/";
    private static final Pattern LINE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)/v([1-9][0-9]*)\\.avsc");

    private SchemaHistory() {}

    /** The record names that have a history, sorted. */
    public static Set<String> recordNames() {
        return Holder.VERSIONS.keySet();
    }

    /** The versions of {@code recordName}, oldest first; empty when it has no history. */
    public static List<SchemaVersion> versions(String recordName) {
        return Holder.VERSIONS.getOrDefault(recordName, List.of());
    }

    /** The historical version whose fingerprint is {@code fingerprint}, of any record. */
    public static Optional<SchemaVersion> findByFingerprint(long fingerprint) {
        return Holder.VERSIONS.values().stream()
                .flatMap(List::stream)
                .filter(v -> v.fingerprint() == fingerprint)
                .findFirst();
    }

    /**
     * What is wrong with {@code current} against its {@code history}: each version it cannot read
     * (Avro's {@link SchemaCompatibility}, current as reader, old version as writer), and a newest
     * version that differs from {@code current} (a change without a new history file). Empty when
     * all is well.
     */
    public static List<String> compatibilityProblems(Schema current, List<SchemaVersion> history) {
        List<String> problems = new ArrayList<>();
        if (history.isEmpty()) {
            problems.add(current.getName() + " has no history under " + ROOT + current.getName() + "/");
            return problems;
        }
        for (SchemaVersion old : history) {
            SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current, old.schema());
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                problems.add("current " + current.getName() + " cannot read data written with " + old + ": "
                        + result.getResult().getIncompatibilities());
            }
        }
        SchemaVersion newest = history.get(history.size() - 1);
        if (!newest.schema().equals(current)) {
            problems.add("current " + current.getName() + " differs from its newest history version " + newest
                    + "; if the change is backward compatible, add " + ROOT + current.getName() + "/v"
                    + (newest.version() + 1) + ".avsc (a copy of the current schema) and list it in index.txt");
        }
        return problems;
    }

    private static final class Holder {
        static final Map<String, List<SchemaVersion>> VERSIONS = load();
    }

    private static Map<String, List<SchemaVersion>> load() {
        Map<String, List<SchemaVersion>> byName = new TreeMap<>();
        for (String line : readLines(ROOT + "index.txt")) {
            String entry = line.trim();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(entry);
            if (!m.matches()) {
                throw new IllegalStateException(
                        "Bad line in " + ROOT + "index.txt: '" + entry + "'; expected <RecordName>/v<N>.avsc");
            }
            SchemaVersion version = new SchemaVersion(m.group(1), Integer.parseInt(m.group(2)), parse(entry));
            if (!version.schema().getName().equals(version.recordName())) {
                throw new IllegalStateException(
                        ROOT + entry + " defines " + version.schema().getName() + ", not " + version.recordName());
            }
            byName.computeIfAbsent(version.recordName(), k -> new ArrayList<>()).add(version);
        }
        Map<String, List<SchemaVersion>> sorted = new TreeMap<>();
        byName.forEach((name, versions) -> {
            versions.sort(Comparator.comparingInt(SchemaVersion::version));
            sorted.put(name, List.copyOf(versions));
        });
        return Collections.unmodifiableMap(sorted);
    }

    private static Schema parse(String entry) {
        try (InputStream in = open(ROOT + entry)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ROOT + entry, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot parse " + ROOT + entry + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readLines(String resource) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(open(resource), StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = SchemaHistory.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Missing classpath resource " + resource);
        }
        return in;
    }
}
