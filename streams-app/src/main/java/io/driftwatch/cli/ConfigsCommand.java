package io.driftwatch.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.ValidationMetrics;
import io.driftwatch.retrain.service.RetrainConfig;
import io.driftwatch.retrain.configs.ConfigHistory;
import io.driftwatch.retrain.configs.ReportLog;
import io.driftwatch.retrain.configs.StateReader;
import io.driftwatch.retrain.service.ManualPublish;
import io.driftwatch.retrain.service.ManualRollback;
import io.driftwatch.topics.ModelKey;
import io.driftwatch.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
        name = "configs",
        mixinStandardHelpOptions = true,
        description = "Shows, publishes and rolls back versioned model configs.",
        subcommands = {
            ConfigsCommand.ListConfigs.class,
            ConfigsCommand.History.class,
            ConfigsCommand.Publish.class,
            ConfigsCommand.Rollback.class
        })
final class ConfigsCommand {

    static ConfigHistory read(RetrainConfig config) {
        ConfigHistory history = new ConfigHistory();
        try (StateReader reader =
                new StateReader(config.kafkaClientProperties(), Topics.from(config), history, new ReportLog(1))) {
            reader.catchUp(Duration.ofSeconds(60));
        }
        return history;
    }

    static String line(ModelConfig c) {
        ValidationMetrics m = c.getValidationMetrics();
        return String.format(
                "%-24s v%-4d %-17s %s created=%s reason=%s%s%s%s",
                ModelKey.of(c.getModelId(), c.getHorizon()),
                c.getVersion(),
                c.getAlgorithm(),
                new TreeMap<>(c.getParams()),
                c.getCreatedAt(),
                c.getReason(),
                c.getPreviousVersion() == null ? "" : " previous=v" + c.getPreviousVersion(),
                c.getRolledBackFrom() == null ? "" : " rolled_back_from=v" + c.getRolledBackFrom(),
                m == null
                        ? ""
                        : String.format(
                                " rmse=%.4g mape=%.4g bias=%.4g coverage=%.3f n=%d",
                                m.getRmse(), m.getMape(), m.getBias(), m.getCi95Coverage(), m.getN()));
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The promoted config of every model:horizon.")
    static final class ListConfigs implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ConfigHistory h = read(new RetrainConfig(kafka.load()));
            h.promoted().values().forEach(c -> spec.commandLine().getOut().println(line(c)));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "history",
            mixinStandardHelpOptions = true,
            description = "Every version of one model:horizon, oldest first.")
    static final class History implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;
        @Option(names = "--model", required = true)
        String model;
        @Option(names = "--horizon", required = true)
        String horizon;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ConfigHistory h = read(new RetrainConfig(kafka.load()));
            String key = ModelKey.of(model, horizon);
            int promoted = h.current(key).map(ModelConfig::getVersion).orElse(-1);
            List<ModelConfig> versions = h.versions(key);
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("no versions of " + key);
            }
            versions.forEach(
                    c -> spec.commandLine().getOut().println((c.getVersion() == promoted ? "* " : "  ") + line(c)));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Republishes a previous version's params as a new version with rolled_back_from (default: the"
                    + " version before the promoted one).")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;
        @Option(names = "--model", required = true)
        String model;
        @Option(names = "--horizon", required = true)
        String horizon;
        @Option(names = "--to-version", paramLabel = "V", description = "Version to restore (default: promoted - 1).")
        Integer toVersion;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, Object> settings = new HashMap<>(kafka.load());
            RetrainConfig config = new RetrainConfig(settings);
            ConfigHistory h = read(config);
            ModelConfig published = ManualRollback.publish(
                    config, h, model, horizon, toVersion, Instant.now().toEpochMilli());
            spec.commandLine().getOut().println("rolled back: " + line(published));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            description = {
                "Publishes an algorithm and its params as the next version (v1 for a new model) of each model:horizon "
                        + "and promotes it: the forecasters use it from their next actual on.",
                "Example: configs publish --model sales,fx --horizon 7d,15d --algorithm seasonal_naive --param"
                        + " season_length=7"
            })
    static final class Publish implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;
        @Option(names = "--model", required = true, split = ",", paramLabel = "M",
            description = "One or more model ids, as in forecaster.models.")
        List<String> models;
        @Option(names = "--horizon", required = true, split = ",", paramLabel = "H",
            description = "One or more horizons, as in forecaster.horizons (e.g. 7d,15d,30d,90d).")
        List<String> horizons;

        @Option(
                names = "--algorithm",
                required = true,
                description =
                        "naive, seasonal_naive, drift, ses, holt, holt_damped, holt_winters_add, holt_winters_mul, ...")
        String algorithm;

        @Option(
                names = "--param",
                paramLabel = "KEY=VALUE",
                description = "A param of the algorithm (repeatable), e.g. season_length=7.")
        Map<String, String> params = new LinkedHashMap<>();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            RetrainConfig config = new RetrainConfig(new HashMap<>(kafka.load()));
            ConfigHistory history = read(config);
            for (String model : models) {
                for (ModelConfig c : ManualPublish.publish(
                        config,
                        history,
                        model,
                        horizons,
                        algorithm,
                        params,
                        Instant.now().toEpochMilli())) {
                    spec.commandLine().getOut().println("published: " + line(c));
                }
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
