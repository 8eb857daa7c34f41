package io.driftwatch.monitor;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.TimestampExtractor;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;
import io.driftwatch.kafka.EventTimeExtractor;
import io.driftwatch.topics.Topic;
import io.driftwatch.topics.Topics;

/**
 * How the monitor reads {@code predictions} and {@code actuals} through one source node: the matching
 * stage needs both in one task, and a source per topic followed by casts and a merge cost three extra
 * node hops per record (forward plus metrics sensors each), a visible share of the monitor's work.
 * So one source subscribes to both topics and its value deserializer picks the contract type by the
 * topic it is given, and one timestamp extractor applies each type's event-time rule.
 */
final class MonitorInputs {

    /** How far ahead of both partition time and wall clock an input's event time may be (as for every input). */
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    /** First byte of a value on the repartition topic of {@code monitor.repartition-inputs}. */
    static final byte PREDICTION = 'P';
    static final byte ACTUAL = 'A';

    private MonitorInputs() {
    }

    /**
     * The values of the input topics: a Prediction from {@code predictions}, an Actual from
     * {@code actuals}, each read by that topic's own serde. Failures are that serde's
     * {@link SerializationException}, so they reach the deserialization exception handler (and the
     * dead-letter topic, which names the record's topic) exactly as with a source per topic.
     */
    static Serde<Object> byTopic(Topics topics) {
        return new ByTopic(topics.predictions, topics.actuals);
    }

    /**
     * The values of the repartition topic of {@code monitor.repartition-inputs}, which carries both
     * types: a one-byte tag ({@link #PREDICTION} or {@link #ACTUAL}) and the record as its topic's serde
     * writes it. One repartition topic instead of one per type, so the matching task reads one source.
     */
    static Serde<Object> tagged(Topics topics) {
        return new Tagged(topics.predictions.valueSerde(), topics.actuals.valueSerde());
    }

    /**
     * Event time as the record timestamp: issued_at of a Prediction, event_time of an Actual, with
     * {@link EventTimeExtractor}'s fallback (partition time) and future tolerance. The value was already
     * deserialized by topic, so its type says which rule applies.
     */
    static TimestampExtractor eventTime() {
        EventTimeExtractor<Prediction> predictions =
            new EventTimeExtractor<>(Prediction.class, Prediction::getIssuedAt, FUTURE_TOLERANCE);
        EventTimeExtractor<Actual> actuals = new EventTimeExtractor<>(Actual.class, Actual::getEventTime, FUTURE_TOLERANCE);
        return (record, partitionTime) -> record.value() instanceof Actual
            ? actuals.extract(record, partitionTime) : predictions.extract(record, partitionTime);
    }

    /** Dispatches on the topic name when reading, on the value's type when writing. */
    private static final class ByTopic implements Serde<Object>, Serializer<Object>, Deserializer<Object> {

        private final String predictionsTopic;
        private final String actualsTopic;
        private final Serde<Prediction> predictions;
        private final Serde<Actual> actuals;

        ByTopic(Topic<String, Prediction> predictions, Topic<String, Actual> actuals) {
            this.predictionsTopic = predictions.name();
            this.actualsTopic = actuals.name();
            this.predictions = predictions.valueSerde();
            this.actuals = actuals.valueSerde();
        }

        @Override
        public Object deserialize(String topic, Headers headers, byte[] data) {
            if (predictionsTopic.equals(topic)) {
                return predictions.deserializer().deserialize(topic, headers, data);
            }
            if (actualsTopic.equals(topic)) {
                return actuals.deserializer().deserialize(topic, headers, data);
            }
            throw new SerializationException("the monitor reads predictions from '" + predictionsTopic + "' and actuals from '"
                + actualsTopic + "', not from '" + topic + "'");
        }

        @Override
        public Object deserialize(String topic, byte[] data) {
            return deserialize(topic, null, data);
        }

        @Override
        public byte[] serialize(String topic, Object data) {
            if (data == null) {
                return null;
            }
            if (data instanceof Prediction p) {
                return predictions.serializer().serialize(topic, p);
            }
            if (data instanceof Actual a) {
                return actuals.serializer().serialize(topic, a);
            }
            throw new SerializationException("not a Prediction or Actual: " + data.getClass().getName());
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            // nothing to set: the topics' serdes already write the app's configured format
        }

        @Override
        public Serializer<Object> serializer() {
            return this;
        }

        @Override
        public Deserializer<Object> deserializer() {
            return this;
        }

        @Override
        public void close() {
            // the topics' serdes are shared and stateless
        }
    }

    /** A type tag in front of the type's own encoding. */
    private static final class Tagged implements Serde<Object>, Serializer<Object>, Deserializer<Object> {

        private final Serde<Prediction> predictions;
        private final Serde<Actual> actuals;

        Tagged(Serde<Prediction> predictions, Serde<Actual> actuals) {
            this.predictions = predictions;
            this.actuals = actuals;
        }

        @Override
        public byte[] serialize(String topic, Object data) {
            if (data == null) {
                return null;
            }
            if (data instanceof Prediction p) {
                return tag(PREDICTION, predictions.serializer().serialize(topic, p));
            }
            if (data instanceof Actual a) {
                return tag(ACTUAL, actuals.serializer().serialize(topic, a));
            }
            throw new SerializationException("not a Prediction or Actual: " + data.getClass().getName());
        }

        private static byte[] tag(byte tag, byte[] body) {
            byte[] out = new byte[body.length + 1];
            out[0] = tag;
            System.arraycopy(body, 0, out, 1, body.length);
            return out;
        }

        @Override
        public Object deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            if (data.length == 0) {
                throw new SerializationException("empty value on '" + topic + "': no type tag");
            }
            byte[] body = Arrays.copyOfRange(data, 1, data.length);
            return switch (data[0]) {
                case PREDICTION -> predictions.deserializer().deserialize(topic, body);
                case ACTUAL -> actuals.deserializer().deserialize(topic, body);
                default -> throw new SerializationException("unknown type tag " + data[0] + " on '" + topic
                    + "' (written by another driftwatch version? see docs/runbooks.md, upgrading the monitor)");
            };
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            // nothing to set: the topics' serdes already write the app's configured format
        }

        @Override
        public Serializer<Object> serializer() {
            return this;
        }

        @Override
        public Deserializer<Object> deserializer() {
            return this;
        }

        @Override
        public void close() {
            // the topics' serdes are shared and stateless
        }
    }
}
