package io.driftwatch.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.topics.TopicAdmin;
import io.driftwatch.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage driftwatch topics.",
    subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class})
final class TopicsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = "Creates missing driftwatch topics and reports, without changing them, existing ones whose settings differ. Idempotent.")
    static final class Create implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

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
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the topics driftwatch uses, with their settings.")
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
