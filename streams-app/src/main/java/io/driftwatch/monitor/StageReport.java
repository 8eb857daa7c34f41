package io.driftwatch.monitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import io.driftwatch.stats.ErrorBucket;
import io.driftwatch.stats.KolmogorovSmirnov;
import io.driftwatch.topics.ModelKey;

/**
 * What the matching stage (keyed by series) sends to the window stage (keyed by model:horizon)
 * through the monitor's internal repartition topic. Matched pairs never cross it: the matching task
 * folds them into per-series state and sends, per bucket boundary, only partial results, so the
 * traffic between the stages grows with models x buckets x partitions, not with the event rate:
 * <ul>
 *   <li>{@link Delta}: error sufficient statistics of the pairs of one bucket made since the last
 *       boundary (per config version, or per series with {@code monitor.per-series});</li>
 *   <li>{@link Drift}: a series whose drift test at one window end has a p-value a false-discovery
 *       rule could reject (p <= monitor.fdr.q, or monitor.ks.alpha without FDR control);</li>
 *   <li>{@link Tested}: how many series of a model:horizon one partition tested at one window end
 *       (the m of the false-discovery rule);</li>
 *   <li>{@link Watermark}: how far one matching partition has come in stream time.</li>
 * </ul>
 * A matching partition sends its deltas and drift results before the watermark that closes their
 * bucket, so the window stage has them all when every partition is past the boundary.
 * Internal format (a version byte, a kind byte, then the fields); never seen by users.
 */
sealed interface StageReport permits StageReport.Delta, StageReport.Drift, StageReport.Tested, StageReport.Watermark {

    byte VERSION = 3;

    /**
     * Error statistics of some pairs of one bucket made by one matching partition.
     *
     * @param seriesId    null for the model:horizon as a whole (counted in the {@code *} and
     *                    {@code v<configVersion>} scopes), else one series ({@code monitor.per-series})
     * @param visibleFrom 0 for on-time pairs, else the first window end that may count them
     * @param upstream    the matching partition (sub-buckets are kept per upstream so sums replay exactly)
     */
    record Delta(String modelId, String horizon, String tenantId, int configVersion, String seriesId, long bucketStart,
                 long visibleFrom, int upstream, ErrorBucket bucket) implements StageReport {

        String modelHorizon() {
            return ModelKey.of(modelId, horizon);
        }
    }

    /**
     * A drift test result of one series at window end {@code end} that may be significant.
     *
     * @param statistic   the KS statistic D
     * @param pValue      the p-value of the deciding test (Anderson-Darling or the scale test when {@code adStatistic}
     *                    is a number), Bonferroni-adjusted for the two
     * @param adStatistic the standardized statistic of the deciding test of the pair: Anderson-Darling on the values,
     *                    or the scale test's z when {@code bySpread}; NaN when KS decided
     * @param ksPValue    the KS p-value, NaN when not computed (AD decided)
     * @param bySpread    the scale test on the spread (absolute deviations from the pooled median) decided, not
     *                    Anderson-Darling on the values
     */
    record Drift(String modelId, String horizon, String seriesId, long end, double statistic, double pValue,
                 KolmogorovSmirnov.Method method, long nRecent, long nReference, double adStatistic, double ksPValue,
                 boolean bySpread) implements StageReport {

        String modelHorizon() {
            return ModelKey.of(modelId, horizon);
        }

        boolean byAd() {
            return !Double.isNaN(adStatistic);
        }
    }

    /**
     * {@code count} series of a model:horizon were tested for drift at window end {@code end} by matching partition
     * {@code upstream}.
     */
    record Tested(String modelId, String horizon, long end, int upstream, int count) implements StageReport {

        String modelHorizon() {
            return ModelKey.of(modelId, horizon);
        }
    }

    /**
     * Stream time of one matching partition; {@link Long#MAX_VALUE} when that partition has seen
     * no record at all (idle), so it does not hold the others back.
     */
    record Watermark(int upstreamPartition, long time) implements StageReport {
    }

    static Serde<StageReport> serde() {
        Serializer<StageReport> ser = (topic, flow) -> flow == null ? null : encode(flow);
        Deserializer<StageReport> de = (topic, bytes) -> bytes == null ? null : decode(bytes);
        return Serdes.serdeFrom(ser, de);
    }

    static byte[] encode(StageReport flow) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            if (flow instanceof Delta d) {
                out.writeByte('D');
                out.writeUTF(d.modelId);
                out.writeUTF(d.horizon);
                NullableStrings.write(out, d.tenantId);
                out.writeInt(d.configVersion);
                NullableStrings.write(out, d.seriesId);
                out.writeLong(d.bucketStart);
                out.writeLong(d.visibleFrom);
                out.writeInt(d.upstream);
                out.write(d.bucket.toBytes());
            } else if (flow instanceof Drift d) {
                out.writeByte('K');
                out.writeUTF(d.modelId);
                out.writeUTF(d.horizon);
                out.writeUTF(d.seriesId);
                out.writeLong(d.end);
                out.writeDouble(d.statistic);
                out.writeDouble(d.pValue);
                out.writeByte(d.method.ordinal());
                out.writeLong(d.nRecent);
                out.writeLong(d.nReference);
                out.writeDouble(d.adStatistic);
                out.writeDouble(d.ksPValue);
                out.writeBoolean(d.bySpread);
            } else if (flow instanceof Tested c) {
                out.writeByte('C');
                out.writeUTF(c.modelId);
                out.writeUTF(c.horizon);
                out.writeLong(c.end);
                out.writeInt(c.upstream);
                out.writeInt(c.count);
            } else if (flow instanceof Watermark w) {
                out.writeByte('W');
                out.writeInt(w.upstreamPartition);
                out.writeLong(w.time);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StageReport decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION && version != 2) {
                throw new IllegalArgumentException("monitor flow version " + version + " is not " + VERSION
                    + ": reset the monitor application after an upgrade (docs/runbooks.md)");
            }
            byte kind = in.readByte();
            return switch (kind) {
                case 'W' -> new Watermark(in.readInt(), in.readLong());
                case 'D' ->
                    new Delta(
                            in.readUTF(),
                            in.readUTF(),
                            NullableStrings.read(in),
                            in.readInt(),
                            NullableStrings.read(in),
                            in.readLong(),
                            in.readLong(),
                            in.readInt(),
                            ErrorBucket.fromBytes(in.readAllBytes()));
                case 'K' ->
                    new Drift(
                            in.readUTF(),
                            in.readUTF(),
                            in.readUTF(),
                            in.readLong(),
                            in.readDouble(),
                            in.readDouble(),
                            KolmogorovSmirnov.Method.values()[in.readByte()],
                            in.readLong(),
                            in.readLong(),
                            version == 2 ? Double.NaN : in.readDouble(),
                            version == 2 ? Double.NaN : in.readDouble(),
                            version != 2 && in.readBoolean());
                case 'C' -> new Tested(in.readUTF(), in.readUTF(), in.readLong(), in.readInt(), in.readInt());
                default -> throw new IllegalArgumentException("unknown monitor flow kind " + kind);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
