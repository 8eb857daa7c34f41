package io.driftwatch.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import io.driftwatch.launch.Apps;
import io.driftwatch.ui.ConsoleApp;
import io.driftwatch.ui.UiConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "ui",
        mixinStandardHelpOptions = true,
        description = {
            "Serves the read-only web console (fleet, model and series pages, JSON API under /api) until Ctrl-C.",
            "It reads the topics from the beginning with its own consumer (no group, no commits) and keeps"
                + " aggregates in memory. Beyond 127.0.0.1 it requires an API key, read from an environment variable"
                + " or a file, never from the command line."
        })
final class UiCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on; 0 picks a free one (default:"
        + " ui.port, 8080).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to bind (default: ui.bind-address,"
        + " 127.0.0.1). Any other address requires an API key.")
    String bind;

    @Option(names = "--api-key-env", paramLabel = "NAME", description = "Environment variable holding the API key"
        + " (default: ui.api-key.env, DRIFTWATCH_UI_API_KEY).")
    String apiKeyEnv;

    @Option(names = "--api-key-file", paramLabel = "FILE", description = "File whose first line is the API key"
        + " (default: ui.api-key.file); wins over the environment variable.")
    String apiKeyFile;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> settings = kafka.load();
        putIfSet(settings, UiConfig.PORT, port == null ? null : port.toString());
        putIfSet(settings, UiConfig.BIND_ADDRESS, bind);
        putIfSet(settings, UiConfig.API_KEY_ENV, apiKeyEnv);
        putIfSet(settings, UiConfig.API_KEY_FILE, apiKeyFile);
        ConsoleApp console = Apps.console(settings, System.getenv());
        Runtime.getRuntime().addShutdownHook(new Thread(console::close, "driftwatch-ui-shutdown"));
        console.start();
        System.out.println("console: " + console.url());
        console.awaitStop();
        if (console.failure() != null) {
            System.err.println("error: the console failed: " + console.failure());
            return 1;
        }
        return 0;
    }

    private static void putIfSet(Map<String, Object> settings, String key, String value) {
        if (value != null) {
            settings.put(key, value);
        }
    }
}
