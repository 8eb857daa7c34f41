package io.driftwatch.ingest;

import java.time.Instant;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import io.driftwatch.avro.SaleEvent;

/**
 * Drops a sale whose sale_id was already seen with the same event_time (a producer that sent it
 * twice), so a day's total counts each sale once.
 *
 * <p>State: a window store of sale ids keyed at their event time, retained for one bucket plus the
 * grace (after that the sale's bucket is closed and a resend is rejected as late anyway).
 */
final class SaleDedupe implements FixedKeyProcessor<String, SaleEvent, SaleEvent> {

    private final String storeName;
    private FixedKeyProcessorContext<String, SaleEvent> context;
    private WindowStore<String, Long> seen;

    SaleDedupe(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, SaleEvent> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, SaleEvent> record) {
        SaleEvent sale = record.value();
        long t = sale.getEventTime().toEpochMilli();
        try (WindowStoreIterator<Long> it = seen.fetch(sale.getSaleId(), Instant.ofEpochMilli(t), Instant.ofEpochMilli(t))) {
            if (it.hasNext()) {
                return; // a redelivered sale: already counted
            }
        }
        seen.put(sale.getSaleId(), t, t);
        context.forward(record);
    }
}
