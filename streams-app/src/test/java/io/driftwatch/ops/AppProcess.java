package io.driftwatch.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

import io.driftwatch.local.TempDirs;

/**
 * The driftwatch command line in a child JVM, as {@code ./driftwatch} runs it (same main class,
 * the product's log4j2-cli.xml, settings from flags and {@code DRIFTWATCH_*} environment
 * variables), with stdout and stderr captured line by line. Tests only. Closing sends SIGTERM (the
 * shutdown hook path) and kills the JVM if it is not gone within 30 s.
 */
final class AppProcess implements AutoCloseable {

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private AppProcess(Process process) {
        this.process = process;
        this.outReader = reader(process.getInputStream(), out, "stdout");
        this.errReader = reader(process.getErrorStream(), err, "stderr");
    }

    static AppProcess start(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                TempDirs.childTmpdirOption(),
                "-XX:TieredStopAtLevel=1",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.driftwatch",
                "-Dlog4j2.configurationFile=" + mainResource("log4j2-cli.xml"),
                "-cp",
                System.getProperty("java.class.path"),
                "io.driftwatch.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("DRIFTWATCH_"));
        builder.environment().putAll(env);
        try {
            return new AppProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file {@code ./driftwatch} uses (tests run in the module's directory). */
    private static String mainResource(String name) {
        Path file = Path.of("src", "main", "resources", name).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("not found: " + file + " (run the tests from the streams-app directory)");
        }
        return file.toString();
    }

    private static Thread reader(InputStream in, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process went away; what was read is kept
            }
        }, "app-process-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits for a stdout line matching {@code pattern}; returns its first group (or the whole match). */
    String awaitStdout(Pattern pattern, Duration timeout) {
        String[] found = new String[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
            .failFast("process exited: " + this, () -> !process.isAlive() && find(pattern) == null)
            .until(() -> (found[0] = find(pattern)) != null);
        return found[0];
    }

    private String find(Pattern pattern) {
        for (String line : stdout()) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m.groupCount() > 0 ? m.group(1) : m.group();
            }
        }
        return null;
    }

    /** Waits for the process to exit by itself; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ": " + this);
        }
        outReader.join(5_000);
        errReader.join(5_000);
        return process.exitValue();
    }

    List<String> stdout() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    List<String> stderr() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    /** Sends SIGTERM and waits for the exit code (the shutdown hook stops the apps). */
    int stop() throws InterruptedException {
        process.destroy();
        return awaitExit(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return "stdout:\n" + String.join("\n", stdout()) + "\nstderr:\n" + String.join("\n", stderr());
    }
}
