package io.driftwatch.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Encodes one contract type in either {@link WireFormat} and decodes it from either, detecting
 * the format of each record.
 *
 * <p>Usage:
 * <pre>{@code
 * RecordCodec<SaleEvent> codec = RecordCodec.of(SaleEvent.class);
 * byte[] avro = codec.encode(sale, WireFormat.AVRO);
 * SaleEvent back = codec.decode(avro);             // or JSON bytes: {"sale_id": ...}
 * }</pre>
 *
 * <p>Invariants: Avro output always uses the current schema; Avro input is resolved from any
 * writer schema in the type's {@link SchemaHistory} (or the current one) by its fingerprint, so
 * records written by older producers decode with defaults for newer fields. Every failure is a
 * {@link SerializationException} (a {@link ContractViolationException} when the record breaks the
 * contract) whose message says what was wrong. Instances are immutable and thread-safe; one per
 * type, shared through {@link #of(Class)}.
 */
public final class RecordCodec<T extends SpecificRecord> {
    static final int AVRO_HEADER_LENGTH = 10;
    static final String ACCEPTED_FORMATS =
            "Avro single-object encoding (starting with bytes C3 01) or a JSON object (starting with '{')";
    private static final Map<Class<?>, RecordCodec<?>> CODECS = new ConcurrentHashMap<>();

    static {
        AvroTrust.ensureTrusted();
    }

    private final Class<T> type;
    private final Schema schema;
    private final SchemaStore.Cache writerSchemas = new SchemaStore.Cache();
    private final SpecificData model;
    private final BinaryMessageEncoder<T> encoder;
    /**
     * A reader per writer schema seen, by fingerprint (bounded by {@link #writerSchemas}): the body after the
     * single-object header is decoded straight from the array, where {@code BinaryMessageDecoder} read it through an
     * {@code InputStream} byte by byte (a tenth of the monitor's CPU went to decoding its inputs).
     */
    private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();
    /** Each thread's decoder, reused from record to record (as {@code DecoderFactory} intends). */
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();
    private final long fingerprint;
    /** The reader of bodies written with the current schema, without Avro's resolution ({@link DirectReaders}). */
    private final DirectReaders.Reader<T> direct;

    private RecordCodec(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        writerSchemas.addSchema(schema);
        for (SchemaVersion version : SchemaHistory.versions(schema.getName())) {
            writerSchemas.addSchema(version.schema());
        }
        this.model = model;
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.direct = DirectReaders.forSchema(schema);
    }

    /** The shared codec of {@code type}. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> RecordCodec<T> of(Class<T> type) {
        return (RecordCodec<T>) CODECS.computeIfAbsent(type, t -> new RecordCodec<>(type));
    }

    public Class<T> type() {
        return type;
    }

    /** The current (reader and Avro writer) schema. */
    public Schema schema() {
        return schema;
    }

    /** The record in {@code format}; a null required field is a {@link ContractViolationException}. */
    public byte[] encode(T record, WireFormat format) {
        if (format == WireFormat.JSON) {
            return AvroJson.toJsonBytes(record);
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (NullPointerException e) {
            throw new ContractViolationException("Cannot encode " + name() + " as Avro: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + name() + " as Avro: " + e.getMessage(), e);
        }
    }

    /** Decodes Avro single-object or JSON bytes, whichever {@code bytes} holds. */
    public T decode(byte[] bytes) {
        return detectFormat(bytes) == WireFormat.AVRO ? decodeAvro(bytes) : AvroJson.fromJson(bytes, type);
    }

    /**
     * The format of {@code bytes}: {@link WireFormat#AVRO} when they start with the single-object
     * magic {@code C3 01}, {@link WireFormat#JSON} when the first byte that is not whitespace (or a
     * UTF-8 byte order mark) is '{'.
     *
     * @throws SerializationException naming the accepted formats for anything else
     */
    public static WireFormat detectFormat(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xC3 && bytes[1] == 0x01) {
            return WireFormat.AVRO;
        }
        int i = startsWithBom(bytes) ? 3 : 0;
        while (i < bytes.length && isJsonWhitespace(bytes[i])) {
            i++;
        }
        if (i < bytes.length && bytes[i] == '{') {
            return WireFormat.JSON;
        }
        throw new SerializationException("Unrecognised record format (" + bytes.length + " bytes, starting "
                + hexPrefix(bytes) + "); accepted: " + ACCEPTED_FORMATS);
    }

    private T decodeAvro(byte[] bytes) {
        if (bytes.length < AVRO_HEADER_LENGTH) {
            throw new SerializationException("Truncated Avro record for " + name() + ": " + bytes.length
                    + " bytes, but the single-object header alone is " + AVRO_HEADER_LENGTH);
        }
        long fingerprint =
                ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        boolean current = fingerprint == this.fingerprint && direct != null;
        DatumReader<T> reader = current ? null : readerOf(fingerprint);
        try {
            BinaryDecoder reuse = DECODERS.get();
            BinaryDecoder in = DecoderFactory.get()
                    .binaryDecoder(bytes, AVRO_HEADER_LENGTH, bytes.length - AVRO_HEADER_LENGTH, reuse);
            if (in != reuse) {
                DECODERS.set(in);
            }
            return current ? direct.read(in) : reader.read(null, in);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Invalid Avro body for " + name() + " (writer schema fingerprint " + hex(fingerprint) + "): " + e,
                    e);
        }
    }

    /** Avro's resolving reader from the writer schema of {@code fingerprint} to the current one. */
    private DatumReader<T> readerOf(long fingerprint) {
        DatumReader<T> reader = readers.get(fingerprint);
        if (reader == null) {
            Schema writer = writerSchemas.findByFingerprint(fingerprint);
            if (writer == null) {
                throw new SerializationException(unknownFingerprintMessage(fingerprint));
            }
            reader = readers.computeIfAbsent(fingerprint, f -> new SpecificDatumReader<>(writer, schema, model));
        }
        return reader;
    }

    private String unknownFingerprintMessage(long fingerprint) {
        String other = SchemaHistory.findByFingerprint(fingerprint)
                .map(v -> " It is the fingerprint of " + v + ": wrong topic or wrong type?")
                .orElse("");
        return "Unknown Avro writer schema for " + name() + ": fingerprint " + hex(fingerprint)
                + " is neither the current schema (" + hex(this.fingerprint)
                + ") nor a version under history/" + name() + "/." + other;
    }

    private String name() {
        return schema.getName();
    }

    static String hex(long fingerprint) {
        return String.format("0x%016x", fingerprint);
    }

    private static boolean startsWithBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 8); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02X", bytes[i] & 0xFF));
        }
        return bytes.length == 0
                ? "<empty>"
                : sb.append(bytes.length > 8 ? " ..." : "").toString();
    }
}
