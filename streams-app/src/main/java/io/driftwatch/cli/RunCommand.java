package io.driftwatch.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.driftwatch.app.Apps;
import io.driftwatch.app.StreamsApp;
import io.driftwatch.config.RetrainConfig;
import io.driftwatch.retrain.service.RetrainApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs driftwatch apps against a Kafka cluster until Ctrl-C. Apps: ingest, retrain, or 'all'.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "APP", description = "ingest | retrain | all")
    String app;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> settings = kafka.load();
        boolean retrain = "retrain".equals(app) || "all".equals(app); // the retrain service is not a Streams app
        List<Apps.Definition> definitions = "all".equals(app) ? Apps.all() : retrain ? List.of() : List.of(Apps.get(app));
        List<StreamsApp> running = new ArrayList<>();
        RetrainApp retrainApp = retrain ? new RetrainApp(new RetrainConfig(settings)) : null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.forEach(StreamsApp::close);
            if (retrainApp != null) {
                retrainApp.close();
            }
        }, "driftwatch-shutdown"));
        if (retrainApp != null) {
            retrainApp.start().awaitRunning(Duration.ofMinutes(2));
            System.out.println("retrain running");
        }
        for (Apps.Definition d : definitions) {
            StreamsApp a = d.create(settings);
            running.add(a);
            a.start();
        }
        for (StreamsApp a : running) {
            a.awaitRunning(Duration.ofMinutes(2));
            System.out.println(a.name() + " running");
        }
        for (StreamsApp a : running) {
            a.awaitStop();
            if (a.failure() != null) {
                System.err.println("error: " + a.name() + " failed: " + a.failure());
                return 1;
            }
        }
        if (retrainApp != null) {
            retrainApp.awaitStop();
            if (retrainApp.failure() != null) {
                System.err.println("error: retrain failed: " + retrainApp.failure());
                return 1;
            }
        }
        return 0;
    }
}
