package io.driftwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The codec must work outside Maven (the CLI), where nobody sets
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES}: proven in a fresh JVM without that property.
 */
class AvroTrustTest {

    @Test
    void codecTrustsDriftwatchClassesWithoutTheSystemProperty() throws Exception {
        assertThat(runProbe("codec")).isEqualTo("OK");
    }

    @Test
    void withoutTheCodecAvroRefusesThem() throws Exception {
        // Shows the probe is meaningful: the same decode fails when nothing installs the trust.
        assertThat(runProbe("raw")).startsWith("FAILED").contains("io.driftwatch.avro");
    }

    private static String runProbe(String mode) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        List.of(java, "-cp", System.getProperty("java.class.path"), TrustProbe.class.getName(), mode))
                .redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("probe did not finish in 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return output.lines()
                .filter(l -> l.startsWith("OK") || l.startsWith("FAILED") || l.startsWith("DIFFERENT"))
                .findFirst()
                .orElse("no result in: " + output);
    }
}
