package io.driftwatch.serde;

import java.nio.ByteBuffer;

import io.driftwatch.avro.RetrainReport;

/**
 * Run in a fresh JVM by {@link AvroTrustTest}: decodes a record with nested records, either
 * straight through the generated class ({@code raw}) or through {@link RecordCodec}, and prints
 * {@code OK} or the failure.
 */
public final class TrustProbe {
    private TrustProbe() {}

    public static void main(String[] args) throws Exception {
        RetrainReport report = (RetrainReport) ContractSamples.full().get(7);
        byte[] bytes = report.toByteBuffer().array();
        try {
            Object back = "raw".equals(args[0])
                    ? RetrainReport.fromByteBuffer(ByteBuffer.wrap(bytes))
                    : RecordCodec.of(RetrainReport.class).decode(bytes);
            System.out.println(report.equals(back) ? "OK" : "DIFFERENT");
        } catch (Throwable e) {
            System.out.println("FAILED " + e);
        }
    }
}
