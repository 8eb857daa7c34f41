package io.driftwatch.ingest;

import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.SaleEvent;

/** How one kind of event folds into a bucket, and what a bucket's actual value is. */
interface BucketRule<V> {

    long eventTime(V event);

    String tenantId(V event);

    void add(SeriesBuckets.Bucket bucket, V event);

    double value(SeriesBuckets.Bucket bucket);

    /** Whether buckets without events between two with events are emitted as 0. */
    boolean fillsGaps();

    /** Sales: the day's total; empty days between sales days are 0. */
    BucketRule<SaleEvent> SALES_TOTAL = new BucketRule<>() {
        public long eventTime(SaleEvent e) {
            return e.getEventTime().toEpochMilli();
        }

        public String tenantId(SaleEvent e) {
            return e.getTenantId();
        }

        public void add(SeriesBuckets.Bucket b, SaleEvent e) {
            b.addSum(e.getAmount());
        }

        public double value(SeriesBuckets.Bucket b) {
            return b.sum;
        }

        public boolean fillsGaps() {
            return true;
        }
    };

    /** Rates: the close, i.e. the value with the latest event time in the bucket. No gap filling. */
    BucketRule<RateEvent> RATE_CLOSE = new BucketRule<>() {
        public long eventTime(RateEvent e) {
            return e.getEventTime().toEpochMilli();
        }

        public String tenantId(RateEvent e) {
            return null;
        }

        public void add(SeriesBuckets.Bucket b, RateEvent e) {
            b.addLatest(e.getEventTime().toEpochMilli(), e.getValue());
        }

        public double value(SeriesBuckets.Bucket b) {
            return b.latestValue;
        }

        public boolean fillsGaps() {
            return false;
        }
    };
}
