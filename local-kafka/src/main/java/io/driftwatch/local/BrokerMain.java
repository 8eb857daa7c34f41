package io.driftwatch.local;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A local broker in its own JVM for tests and benchmarks that need one apart from theirs (to kill it, or to keep
 * its CPU out of the measured process): {@code --port P [--data-dir D] [--node-id N --quorum Q --cluster-id C]},
 * the options of {@code driftwatch broker}, without the command line of the apps (which lives in the demo module).
 * Prints {@code Kafka broker running. bootstrap.servers=...} (as {@code driftwatch broker} does) when the broker
 * is up, and runs until the JVM is stopped.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        LocalKafkaBroker.Builder builder = LocalKafkaBroker.builder()
            .port(Integer.parseInt(options.getOrDefault("port", "0")));
        if (options.containsKey("data-dir")) {
            builder.dataDir(Path.of(options.get("data-dir")));
        }
        if (options.containsKey("node-id")) {
            builder.quorum(Integer.parseInt(options.get("node-id")),
                Quorum.parse(options.get("quorum"), options.get("cluster-id")));
        }
        serveUntilShutdown(builder.start());
    }

    /**
     * Prints {@code Kafka broker running. bootstrap.servers=...} and then {@code notes} (one line each), and waits
     * until the JVM is stopped, closing the broker on the way out: the end of {@code driftwatch broker} too.
     */
    public static void serveUntilShutdown(LocalKafkaBroker broker, String... notes) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            done.countDown();
        }, "broker-shutdown"));
        System.out.println("Kafka broker running. bootstrap.servers=" + broker.bootstrapServers());
        for (String note : notes) {
            System.out.println(note);
        }
        System.out.flush();
        done.await();
    }
}
