package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.driftwatch.launch.ConfigCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The commands ({@code ./driftwatch ...}) and driftwatch settings ({@code monitor.*}, {@code retrain.*}, ...)
 * that README.md and docs/ name exist: each command is walked through the CLI's own picocli model
 * (subcommands, options, how many positional parameters it takes) and each setting is looked up in
 * {@link ConfigCatalog}, the source of the configuration reference. A doc that names a removed option
 * or a setting that never existed fails here, with the file and line.
 */
class DocsMatchCliTest {

    private static final Path ROOT = Path.of("..");

    /** {@code ./driftwatch} and what follows it on the line, up to the end of a code span or a comment. */
    private static final Pattern COMMAND = Pattern.compile("\\./driftwatch((?:[ \\t]+[^\\s`#|<>;&)]+)*)");

    /** Families of driftwatch settings; Kafka client settings and connector settings are not in the catalogue. */
    private static final Pattern SETTING = Pattern.compile(
            "(?<![\\w./${-])((?:monitor|retrain|ingest|forecaster|topics|metrics)"
                    + "\\.[a-z][a-z0-9-]*(?:\\.[a-z0-9*-]+)*)(?![\\w/(-])");

    /** Not settings although they look like one: files and code. */
    private static final Pattern NOT_A_SETTING =
            Pattern.compile(".*\\.(md|java|json|yml|yaml|properties|py|csv|jsonl)$");

    /**
     * Known wrong commands in files being rewritten elsewhere (the CLI takes settings as {@code -s NAME=VALUE});
     * an entry is used only while its exact text is still there. Remove each once its file is rewritten.
     */
    private static final Set<String> PENDING_REWRITE = Set.of();

    /** The packages of streams-app: {@code retrain.service} in a doc is a package, not a setting. */
    private static final Path SOURCES = ROOT.resolve(Path.of("streams-app", "src", "main", "java", "io", "driftwatch"));

    @Test
    void everyCommandTheDocsNameParsesAgainstTheCli() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = COMMAND.matcher(lines.get(i));
                while (m.find()) {
                    checked++;
                    String problem = check(m.group(1).trim());
                    if (problem != null && !PENDING_REWRITE.contains(ROOT.relativize(doc) + ": " + m.group(1).trim())) {
                        problems.add(ROOT.relativize(doc) + ":" + (i + 1) + ": `./driftwatch "
                                + m.group(1).trim() + "`: " + problem);
                    }
                }
            }
        }
        assertThat(checked).as("commands found in the docs").isGreaterThan(30);
        assertThat(problems).as("commands in the docs that the CLI does not have").isEmpty();
    }

    @Test
    void everySettingTheDocsNameIsInTheConfigurationCatalogue() throws IOException {
        Set<String> known = new TreeSet<>();
        ConfigCatalog.all().forEach(e -> known.addAll(e.definition().names()));
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = SETTING.matcher(lines.get(i));
                while (m.find()) {
                    String name = m.group(1).replaceAll("[.-]+$", "");
                    if (NOT_A_SETTING.matcher(name).matches()
                            || Files.isDirectory(SOURCES.resolve(name.replace('.', '/')))) {
                        continue;
                    }
                    checked++;
                    if (!isKnown(name, known)) {
                        problems.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + name);
                    }
                }
            }
        }
        assertThat(checked).as("settings found in the docs").isGreaterThan(30);
        assertThat(problems).as("settings in the docs that no app defines (see docs/configuration.md)").isEmpty();
    }

    @Test
    void everyRelativeLinkOfTheDocsPointsAtAFileThatExists() throws IOException {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = link.matcher(lines.get(i));
                while (m.find()) {
                    String target = m.group(1);
                    checked++;
                    if (!target.matches("^[a-z]+:.*") && !Files.exists(doc.getParent().resolve(target))) {
                        broken.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + target);
                    }
                }
            }
        }
        assertThat(checked).as("relative links found in the docs").isGreaterThan(20);
        assertThat(broken).as("links to files that do not exist").isEmpty();
    }

    @Test
    void theCheckCatchesWhatTheDocsOnceGotWrong() {
        assertThat(check("run monitor ... [name=value ...]")).contains("positional");
        assertThat(check("topics")).contains("subcommand");
        assertThat(check("demo --keep-runing")).contains("--keep-runing");
        assertThat(check("configs rollback --model M --horizon H [--to-version V]")).isNull();
        assertThat(check("run all --metrics-port 9404 -s monitor.drift.test=ks")).isNull();
        assertThat(isKnown("monitor.degradation.min-sample", Set.of("monitor.degradation.min-samples"))).isFalse();
        assertThat(isKnown("monitor.coverage.*", Set.of("monitor.coverage.alpha"))).isTrue();
    }

    private static boolean isKnown(String name, Set<String> known) {
        if (name.endsWith(".*")) {
            String prefix = name.substring(0, name.length() - 1);
            return known.stream().anyMatch(k -> k.startsWith(prefix));
        }
        return known.contains(name);
    }

    /**
     * Walks {@code args} down the command tree; returns what is wrong, or null. Placeholders ({@code ...},
     * {@code M}) are taken as values; {@code [--opt V]} as an optional option; {@code a | b} ends the command.
     */
    static String check(String args) {
        CommandSpec spec = CliSpec.commandLine().getCommandSpec();
        List<String> tokens = new ArrayList<>(List.of(args.isEmpty() ? new String[0] : args.split("\\s+")));
        if (tokens.isEmpty()) {
            return null; // the launcher itself
        }
        int positionals = 0;
        boolean elided = false;
        boolean subcommandNamed = spec.subcommands().isEmpty();
        for (int i = 0; i < tokens.size(); i++) {
            String raw = tokens.get(i);
            String token = raw.replaceAll("^\\[+", "").replaceAll("[\\]]+$", "").replaceAll("\\.\\.\\.$", "");
            if (token.isEmpty() || raw.equals("...") || raw.equals("[...]") || raw.equals("\\")) {
                elided |= !raw.equals("\\");
                continue;
            }
            if (token.startsWith("-")) {
                String name = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
                OptionSpec option = spec.findOption(name);
                if (option == null) {
                    return "`" + spec.qualifiedName() + "` has no option " + name;
                }
                if (!token.contains("=") && option.arity().max() > 0 && i + 1 < tokens.size()) {
                    i++; // its value
                }
                continue;
            }
            CommandLine sub = spec.subcommands().get(token);
            if (sub != null && positionals == 0) {
                spec = sub.getCommandSpec();
                subcommandNamed = spec.subcommands().isEmpty();
                continue;
            }
            if (!spec.subcommands().isEmpty() && positionals == 0) {
                return "`" + spec.qualifiedName() + "` has no subcommand " + token + " (it has "
                        + spec.subcommands().keySet() + ")";
            }
            positionals++;
            int max = spec.positionalParameters().stream().mapToInt(p -> p.arity().max()).sum();
            if (positionals > max) {
                return "`" + spec.qualifiedName() + "` takes " + max + " positional parameter(s), the docs give more: "
                        + token;
            }
        }
        if (!subcommandNamed
                && !elided
                && spec.findOption("--help") != null
                && !args.contains("--help")
                && !args.contains("-h")) {
            return "`" + spec.qualifiedName() + "` needs a subcommand, one of " + spec.subcommands().keySet();
        }
        return null;
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }
}
