package io.driftwatch.cluster;

import io.driftwatch.local.LocalKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.driftwatch.local.TempDirs;

/**
 * The outputs of one undisturbed run of {@link Pipeline.Plan#forTests()} with every app in this JVM: what every
 * scaled-out or disturbed run must reproduce. Made once per test JVM, on the shared broker.
 */
final class Reference {

    private static Outputs outputs;

    private Reference() {}

    static synchronized Outputs outputs(LocalKafkaBroker broker) throws Exception {
        if (outputs == null) {
            Pipeline p = new Pipeline(
                    broker.bootstrapServers(),
                    "reference-" + System.nanoTime() + ".",
                    Pipeline.Plan.forTests(),
                    Map.of());
            Path work = TempDirs.create("driftwatch-reference-");
            try {
                p.prepare();
                try (Fleet f = new Fleet(p, work, Map.of(), Map.of()).startInProcess()) {
                    p.feed(step -> f.checkAlive(), Duration.ofMinutes(2));
                }
                outputs = p.outputs();
            } finally {
                LocalKafkaBroker.deleteRecursively(work);
            }
        }
        return outputs;
    }
}
