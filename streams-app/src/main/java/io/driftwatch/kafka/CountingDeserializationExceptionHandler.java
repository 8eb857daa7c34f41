package io.driftwatch.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;


/**
 * Kafka's log-and-continue deserialization handler (which also builds the dead-letter record when
 * {@code errors.dead.letter.queue.topic.name} is set), counting each record as
 * {@code driftwatch.deadletters{reason=deserialization}}. Behaviour is otherwise unchanged.
 */
public class CountingDeserializationExceptionHandler extends LogAndContinueExceptionHandler {

    private final DeadLetterCounter counter = new DeadLetterCounter();

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        counter.configure(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        counter.count(DeadLetterCounter.DESERIALIZATION);
        return response;
    }
}
