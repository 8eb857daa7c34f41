package io.driftwatch.cli;

import picocli.CommandLine;

/** The CLI's command tree, for checks that commands named elsewhere (docs, compose) exist. */
public final class CliSpec {

    private CliSpec() {
    }

    public static CommandLine commandLine() {
        return Main.commandLine();
    }
}
