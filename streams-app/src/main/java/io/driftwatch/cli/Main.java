package io.driftwatch.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code driftwatch} command line. {@code broker} and {@code demo} are there only when the
 * in-process broker and the Kafka Connect runtime are on the classpath ({@code target/lib-demo},
 * which {@code ./driftwatch} adds for them); the runtime of {@code run} and of the Docker image
 * leaves them out.
 */
@Command(name = "driftwatch", mixinStandardHelpOptions = true, version = "driftwatch 0.1.0",
    description = "Kafka-native drift monitor that retrains and promotes its own forecasters.")
public final class Main {

    /** Classes of the demo classpath: the in-process broker and the Kafka Connect worker. */
    private static final List<String> DEMO_CLASSES = List.of("io.driftwatch.local.LocalKafkaBroker",
        "org.apache.kafka.connect.runtime.Worker", "io.driftwatch.connect.AlertSinkConnector");

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
        boolean demo = onClasspath(DEMO_CLASSES);
        if (demo) {
            cmd.addSubcommand(BrokerCommand.class);
        }
        for (Class<?> c : List.of(TopicsCommand.class, RunCommand.class, ProduceCommand.class, TailCommand.class,
            ConfigsCommand.class, BacktestCommand.class, ReplayCommand.class)) {
            cmd.addSubcommand(c);
        }
        if (demo) {
            cmd.addSubcommand(DemoCommand.class);
        }
        cmd.addSubcommand(DocsCommand.class);
        cmd.addSubcommand(CommandLine.HelpCommand.class);
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("error: " + message(e));
            return 1;
        });
        return cmd;
    }

    static boolean onClasspath(List<String> classNames) {
        for (String name : classNames) {
            try {
                Class.forName(name, false, Main.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
        return true;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
