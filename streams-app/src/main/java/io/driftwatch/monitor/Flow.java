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

/**
 * What the matching stage (keyed by series) sends to the window stage (keyed by model:horizon)
 * through the monitor's internal repartition topic: a matched {@link Pair}, or a
 * {@link Watermark} telling every window partition how far one matching partition has come in
 * stream time. Internal format (a version byte, then the fields); never seen by users.
 */
sealed interface Flow permits Flow.Pair, Flow.Watermark {

    byte VERSION = 1;

    /**
     * One matched (prediction, actual).
     *
     * @param change      actual minus the previous bucket's actual of the series, NaN when unknown
     * @param visibleFrom 0 for an on-time pair; for a pair matched after its bucket's windows were
     *                    already due, the first window end that may count it (see docs/monitor.md)
     * @param upstream    the matching partition that made the pair (pairs of one upstream arrive in a
     *                    deterministic order; buckets are kept per upstream so floating sums are too)
     */
    record Pair(String modelId, String horizon, String seriesId, String tenantId, int configVersion, String predictionId,
                long issuedAt, long targetTime, double yhat, double lower, double upper, double actual, double change,
                long visibleFrom, int upstream) implements Flow {

        /** The key of the window stage and of drift-triggers: model_id:horizon. */
        String modelHorizon() {
            return Keys.modelHorizon(modelId, horizon);
        }

        double residual() {
            return actual - yhat;
        }
    }

    /**
     * Stream time of one matching partition; {@link Long#MAX_VALUE} when that partition has seen
     * no record at all (idle), so it does not hold the others back.
     */
    record Watermark(int upstreamPartition, long time) implements Flow {
    }

    static Serde<Flow> serde() {
        Serializer<Flow> ser = (topic, flow) -> flow == null ? null : encode(flow);
        Deserializer<Flow> de = (topic, bytes) -> bytes == null ? null : decode(bytes);
        return Serdes.serdeFrom(ser, de);
    }

    private static byte[] encode(Flow flow) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            if (flow instanceof Pair p) {
                out.writeByte('P');
                out.writeUTF(p.modelId);
                out.writeUTF(p.horizon);
                out.writeUTF(p.seriesId);
                out.writeBoolean(p.tenantId != null);
                out.writeUTF(p.tenantId == null ? "" : p.tenantId);
                out.writeInt(p.configVersion);
                out.writeUTF(p.predictionId);
                out.writeLong(p.issuedAt);
                out.writeLong(p.targetTime);
                out.writeDouble(p.yhat);
                out.writeDouble(p.lower);
                out.writeDouble(p.upper);
                out.writeDouble(p.actual);
                out.writeDouble(p.change);
                out.writeLong(p.visibleFrom);
                out.writeInt(p.upstream);
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

    private static Flow decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != VERSION) {
                throw new IllegalArgumentException("unknown monitor flow version");
            }
            byte kind = in.readByte();
            if (kind == 'W') {
                return new Watermark(in.readInt(), in.readLong());
            }
            String model = in.readUTF();
            String horizon = in.readUTF();
            String series = in.readUTF();
            boolean hasTenant = in.readBoolean();
            String tenant = in.readUTF();
            return new Pair(model, horizon, series, hasTenant ? tenant : null, in.readInt(), in.readUTF(), in.readLong(),
                in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readLong(),
                in.readInt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
