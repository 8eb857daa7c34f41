package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StreamThreadConsumersTest {

    private static boolean askedOn(String threadName) throws InterruptedException {
        AtomicReference<Boolean> answer = new AtomicReference<>();
        Thread t = new Thread(() -> answer.set(StreamThreadConsumers.inputWaiting()), threadName);
        t.start();
        t.join();
        return answer.get();
    }

    @Test
    void aStreamThreadAsksItsOwnMainConsumerWhetherRecordsWaitOnTheBroker() throws InterruptedException {
        TopicPartition a = new TopicPartition("in", 0);
        TopicPartition b = new TopicPartition("in", 1);
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(a, b));
        consumer.updateBeginningOffsets(Map.of(a, 0L, b, 0L));
        consumer.seek(a, 10);
        consumer.seek(b, 4);
        consumer.updateEndOffsets(Map.of(a, 10L, b, 4L));
        StreamThreadConsumers.register("app-1-StreamThread-1-consumer", consumer);
        StreamThreadConsumers.register("app-1-StreamThread-1-restore-consumer", new MockConsumer<>("earliest"));

        assertThat(askedOn("app-1-StreamThread-1")).as("both partitions caught up").isFalse();
        consumer.updateEndOffsets(Map.of(b, 7L));
        assertThat(askedOn("app-1-StreamThread-1")).as("three records on the broker for partition 1").isTrue();
        assertThat(askedOn("app-1-StreamThread-2")).as("another thread: no consumer of its own here").isFalse();
        assertThat(askedOn("main-thread-of-a-test")).isFalse();
        consumer.close();
        assertThat(askedOn("app-1-StreamThread-1")).as("a closed consumer: no answer, not an error").isFalse();
    }
}
