package io.driftwatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import org.apache.avro.specific.SpecificRecord;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.kafka.CheckedProducer;
import io.driftwatch.serde.AvroJson;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "produce", mixinStandardHelpOptions = true,
    description = {"Reads JSON lines from stdin, checks each against the topic's contract and sends the valid ones "
            + "(in the configured output.format). Invalid lines are reported with their line number and not sent.",
        "The key is derived from the value (series_id, model_id:horizon, ...) unless -K gives a key separator.",
        "Exit code: 0 when every line was sent, 1 when some were rejected."})
final class ProduceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TOPIC", description = "A driftwatch topic, by name (e.g. sales-events).")
    String topicName;

    @Option(names = "-K", paramLabel = "SEP", description = "Each line is KEY<SEP>JSON, as with kcat -K.")
    String keySeparator;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws IOException {
        CommonConfig config = new CommonConfig(kafka.load());
        Topics topics = Topics.from(config);
        Topic<?, ?> topic = topics.byName(topicName).orElseThrow(() -> new IllegalArgumentException(
            "unknown topic '" + topicName + "'; topics: " + String.join(", ", topics.logicalNames())));
        if (!SpecificRecord.class.isAssignableFrom(topic.valueType())) {
            throw new IllegalArgumentException(topic.name() + " holds raw records; produce to it is not supported");
        }
        @SuppressWarnings("unchecked")
        Topic<String, SpecificRecord> contract = (Topic<String, SpecificRecord>) topic;
        return produce(
                contract,
                config,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                System.err);
    }

    private int produce(Topic<String, SpecificRecord> topic, CommonConfig config, BufferedReader in, PrintStream err)
            throws IOException {
        int lineNo = 0;
        int rejected = 0;
        try (CheckedProducer<String, SpecificRecord> producer =
                new CheckedProducer<>(config.kafkaClientProperties(), topic)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    String key = null;
                    String json = line;
                    if (keySeparator != null) {
                        int at = line.indexOf(keySeparator);
                        if (at < 0) {
                            throw new IllegalArgumentException("no key separator '" + keySeparator + "' in the line");
                        }
                        key = line.substring(0, at);
                        json = line.substring(at + keySeparator.length());
                    }
                    SpecificRecord value = AvroJson.fromJson(json, topic.valueType());
                    producer.send(key != null ? key : topic.keyFor(value), value, null);
                } catch (RuntimeException e) {
                    rejected++;
                    err.println("line " + lineNo + ": " + Main.message(e));
                }
            }
            producer.flush();
            err.printf("%d sent to %s, %d rejected%n", producer.sent(), topic.name(), rejected);
        }
        return rejected == 0 ? 0 : 1;
    }
}
