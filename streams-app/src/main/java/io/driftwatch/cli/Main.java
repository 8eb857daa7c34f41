package io.driftwatch.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code driftwatch} command line. */
@Command(name = "driftwatch", mixinStandardHelpOptions = true, version = "driftwatch 0.1.0",
    description = "Kafka-native drift monitor that retrains and promotes its own forecasters.",
    subcommands = {BrokerCommand.class, TopicsCommand.class, RunCommand.class, ProduceCommand.class, TailCommand.class,
        ConfigsCommand.class, BacktestCommand.class, DemoCommand.class, DocsCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {

    static {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.driftwatch");
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("error: " + message(e));
            return 1;
        });
        return cmd;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
