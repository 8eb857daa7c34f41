package io.driftwatch.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;


import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftwatch.config.CommonConfig;
import io.driftwatch.config.Durations;
import io.driftwatch.serde.AvroJson;
import io.driftwatch.serde.RecordCodec;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tail", mixinStandardHelpOptions = true,
    description = {"Prints a driftwatch topic as JSON lines (committed records only), whatever wire format it holds.",
        "dead-letters records print as {topic, partition, offset, key, value, headers} with the error headers."})
final class TailCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "TOPIC", description = "A driftwatch topic, by name (e.g. actuals).")
    String topicName;

    @Option(names = "--from-beginning", description = "Start at the oldest record (default: only new records).")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Integer max;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            description = "Stop when no record arrived for this long (e.g. 5s).")
    String idleTimeout;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        CommonConfig config = new CommonConfig(kafka.load());
        Topics topics = Topics.from(config);
        Topic<?, ?> topic = topics.byName(topicName).orElseThrow(() -> new IllegalArgumentException(
            "unknown topic '" + topicName + "'; topics: " + String.join(", ", topics.logicalNames())));
        Map<String, Object> props = config.kafkaClientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "driftwatch-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        long idleNanos = idleTimeout == null ? Long.MAX_VALUE : Durations.parse(idleTimeout).toNanos();
        int printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            long lastRecord = System.nanoTime();
            while ((max == null || printed < max) && System.nanoTime() - lastRecord < idleNanos) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    System.out.println(format(topic, r));
                    lastRecord = System.nanoTime();
                    if (max != null && ++printed >= max) {
                        break;
                    }
                }
                System.out.flush();
            }
        }
        return 0;
    }

    static String format(Topic<?, ?> topic, ConsumerRecord<byte[], byte[]> r) {
        if (r.value() != null && SpecificRecord.class.isAssignableFrom(topic.valueType())) {
            try {
                @SuppressWarnings("unchecked")
                Class<? extends SpecificRecord> type = (Class<? extends SpecificRecord>) topic.valueType();
                return AvroJson.toJsonString(RecordCodec.of(type).decode(r.value()));
            } catch (RuntimeException e) {
                return raw(r, "undecodable: " + Main.message(e));
            }
        }
        return raw(r, null);
    }

    private static String raw(ConsumerRecord<byte[], byte[]> r, String error) {
        ObjectNode node = JSON.createObjectNode();
        node.put("topic", r.topic())
                .put("partition", r.partition())
                .put("offset", r.offset())
                .put("timestamp", r.timestamp());
        node.put("key", text(r.key()));
        node.put("value", text(r.value()));
        if (error != null) {
            node.put("error", error);
        }
        ObjectNode headers = node.putObject("headers");
        for (Header h : r.headers()) {
            if (!h.key().endsWith("stacktrace")) {
                headers.put(h.key(), text(h.value()));
            }
        }
        return node.toString();
    }

    /** UTF-8 text when the bytes are valid UTF-8 without control characters, else "base64:..." */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            boolean printable = s.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\t' || c == '\r');
            if (printable) {
                return s;
            }
        } catch (CharacterCodingException e) {
            // not text: fall through
        }
        return "base64:" + Base64.getEncoder().encodeToString(bytes);
    }

}
