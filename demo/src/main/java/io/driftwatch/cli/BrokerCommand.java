package io.driftwatch.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.driftwatch.local.LocalKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description =
                "Runs a real single-node Kafka broker (KRaft) in the foreground until Ctrl-C. For local trials, not"
                        + " production.")
final class BrokerCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "9092",
            description = "Client port on 127.0.0.1 (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Keep the broker's data here across restarts (default: a temp dir removed on exit).")
    Path dataDir;

    @Override
    public Integer call() throws InterruptedException {
        LocalKafkaBroker.Builder builder = LocalKafkaBroker.builder().port(port);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        LocalKafkaBroker broker = builder.start();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            done.countDown();
        }, "broker-shutdown"));
        System.out.println("Kafka broker running. bootstrap.servers=" + broker.bootstrapServers());
        System.out.println("Data dir: " + broker.dataDir() + (dataDir == null ? " (removed on exit)" : ""));
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        done.await();
        return 0;
    }
}
