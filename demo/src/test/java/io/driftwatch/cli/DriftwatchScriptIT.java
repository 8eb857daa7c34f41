package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.driftwatch.local.TempDirs;

/** The README's commands through the real {@code ./driftwatch} script, each in its own JVM. */
class DriftwatchScriptIT {

    private static final Path SCRIPT = Path.of("..", "driftwatch").toAbsolutePath().normalize();

    private static Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String run(int expectedExit, String... args) throws Exception {
        Process p = start(args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(expectedExit);
        return out;
    }

    @Test
    void theAppsRuntimeLeavesOutTheBrokerAndKafkaConnect() throws Exception {
        Path lib = SCRIPT.getParent().resolve("streams-app/target/lib");
        Path demo = SCRIPT.getParent().resolve("demo/target/lib");
        try (var runtime = Files.list(lib); var demoOnly = Files.list(demo)) {
            assertThat(runtime.map(p -> p.getFileName().toString()))
                .as("target/lib, the classpath of run and of the Docker image").isNotEmpty()
                .noneMatch(n -> n.startsWith("kafka_") || n.startsWith("kafka-server-") || n.startsWith("kafka-raft-")
                    || n.startsWith("connect-runtime-") || n.startsWith("driftwatch-local-kafka-")
                    || n.startsWith("driftwatch-connectors-"));
            assertThat(demoOnly.map(p -> p.getFileName().toString())).as("demo/target/lib, added for broker and demo")
                .anyMatch(n -> n.startsWith("kafka-server-")).anyMatch(n -> n.startsWith("connect-runtime-"))
                .anyMatch(n -> n.startsWith("driftwatch-local-kafka-"));
        }
        // without the demo module the command line has no broker and no demo
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        SCRIPT.getParent().resolve("streams-app/target/driftwatch-streams-app.jar") + File.pathSeparator
                                + lib + File.separator + "*",
                        "io.driftwatch.cli.Main",
                        "--help")
                .redirectErrorStream(true)
                .start();
        String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(help).contains("run", "topics", "tail").doesNotContain("broker").doesNotContain("demo");
    }

    @Test
    @Timeout(180)
    void brokerTopicsRunAndHelpWorkThroughTheScript() throws Exception {
        assertThat(run(0, "--help")).contains("broker", "topics", "run", "produce", "tail", "demo");
        assertThat(run(0, "run", "--help")).contains("--bootstrap-servers", "--config");
        assertThat(run(2, "no-such-command")).contains("Unmatched argument");

        Process broker = start("broker", "--port", "0");
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
            String bootstrap = null;
            Path dataDir = null;
            for (String line; (line = out.readLine()) != null && (bootstrap == null || dataDir == null); ) {
                Matcher m = Pattern.compile("bootstrap.servers=(\\S+)").matcher(line);
                if (m.find()) {
                    bootstrap = m.group(1);
                }
                Matcher d = Pattern.compile("Data dir: (\\S+)").matcher(line);
                if (d.find()) {
                    dataDir = Path.of(d.group(1));
                }
            }
            assertThat(bootstrap).isNotNull();
            assertThat(dataDir).exists();
            String created = run(0, "topics", "create", "--bootstrap-servers", bootstrap);
            assertThat(created).contains("14 topics: 14 created");
            // the apps run on the runtime the Docker image ships: target/lib, without the broker and Kafka Connect
            Process ingest = start("run", "ingest", "--bootstrap-servers", bootstrap,
                "-s", "state.dir=" + TempDirs.create("driftwatch-script-it"));
            try {
                BufferedReader log =
                        new BufferedReader(new InputStreamReader(ingest.getInputStream(), StandardCharsets.UTF_8));
                String line;
                do {
                    line = log.readLine();
                } while (line != null && !line.contains("ingest REBALANCING -> RUNNING"));
                assertThat(line).as("ingest reached RUNNING").isNotNull();
            } finally {
                ingest.destroy();
                assertThat(ingest.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            broker.destroy(); // SIGTERM: the shutdown hook stops the broker and removes its data dir
            assertThat(broker.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.exists(dataDir)).isFalse();
        } finally {
            broker.destroyForcibly();
        }
    }
}
