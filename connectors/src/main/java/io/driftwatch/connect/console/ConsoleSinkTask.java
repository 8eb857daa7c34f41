package io.driftwatch.connect.console;

import io.driftwatch.connect.AlertLayouts;
import io.driftwatch.connect.AlertSinkConfig;
import io.driftwatch.connect.AlertSinkTask;
import io.driftwatch.connect.Channel;
import io.driftwatch.retry.Sleeper;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.config.ConfigException;

/**
 * Prints each alert as its plain-text layout ({@link AlertLayouts#plainText}), after a blank line,
 * in one write, so alerts printed by several tasks never interleave.
 */
public class ConsoleSinkTask extends AlertSinkTask {

    public ConsoleSinkTask() {
    }

    /** For tests: injected clock, sleeper and jitter source. */
    public ConsoleSinkTask(Clock clock, Sleeper sleeper, Random random) {
        super(clock, sleeper, random);
    }

    @Override
    protected AlertSinkConfig parseConfig(Map<String, String> props) {
        return new ConsoleSinkConfig(props);
    }

    /** Printing does not fail with a reason of its own. */
    @Override
    protected List<String> failureReasons() {
        return List.of();
    }

    @Override
    protected Channel openChannel(AlertSinkConfig config, Clock clock) {
        String name = ((ConsoleSinkConfig) config).stream();
        PrintStream out;
        try {
            out = ConsoleStreams.resolve(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConsoleSinkConfig.STREAM, name, e.getMessage());
        }
        return n -> {
            out.print("\n" + AlertLayouts.plainText(n) + "\n");
            out.flush();
        };
    }
}
