package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.driftwatch.local.TempDirs;

/**
 * README's "Your own data in 10 minutes", run as a reader runs it: every {@code ./driftwatch} line of the
 * section's code block, in order, through the real script and bash, from the repository root, with
 * {@code HOME} a fresh directory (the broker's {@code ~/driftwatch-data}, the apps' state). Two things
 * differ, so the test cannot collide with anything else on the machine: the broker gets {@code --port}
 * with a free port, which the other commands get as {@code DRIFTWATCH_BOOTSTRAP_SERVERS}, and the
 * metrics port 9404 becomes a free one. {@code broker} and {@code run} keep running (they are the
 * README's other terminals); the last command, {@code tail drift-triggers}, is repeated until it shows
 * the drift the section promises, or the deadline passes.
 */
class YourOwnDataIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration DEADLINE = Duration.ofMinutes(5);

    @Test
    @Timeout(480)
    void theSectionsCommandsRunInOrderAndTheMonitorFindsTheChange() throws Exception {
        List<String> commands = sectionCommands(Files.readString(ROOT.resolve("README.md")));
        assertThat(commands).hasSizeGreaterThanOrEqualTo(7);
        assertThat(commands.get(0)).startsWith("./driftwatch broker");
        Path home = TempDirs.create("your-own-data-");
        int port = freePort();
        int metricsPort = freePort();
        List<Process> background = new ArrayList<>();
        try {
            String lastOutput = "";
            for (int i = 0; i < commands.size(); i++) {
                String command = commands.get(i);
                if (command.startsWith("./driftwatch broker")) {
                    Path log = home.resolve("broker.log");
                    background.add(start(command + " --port " + port, home, port, log));
                    Awaitility.await("the broker").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Files.readString(log).contains("Kafka broker running"));
                } else if (command.startsWith("./driftwatch run ")) {
                    background.add(start(
                            command.replace("--metrics-port 9404", "--metrics-port " + metricsPort),
                            home,
                            port,
                            home.resolve("run.log")));
                    awaitReady(metricsPort);
                } else if (i == commands.size() - 1) {
                    assertThat(command).startsWith("./driftwatch tail drift-triggers");
                    long end = System.nanoTime() + DEADLINE.toNanos();
                    do {
                        lastOutput = run(command, home, port);
                    } while (!lastOutput.contains("\"type\":\"DATA_DRIFT\"") && System.nanoTime() < end);
                } else {
                    String out = run(command, home, port);
                    if (command.contains("configs publish")) {
                        assertThat(out).contains("published: sales:7d", " v1 ", "published: fx:90d");
                    }
                    if (command.contains("produce")) {
                        assertThat(out).contains(" 0 rejected");
                    }
                }
            }
            assertThat(lastOutput).as("the triggers the README shows").contains("\"model_id\":\"sales\"")
                .contains("\"type\":\"DATA_DRIFT\"").contains("\"series_id\":\"acme:daily-sales\"");
            assertThat(home.resolve("driftwatch-data")).as("the broker's data dir").isDirectory();
            assertThat(home.resolve("driftwatch-state")).as("the apps' state dir").isDirectory();
        } finally {
            for (int i = background.size() - 1; i >= 0; i--) {
                stop(background.get(i));
            }
            try (var files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The {@code ./driftwatch} lines of the section's code blocks, in order. */
    static List<String> sectionCommands(String readme) {
        int start = readme.indexOf("## Your own data in 10 minutes");
        assertThat(start).as("the README section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 3);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> commands = new ArrayList<>();
        boolean inCode = false;
        for (String line : section.split("\n")) {
            if (line.startsWith("```")) {
                inCode = !inCode && line.startsWith("```bash");
                continue;
            }
            if (inCode && line.startsWith("./driftwatch ")) {
                commands.add(line.trim());
            }
        }
        return commands;
    }

    private static ProcessBuilder bash(String command, Path home, int port) {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec " + command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("DRIFTWATCH_BOOTSTRAP_SERVERS", "127.0.0.1:" + port);
        env.remove("DRIFTWATCH_REBUILD");
        return pb;
    }

    /** A command of another terminal: it keeps running, its output goes to a file. */
    private static Process start(String command, Path home, int port, Path log) throws IOException {
        return bash(command, home, port).redirectOutput(log.toFile()).start();
    }

    private static String run(String command, Path home, int port) throws Exception {
        Process p = bash(command, home, port).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(command).isTrue();
        assertThat(p.exitValue()).as(command + "\n" + out).isZero();
        return out;
    }

    private static void awaitReady(int metricsPort) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/ready"))
            .timeout(Duration.ofSeconds(5)).build();
        Awaitility.await("run all ready")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() ->
                        http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
