package io.driftwatch.serde;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * One released version of a top-level contract, as kept under
 * {@code io/driftwatch/avro/history/<recordName>/v<version>.avsc}.
 *
 * @param recordName the record's simple name, e.g. {@code SaleEvent}
 * @param version 1 for the first released version, then +1 per change
 * @param schema the self-contained schema of that version
 */
public record SchemaVersion(String recordName, int version, Schema schema) {

    /** The CRC-64-AVRO fingerprint single-object encoding puts in each record's header. */
    public long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    @Override
    public String toString() {
        return recordName + " v" + version;
    }
}
