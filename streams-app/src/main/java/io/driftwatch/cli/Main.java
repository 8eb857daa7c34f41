package io.driftwatch.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import io.driftwatch.launch.ProcessDefaults;

/**
 * The {@code driftwatch} command line. {@code broker} and {@code demo} live in the demo module (with
 * the in-process broker and the Kafka Connect runtime) and are there only when its jar is on the
 * classpath, which {@code ./driftwatch} adds for them; the runtime of {@code run} and of the Docker
 * image leaves them out.
 */
@Command(name = "driftwatch", mixinStandardHelpOptions = true, version = "driftwatch 0.1.0",
    description = "Kafka-native drift monitor that retrains and promotes its own forecasters.")
public final class Main {

    /** The commands of the demo module, by name: this module does not depend on it. */
    private static final String BROKER_COMMAND = "io.driftwatch.cli.BrokerCommand";

    private static final String DEMO_COMMAND = "io.driftwatch.cli.DemoCommand";

    static {
        ProcessDefaults.apply();
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
        Class<?> broker = demoModuleClass(BROKER_COMMAND);
        Class<?> demo = demoModuleClass(DEMO_COMMAND);
        if (broker != null) {
            cmd.addSubcommand(broker);
        }
        for (Class<?> c : List.of(TopicsCommand.class, RunCommand.class, ProduceCommand.class, TailCommand.class,
            ConfigsCommand.class, BacktestCommand.class, ReplayCommand.class, UiCommand.class)) {
            cmd.addSubcommand(c);
        }
        if (demo != null) {
            cmd.addSubcommand(demo);
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

    /** The class of that name when the demo module is on the classpath, else null. */
    static Class<?> demoModuleClass(String name) {
        try {
            return Class.forName(name, false, Main.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // not there, or its dependencies (the broker, Kafka Connect) are not
        }
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
