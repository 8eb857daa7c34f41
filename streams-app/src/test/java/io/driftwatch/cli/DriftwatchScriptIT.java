package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
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
    @Timeout(120)
    void brokerTopicsAndHelpWorkThroughTheScript() throws Exception {
        assertThat(run(0, "--help")).contains("broker", "topics", "run", "produce", "tail", "demo");
        assertThat(run(0, "run", "--help")).contains("--bootstrap-servers", "--config");
        assertThat(run(2, "no-such-command")).contains("Unmatched argument");

        Process broker = start("broker", "--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
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
            assertThat(created).contains("13 topics: 13 created");
            broker.destroy(); // SIGTERM: the shutdown hook stops the broker and removes its data dir
            assertThat(broker.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.exists(dataDir)).isFalse();
        } finally {
            broker.destroyForcibly();
        }
    }
}
