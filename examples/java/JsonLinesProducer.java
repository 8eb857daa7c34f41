import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a file of JSON lines (examples/sales.jsonl, rates.jsonl, actuals.jsonl, predictions.jsonl) to a
 * driftwatch topic, each keyed by its series_id, with the Java client's default partitioner (murmur2 of
 * the key), which is what driftwatch expects. Needs only kafka-clients:
 *
 * <pre>
 * java -cp 'streams-app/target/lib/*' examples/java/JsonLinesProducer.java 127.0.0.1:9092 sales-events
 * examples/sales.jsonl
 * </pre>
 *
 * In your own code: build the JSON from your objects (field names as in the Avro contracts) and keep
 * the key = series_id, the default partitioner and acks=all with idempotence.
 */
public final class JsonLinesProducer {

    private static final Pattern SERIES_ID = Pattern.compile("\"series_id\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: JsonLinesProducer BOOTSTRAP_SERVERS TOPIC FILE.jsonl");
            System.exit(2);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, String> producer =
                        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
                BufferedReader in = Files.newBufferedReader(Path.of(args[2]))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                sends.add(producer.send(new ProducerRecord<>(args[1], seriesId(line), line)));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get(); // a failed send is an error, not a silent loss
            }
        }
        System.out.println(sends.size() + " sent to " + args[1]);
    }

    static String seriesId(String json) throws IOException {
        Matcher m = SERIES_ID.matcher(json);
        if (!m.find()) {
            throw new IOException("no series_id in: " + json);
        }
        return m.group(1);
    }
}
