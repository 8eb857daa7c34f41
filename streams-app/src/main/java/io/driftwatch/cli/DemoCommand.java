package io.driftwatch.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.driftwatch.config.Durations;
import io.driftwatch.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs the whole system on an embedded Kafka broker with a generated scenario and prints what happens.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--days", defaultValue = "980", description = "Days of generated data. Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(names = "--change-day", defaultValue = "900", description = "Day of the regime change. Default: ${DEFAULT-VALUE}.")
    int changeDay;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed of the scenario. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--timeout", defaultValue = "2m", description = "Give up after this long. Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--keep-running", description = "Leave the broker and apps running at the end (Ctrl-C to stop).")
    boolean keepRunning;

    @Override
    public Integer call() throws InterruptedException {
        if (changeDay <= 0 || changeDay >= days) {
            throw new IllegalArgumentException("--change-day must be between 1 and --days - 1");
        }
        Duration limit = Durations.parse(timeout);
        Demo.Result result = new Demo(new Demo.Options(days, changeDay, seed, limit, keepRunning), System.out).run();
        return result.finished() ? 0 : 1;
    }
}
