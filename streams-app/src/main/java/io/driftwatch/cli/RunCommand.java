package io.driftwatch.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.driftwatch.app.Apps;
import io.driftwatch.app.RunningApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs driftwatch apps against a Kafka cluster until Ctrl-C: ingest, forecaster, monitor, retrain, or all of them.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "APP", description = "ingest | forecaster | monitor | retrain | all")
    String app;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> settings = kafka.load();
        List<Apps.Definition> definitions = "all".equals(app) ? Apps.all() : List.of(Apps.get(app));
        List<RunningApp> running = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(RunningApp::close), "driftwatch-shutdown"));
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
