package io.driftwatch.monitor;

import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.kafka.CountingProcessingExceptionHandler;

/**
 * Kafka's log-and-continue handler (bad records to the dead-letter topic, KIP-1034, counted as
 * {@code driftwatch.deadletters{app=monitor, reason}}), except for
 * {@link PartitionMismatchException}, which fails the task: a producer with the wrong partitioner
 * must be fixed, not silently dead-lettered record by record; and {@link MisplacedInputException}, which fails
 * it too, so that the app restarts with its re-routing detour.
 */
public final class MonitorExceptionHandler extends CountingProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorExceptionHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof PartitionMismatchException) {
            LOG.error("stopping the monitor: {}", exception.getMessage());
            return Response.fail();
        }
        if (exception instanceof MisplacedInputException) {
            return Response.fail(); // the app builds the re-routing detour (StreamsApp's rebuild), not an error
        }
        return super.handleError(context, record, exception);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
    }
}
