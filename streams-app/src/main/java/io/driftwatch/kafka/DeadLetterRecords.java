package io.driftwatch.kafka;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.driftwatch.telemetry.MetricNames;
import io.driftwatch.telemetry.Telemetry;

/**
 * Dead letters for apps that are plain consumers (the retrain service), in the same shape Kafka
 * Streams' built-in handlers write (KIP-1034): the source record's key and value bytes as they
 * were, and headers {@value #EXCEPTION}, {@value #MESSAGE}, {@value #STACKTRACE}, {@value #TOPIC},
 * {@value #PARTITION}, {@value #OFFSET} (strings, UTF-8). So one tool reads every app's dead
 * letters. Counted, once the caller has committed them, with {@link #count(String, Throwable)}.
 */
public final class DeadLetterRecords {

    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";

    private DeadLetterRecords() {
    }

    /** The dead letter of {@code source}, to {@code deadLetterTopic}, explained by {@code error}. */
    public static ProducerRecord<byte[], byte[]> of(
            String deadLetterTopic, ConsumerRecord<byte[], byte[]> source, Throwable error) {
        Headers headers = new RecordHeaders();
        headers.add(EXCEPTION, utf8(error.getClass().getName()));
        headers.add(MESSAGE, utf8(String.valueOf(error.getMessage())));
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        headers.add(STACKTRACE, utf8(trace.toString()));
        headers.add(TOPIC, utf8(source.topic()));
        headers.add(PARTITION, utf8(String.valueOf(source.partition())));
        headers.add(OFFSET, utf8(String.valueOf(source.offset())));
        return new ProducerRecord<>(deadLetterTopic, null, source.key(), source.value(), headers);
    }

    /** Counts one dead letter of {@code app} as {@code driftwatch.deadletters{app, reason}}. */
    public static void count(String app, Throwable error) {
        String reason = error instanceof BadRecordException ? DeadLetterCounter.reasonOf(error)
                : DeadLetterCounter.DESERIALIZATION;
        Telemetry.registry()
                .counter(MetricNames.DEAD_LETTERS, MetricNames.TAG_APP, app, MetricNames.TAG_REASON, reason)
                .increment();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
