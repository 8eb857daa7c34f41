package io.driftwatch.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The Kafka serde of one contract type: writes the configured {@link WireFormat}, reads both.
 *
 * <p>Usage:
 * <pre>{@code
 * Serde<SaleEvent> serde = DriftwatchSerde.of(SaleEvent.class, WireFormat.AVRO);
 * builder.stream("sales-events", Consumed.with(Serdes.String(), serde));
 * }</pre>
 *
 * <p>Invariants: a null value is written as null bytes and null bytes read as a null value
 * (tombstones on compacted topics). Every failure is a {@link SerializationException} whose
 * message names the type, the topic and what was wrong, so dead-letter handlers can copy it into
 * a header; a record that breaks the contract raises the {@link ContractViolationException}
 * subclass. {@link #configure(Map, boolean)} may change the output format through
 * {@value #OUTPUT_FORMAT_CONFIG}. Thread-safe; {@link #serializer()} and {@link #deserializer()}
 * return this instance.
 */
public final class DriftwatchSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {
    /**
     * Setting: the format written, {@code AVRO} or {@code JSON} (case-insensitive). Absent: keep the one given to
     * {@link #of}.
     */
    public static final String OUTPUT_FORMAT_CONFIG = "driftwatch.output.format";

    public static final String OUTPUT_FORMAT_DOC = "Wire format the driftwatch serdes write: "
            + WireFormat.validValues() + " (case-insensitive). Readers accept both, whatever this says.";

    private final RecordCodec<T> codec;
    private volatile WireFormat outputFormat;

    private DriftwatchSerde(RecordCodec<T> codec, WireFormat outputFormat) {
        this.codec = codec;
        this.outputFormat = outputFormat;
    }

    /** A serde of {@code type} that writes {@code outputFormat}. */
    public static <T extends SpecificRecord> DriftwatchSerde<T> of(Class<T> type, WireFormat outputFormat) {
        if (type == null || outputFormat == null) {
            throw new IllegalArgumentException("type and outputFormat are required, got " + type + ", " + outputFormat);
        }
        return new DriftwatchSerde<>(RecordCodec.of(type), outputFormat);
    }

    public WireFormat outputFormat() {
        return outputFormat;
    }

    public Class<T> type() {
        return codec.type();
    }

    /** Reads {@value #OUTPUT_FORMAT_CONFIG} (a {@link WireFormat} or its name) when present. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object value = configs.get(OUTPUT_FORMAT_CONFIG);
        if (value instanceof WireFormat) {
            outputFormat = (WireFormat) value;
        } else if (value != null) {
            try {
                outputFormat = WireFormat.parse(value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(OUTPUT_FORMAT_CONFIG, value, e.getMessage());
            }
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return codec.encode(data, outputFormat);
        } catch (SerializationException e) {
            throw withContext("Cannot serialize " + codec.schema().getName() + " to topic '" + topic + "': ", e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return codec.decode(data);
        } catch (SerializationException e) {
            throw withContext("Cannot deserialize " + codec.schema().getName() + " from topic '" + topic + "': ", e);
        }
    }

    private static SerializationException withContext(String prefix, SerializationException e) {
        String message = prefix + e.getMessage();
        return e instanceof ContractViolationException
                ? new ContractViolationException(message, e)
                : new SerializationException(message, e);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void close() {
        // nothing to release: codecs are shared and stateless
    }
}
