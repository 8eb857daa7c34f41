package io.driftwatch.ingest;

import java.time.Duration;
import java.time.Instant;

import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;
import io.driftwatch.kafka.BadRecordException;

/** Contract checks of ingest inputs, beyond what decoding already checks. Pure functions. */
public final class IngestContracts {

    private IngestContracts() {
    }

    /**
     * @param nowMs the later of stream time and wall-clock time: an event further than the tolerance
     *              ahead of it is rejected. Wall-clock time keeps a legitimately quiet partition (a
     *              weekend without FX ticks) from rejecting Monday's ticks; stream time keeps replays
     *              deterministic for everything in the past.
     */
    public static void checkSale(SaleEvent sale, long nowMs, long futureToleranceMs) {
        requireText(sale.getSaleId(), "sale_id");
        requireText(sale.getTenantId(), "tenant_id");
        requireText(sale.getSeriesId(), "series_id");
        requireFinite(sale.getAmount(), "amount");
        checkTime(sale.getEventTime(), nowMs, futureToleranceMs);
    }

    public static void checkRate(RateEvent rate, long nowMs, long futureToleranceMs) {
        requireText(rate.getSeriesId(), "series_id");
        requireFinite(rate.getValue(), "value");
        checkTime(rate.getEventTime(), nowMs, futureToleranceMs);
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new BadRecordException("missing-" + field.replace('_', '-'), field + " is missing or blank");
        }
    }

    static void requireFinite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new BadRecordException(
                    "non-finite-" + field.replace('_', '-'), field + " must be a finite number, was " + value);
        }
    }

    static void checkTime(Instant eventTime, long nowMs, long futureToleranceMs) {
        if (eventTime == null) {
            throw new BadRecordException("missing-event-time", "event_time is missing");
        }
        long t = eventTime.toEpochMilli();
        if (t < 0) {
            throw new BadRecordException("event-time-before-1970", "event_time " + eventTime + " is before 1970-01-01");
        }
        if (t > nowMs + futureToleranceMs) {
            throw new BadRecordException(
                    "event-time-in-future",
                    "event_time " + eventTime + " is more than " + Duration.ofMillis(futureToleranceMs)
                            + " ahead of stream and wall-clock time " + Instant.ofEpochMilli(nowMs));
        }
    }
}
