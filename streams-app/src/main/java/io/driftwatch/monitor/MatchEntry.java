package io.driftwatch.monitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.driftwatch.avro.Prediction;

/**
 * Store value of one (series, target_time): the actual if seen, the predictions still waiting for
 * it, and the ids of predictions already matched (to drop redeliveries). Size is bounded by the
 * number of model:horizon predictions made for that one target. Mutable; one instance per update.
 */
final class MatchEntry {

    private static final byte VERSION = 1;

    boolean hasActual;
    double actual;
    double change = Double.NaN;
    int revision;
    String actualTenant;
    final List<Waiting> waiting = new ArrayList<>();
    final Set<String> matchedIds = new LinkedHashSet<>();

    /** A prediction waiting for its actual. */
    record Waiting(String predictionId, String modelId, String horizon, String tenantId, int configVersion,
                   long issuedAt, double yhat, double lower, double upper) {

        static Waiting of(Prediction p) {
            return new Waiting(
                    p.getPredictionId(),
                    p.getModelId(),
                    p.getHorizon(),
                    p.getTenantId(),
                    p.getConfigVersion(),
                    p.getIssuedAt().toEpochMilli(),
                    p.getYhat(),
                    p.getYhatLower(),
                    p.getYhatUpper());
        }
    }

    boolean knows(String predictionId) {
        if (matchedIds.contains(predictionId)) {
            return true;
        }
        for (Waiting w : waiting) { // once per prediction: a loop, not a stream pipeline
            if (w.predictionId.equals(predictionId)) {
                return true;
            }
        }
        return false;
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 96 * waiting.size() + 24 * matchedIds.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeBoolean(hasActual);
            out.writeDouble(actual);
            out.writeDouble(change);
            out.writeInt(revision);
            NullableStrings.write(out, actualTenant);
            out.writeInt(waiting.size());
            for (Waiting w : waiting) {
                out.writeUTF(w.predictionId);
                out.writeUTF(w.modelId);
                out.writeUTF(w.horizon);
                NullableStrings.write(out, w.tenantId);
                out.writeInt(w.configVersion);
                out.writeLong(w.issuedAt);
                out.writeDouble(w.yhat);
                out.writeDouble(w.lower);
                out.writeDouble(w.upper);
            }
            out.writeInt(matchedIds.size());
            for (String id : matchedIds) {
                out.writeUTF(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static MatchEntry fromBytes(byte[] bytes) {
        MatchEntry e = new MatchEntry();
        if (bytes == null) {
            return e;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != VERSION) {
                throw new IllegalArgumentException("unknown MatchEntry version");
            }
            e.hasActual = in.readBoolean();
            e.actual = in.readDouble();
            e.change = in.readDouble();
            e.revision = in.readInt();
            e.actualTenant = NullableStrings.read(in);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                e.waiting.add(new Waiting(
                        in.readUTF(),
                        in.readUTF(),
                        in.readUTF(),
                        NullableStrings.read(in),
                        in.readInt(),
                        in.readLong(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble()));
            }
            int m = in.readInt();
            for (int i = 0; i < m; i++) {
                e.matchedIds.add(in.readUTF());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return e;
    }
}
