package io.driftwatch.bench;

import java.time.Instant;
import java.util.HashMap;

import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Prediction;
import io.driftwatch.serde.RecordCodec;
import io.driftwatch.serde.WireFormat;

/**
 * Micro-benchmark (not a test) of decoding the monitor's inputs: a prediction and an actual in Avro single-object
 * encoding, by Avro's {@link BinaryMessageDecoder} (an {@code InputStream} over the bytes, read byte by byte) against
 * {@link RecordCodec#decode} (a reused decoder over the array, a reader per writer schema). 1,024 distinct records of
 * each, decoded 2,000 times per round; prints ns per pair (one of each) per round, the first rounds warming up.
 * A plain {@code main} like {@link StatsBenchmark}.
 *
 * <pre>
 * mvn -o -q -pl streams-app -am -DskipTests -DskipITs package dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp streams-app/target/test-classes:streams-app/target/classes:$(cat /tmp/cp.txt) \
 *     io.driftwatch.bench.CodecBenchmark [rounds=8]
 * </pre>
 */
public final class CodecBenchmark {

    private static final int RECORDS = 1_024;
    private static final int REPEATS = 2_000;
    private static final long DAY = 86_400_000L;
    static volatile long sink;

    private CodecBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0].substring(args[0].indexOf('=') + 1)) : 8;
        RecordCodec<Prediction> predictions = RecordCodec.of(Prediction.class);
        RecordCodec<Actual> actuals = RecordCodec.of(Actual.class);
        byte[][] p = new byte[RECORDS][];
        byte[][] a = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            p[i] = predictions.encode(Prediction.newBuilder()
                    .setPredictionId("bench:1d|s" + i + "|" + Instant.ofEpochMilli(i * DAY))
                    .setModelId("bench")
                    .setConfigVersion(1)
                    .setSeriesId("s" + i)
                    .setHorizon("1d")
                    .setIssuedAt(Instant.ofEpochMilli(i * DAY - DAY))
                    .setTargetTime(Instant.ofEpochMilli(i * DAY))
                    .setYhat(i * 1.5)
                    .setYhatLower(i)
                    .setYhatUpper(i * 2.0)
                    .setFeatures(new HashMap<>())
                    .build(), WireFormat.AVRO);
            a[i] = actuals.encode(Actual.newBuilder()
                    .setSeriesId("s" + i)
                    .setEventTime(Instant.ofEpochMilli(i * DAY))
                    .setValue(i * 1.1)
                    .build(), WireFormat.AVRO);
        }
        BinaryMessageDecoder<Prediction> avroPredictions =
            new BinaryMessageDecoder<>(SpecificData.getForClass(Prediction.class), Prediction.getClassSchema());
        BinaryMessageDecoder<Actual> avroActuals =
            new BinaryMessageDecoder<>(SpecificData.getForClass(Actual.class), Actual.getClassSchema());
        double pairs = (double) RECORDS * REPEATS;
        for (int round = 1; round <= rounds; round++) {
            long s = 0;
            long t0 = System.nanoTime();
            for (int k = 0; k < REPEATS; k++) {
                for (int i = 0; i < RECORDS; i++) {
                    s += avroPredictions.decode(p[i]).getConfigVersion() + avroActuals.decode(a[i]).getRevision();
                }
            }
            long t1 = System.nanoTime();
            for (int k = 0; k < REPEATS; k++) {
                for (int i = 0; i < RECORDS; i++) {
                    s += predictions.decode(p[i]).getConfigVersion() + actuals.decode(a[i]).getRevision();
                }
            }
            long t2 = System.nanoTime();
            sink = s;
            System.out.printf("round %d: BinaryMessageDecoder %.0f ns per pair, RecordCodec %.0f ns per pair (%.2f)%n",
                round, (t1 - t0) / pairs, (t2 - t1) / pairs, (double) (t2 - t1) / (t1 - t0));
        }
    }
}
