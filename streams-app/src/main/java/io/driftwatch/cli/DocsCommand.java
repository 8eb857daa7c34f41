package io.driftwatch.cli;

import java.util.concurrent.Callable;

import io.driftwatch.launch.ConfigCatalog;
import io.driftwatch.launch.ConfigReference;
import picocli.CommandLine.Command;

@Command(name = "docs", mixinStandardHelpOptions = true, description = "Prints generated documentation.",
    subcommands = {DocsCommand.Config.class})
final class DocsCommand {

    @Command(name = "config", mixinStandardHelpOptions = true,
        description = "Prints the configuration reference (Markdown): ./driftwatch docs config > docs/configuration.md")
    static final class Config implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.print(ConfigReference.render(ConfigCatalog.all()));
            return 0;
        }
    }
}
