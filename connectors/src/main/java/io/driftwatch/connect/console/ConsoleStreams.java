package io.driftwatch.connect.console;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where {@link ConsoleSinkConnector} prints: {@code stdout}, {@code stderr}, or a stream that an
 * application embedding a Connect worker in its own JVM registered under a name (the demo registers
 * its console, so alerts appear among its other output).
 *
 * <pre>{@code
 * try (ConsoleStreams.Registration r = ConsoleStreams.register("demo-console", out)) {
 *     // connector config: console.stream=demo-console
 * }
 * }</pre>
 *
 * <p>Invariant: {@code stdout} and {@code stderr} always mean the JVM's current {@code System.out} /
 * {@code System.err} and cannot be registered over.
 */
public final class ConsoleStreams {
    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";

    private static final Map<String, PrintStream> REGISTERED = new ConcurrentHashMap<>();

    private ConsoleStreams() {
    }

    /** Registers {@code out} under {@code name} until the registration is closed. */
    public static Registration register(String name, PrintStream out) {
        Objects.requireNonNull(out, "out");
        if (name == null || name.isBlank() || isStandard(name)) {
            throw new IllegalArgumentException("a console stream name must be non-blank and neither stdout nor stderr");
        }
        if (REGISTERED.putIfAbsent(name, out) != null) {
            throw new IllegalArgumentException("a console stream named '" + name + "' is already registered");
        }
        return new Registration(name);
    }

    /**
     * The stream for a {@code console.stream} value.
     *
     * @throws IllegalArgumentException when it is neither standard nor registered in this JVM
     */
    public static PrintStream resolve(String name) {
        String n = name.trim();
        if (n.toLowerCase(Locale.ROOT).equals(STDOUT)) {
            return System.out;
        }
        if (n.toLowerCase(Locale.ROOT).equals(STDERR)) {
            return System.err;
        }
        PrintStream out = REGISTERED.get(n);
        if (out == null) {
            throw new IllegalArgumentException(
                    "no console stream named '" + n + "': expected stdout, stderr, or a name "
                            + "registered with ConsoleStreams.register by the application running this worker");
        }
        return out;
    }

    private static boolean isStandard(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.equals(STDOUT) || n.equals(STDERR);
    }

    /** A registered name; closing it unregisters the stream. */
    public record Registration(String name) implements AutoCloseable {
        @Override
        public void close() {
            REGISTERED.remove(name);
        }
    }
}
