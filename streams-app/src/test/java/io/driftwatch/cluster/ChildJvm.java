package io.driftwatch.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.driftwatch.local.TempDirs;

/**
 * The driftwatch command line ({@code io.driftwatch.cli.Main}) in a child JVM on this JVM's class path, as
 * {@code ./driftwatch} runs it, with stdout and stderr appended to a log file. {@link #kill()} is SIGKILL
 * ({@link Process#destroyForcibly()}): no shutdown hook, no clean close, as when a machine dies. Tests and
 * benchmarks only.
 */
public final class ChildJvm implements AutoCloseable {

    private final List<String> args;
    private final Path log;
    private final String heap;
    private final Map<String, String> env;
    private Process process;
    private int starts;

    private ChildJvm(List<String> args, Path log, String heap, Map<String, String> env) {
        this.args = List.copyOf(args);
        this.log = log;
        this.heap = heap;
        this.env = Map.copyOf(env);
    }

    /** Starts {@code Main args...}; output goes to {@code log} (appended across restarts). */
    public static ChildJvm start(List<String> args, Path log, String heap) {
        return start(args, log, heap, Map.of());
    }

    /** As {@link #start(List, Path, String)}, with these environment variables (e.g. DRIFTWATCH_KAFKA_LOG_LEVEL). */
    public static ChildJvm start(List<String> args, Path log, String heap, Map<String, String> env) {
        ChildJvm jvm = new ChildJvm(args, log, heap, env);
        jvm.start();
        return jvm;
    }

    /** Starts the same command again (after {@link #kill()} or {@link #stop()}). */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("still running: " + args);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                TempDirs.childTmpdirOption(),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.driftwatch",
                "-Dlog4j2.configurationFile="
                        + Path.of("src", "main", "resources", "log4j2-cli.xml").toAbsolutePath(),
                "-cp",
                System.getProperty("java.class.path")));
        if (!args.isEmpty() && args.get(0).equals("broker")) { // the command lives in the demo module
            command.add("io.driftwatch.local.BrokerMain");
            command.addAll(args.subList(1, args.size()));
        } else {
            command.add("io.driftwatch.cli.Main");
            command.addAll(args);
        }
        starts++;
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("DRIFTWATCH_"));
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("still alive 30 s after SIGKILL: " + args);
        }
    }

    /** SIGTERM (the shutdown hook closes the apps), then SIGKILL if it is not gone within {@code grace}. */
    public synchronized void stop(Duration grace) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /** How many times it was started. */
    public synchronized int starts() {
        return starts;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(20));
    }
}
