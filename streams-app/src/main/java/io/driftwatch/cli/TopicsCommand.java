package io.driftwatch.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.monitor.MonitorConfig;
import io.driftwatch.kafka.InternalTopics;
import io.driftwatch.monitor.MonitorStartup;
import io.driftwatch.topics.TopicAdmin;
import io.driftwatch.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage driftwatch topics.",
    subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class})
final class TopicsCommand {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Creates missing driftwatch topics and reports, without changing them, existing ones whose"
                    + " settings differ. Idempotent.")
    static final class Create implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(
                names = "--internal",
                description =
                        "Also create the monitor's internal topics (its repartition topics and store changelogs, named"
                                + " after its application.id) as Kafka Streams would on its first start: for clusters"
                                + " where the apps may not create topics. 'run monitor' creates the missing ones itself"
                                + " when it may. The re-routing detour's changelog only once its topic,"
                                + " <application.id>-monitor-reroute-repartition, exists.")
        boolean internal;

        @Override
        public Integer call() {
            CommonConfig config = new CommonConfig(kafka.load());
            Topics topics = Topics.from(config);
            try (Admin admin = Admin.create(config.kafkaClientProperties())) {
                List<TopicAdmin.Outcome> outcomes = new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(topics.all());
                outcomes.forEach(System.out::println);
                long differ = outcomes.stream().filter(o -> o.status() == TopicAdmin.Outcome.Status.DIFFERS).count();
                System.out.printf("%d topics: %d created, %d already right, %d differ%n", outcomes.size(),
                    outcomes.stream().filter(o -> o.status() == TopicAdmin.Outcome.Status.CREATED).count(),
                    outcomes.stream().filter(o -> o.status() == TopicAdmin.Outcome.Status.EXISTS).count(), differ);
                if (internal) {
                    List<NewTopic> planned =
                            MonitorStartup.internalTopics(MonitorStartup.resolve(new MonitorConfig(kafka.load())));
                    List<String> created = InternalTopics.create(admin, planned, Duration.ofSeconds(30));
                    planned.forEach(t ->
                            System.out.println((created.contains(t.name()) ? "created   " : "exists    ") + t.name()));
                    System.out.printf(
                            "%d internal topics of the monitor: %d created%n", planned.size(), created.size());
                }
                return 0;
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the topics driftwatch uses, with their settings.")
    static final class ListTopics implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Override
        public Integer call() {
            Topics topics = Topics.from(new CommonConfig(kafka.load()));
            topics.all().forEach(t -> System.out.printf("%-28s partitions=%d %s value=%s%n", t.name(), t.partitions(),
                t.configs(), t.valueType().getSimpleName()));
            return 0;
        }
    }
}
