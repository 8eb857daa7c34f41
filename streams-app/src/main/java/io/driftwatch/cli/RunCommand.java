package io.driftwatch.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import io.driftwatch.launch.Apps;
import io.driftwatch.app.RunningApp;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.config.OpsConfig;
import io.driftwatch.ops.OpsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description =
                "Runs driftwatch apps against a Kafka cluster until Ctrl-C: ingest, forecaster, monitor, retrain, or"
                        + " all of them.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "APP", description = "ingest | forecaster | monitor | retrain | all")
    String app;

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "Serve /metrics (Prometheus), /health and /ready on this port; 0 picks a free one (default:"
                    + " metrics.port, -1 = off).")
    Integer metricsPort;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> settings = kafka.load();
        if (metricsPort != null) {
            settings.put(OpsConfig.METRICS_PORT, metricsPort.toString());
        }
        List<Apps.Definition> definitions = "all".equals(app) ? Apps.all() : List.of(Apps.get(app));
        List<RunningApp> running = new CopyOnWriteArrayList<>();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> running.forEach(RunningApp::close), "driftwatch-shutdown"));
        try (OpsServer ops = OpsServer.startIfEnabled(new CommonConfig(settings), running)) {
            if (ops != null) {
                System.out.println("metrics: " + ops.url() + "/metrics (also /health, /ready)");
            }
            return runApps(definitions, settings, running);
        }
    }

    private static int runApps(
            List<Apps.Definition> definitions, Map<String, Object> settings, List<RunningApp> running)
            throws InterruptedException {
        for (Apps.Definition d : definitions) {
            RunningApp a = d.create(settings);
            running.add(a);
            a.start();
        }
        for (RunningApp a : running) {
            a.awaitRunning(Duration.ofMinutes(2));
            System.out.println(a.name() + " running");
        }
        for (RunningApp a : running) {
            a.awaitStop();
            if (a.failure() != null) {
                System.err.println("error: " + a.name() + " failed: " + a.failure());
                return 1;
            }
        }
        return 0;
    }
}
