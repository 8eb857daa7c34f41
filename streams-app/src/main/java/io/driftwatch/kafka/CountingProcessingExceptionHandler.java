package io.driftwatch.kafka;

import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;


/**
 * Kafka's log-and-continue processing handler (dead-lettering the source record when the DLQ topic
 * is set), counting each record as {@code driftwatch.deadletters{reason}} with the
 * {@link io.driftwatch.kafka.BadRecordException} code as reason. On a global store's topic, where
 * Kafka Streams cannot dead-letter, the record is skipped, logged and counted as
 * {@code driftwatch.global.skipped} instead.
 */
public class CountingProcessingExceptionHandler extends LogAndContinueProcessingExceptionHandler {

    private final DeadLetterCounter counter = new DeadLetterCounter();

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        counter.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (DeadLetterCounter.isGlobal(context)) {
            counter.skippedGlobal(context, DeadLetterCounter.reasonOf(exception), exception);
            return Response.resume();
        }
        Response response = super.handleError(context, record, exception);
        counter.count(DeadLetterCounter.reasonOf(exception));
        return response;
    }

    /** Property to put in the Streams config so the counters know which app they count for. */
    public static Map<String, String> appProperty(String app) {
        return Map.of(DeadLetterCounter.APP_CONFIG, app);
    }
}
