package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.driftwatch.local.KafkaTestKit;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.LocalKafkaExtension;
import io.driftwatch.local.TempDirs;

/**
 * On the real broker, a processor of a Kafka Streams app built with {@link StreamThreadConsumers#SUPPLIER} asks its
 * own stream thread's consumer: records not yet handed to Kafka Streams are waiting while the input is read, and
 * none once all of it has been processed.
 */
@ExtendWith(LocalKafkaExtension.class)
class StreamThreadConsumersIT {

    private static final int RECORDS = 500;

    @Test
    @Timeout(120)
    void aProcessorSeesRecordsWaitingWhileItReadsAndNoneOnceCaughtUp(LocalKafkaBroker broker) throws Exception {
        String topic = KafkaTestKit.uniquePrefix("thread-consumers") + "in";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
        }
        AtomicReference<Boolean> atFirstRecord = new AtomicReference<>();
        AtomicInteger processed = new AtomicInteger();
        AtomicReference<Boolean> afterLastRecord = new AtomicReference<>();
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), topic);
        topology.addProcessor("ask", () -> new Processor<String, String, Void, Void>() {
            @Override
            public void init(ProcessorContext<Void, Void> context) {
                context.schedule(Duration.ofMillis(50), PunctuationType.WALL_CLOCK_TIME, now -> {
                    if (processed.get() == RECORDS) {
                        afterLastRecord.set(StreamThreadConsumers.inputWaiting());
                    }
                });
            }

            @Override
            public void process(Record<String, String> record) {
                if (processed.getAndIncrement() == 0) {
                    atFirstRecord.set(StreamThreadConsumers.inputWaiting());
                }
            }
        }, "in");

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "thread-consumers-" + System.nanoTime());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, TempDirs.create("thread-consumers-it-").toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // the consumer hands Kafka Streams 10 records per poll: the rest of the input is still waiting at the first
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 10);
        try (KafkaStreams streams = new KafkaStreams(topology, props, StreamThreadConsumers.SUPPLIER)) {
            streams.start();
            await("every record processed").atMost(Duration.ofSeconds(60)).until(() -> processed.get() == RECORDS);
            assertThat(atFirstRecord.get()).as("at the first record, %d more wait", RECORDS - 1).isTrue();
            await("caught up").atMost(Duration.ofSeconds(30))
                .until(() -> Boolean.FALSE.equals(afterLastRecord.get()));
        }
    }
}
