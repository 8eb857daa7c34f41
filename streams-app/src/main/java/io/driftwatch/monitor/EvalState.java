package io.driftwatch.monitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluation bookkeeping of one model:horizon: the last window end evaluated (evaluations are
 * idempotent and happen once per bucket boundary), the last unsuppressed RETRAIN trigger (for the
 * cooldown), the config versions seen in its predictions (for the post-deploy watch), and the
 * drift flags of the series flagged in the last monitor.drift.persistence m evaluations.
 * One entry per model:horizon, of constant size but for those flags.
 */
final class EvalState {

    static final long NONE = Long.MIN_VALUE;

    /**
     * The model:horizon's tenant for its triggers and threshold lookups: the one tenant of its pairs, or null when
     * they span tenants (then no single tenant is right, and which came last depends on the order in which matching
     * partitions deliver).
     */
    String tenant() {
        return MIXED_TENANTS.equals(tenantId) ? null : tenantId;
    }
    private static final byte VERSION = 3;

    /** {@link #tenantId} of a model:horizon whose pairs came from more than one tenant. */
    static final String MIXED_TENANTS = "\u0000mixed";

    String modelId;
    String horizon;
    /** The tenant of every pair seen, {@link #MIXED_TENANTS} once two differ, null before any had one. */
    String tenantId;
    long lastEvaluated = NONE;
    /**
     * First window end that can hold data of this model:horizon: the minimum over its pairs of the
     * bucket end (on-time pairs) or visibleFrom (late pairs). A minimum does not depend on arrival
     * order, and every pair that lowers it below a window end E arrives before E is evaluated.
     */
    long firstEnd = Long.MAX_VALUE;
    long lastRetrainEnd = NONE;
    int configVersion = Integer.MIN_VALUE;
    int previousVersion = Integer.MIN_VALUE;
    /** Target time of the first pair of {@link #configVersion}. */
    long versionSince = NONE;
    /** Config version whose post-deploy check was done (at most one check per version). */
    int watchedVersion = Integer.MIN_VALUE;
    /** Series -> its drift flags of the last m evaluations, newest in bit 0 (only series with a flag). */
    Map<String, Long> driftFlags = new TreeMap<>();

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(modelId);
            out.writeUTF(horizon);
            out.writeBoolean(tenantId != null);
            out.writeUTF(tenantId == null ? "" : tenantId);
            out.writeLong(lastEvaluated);
            out.writeLong(firstEnd);
            out.writeLong(lastRetrainEnd);
            out.writeInt(configVersion);
            out.writeInt(previousVersion);
            out.writeLong(versionSince);
            out.writeInt(watchedVersion);
            out.writeInt(driftFlags.size());
            for (Map.Entry<String, Long> e : driftFlags.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static EvalState fromBytes(byte[] bytes) {
        EvalState s = new EvalState();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version < 1 || version > VERSION) {
                throw new IllegalArgumentException("unknown EvalState version");
            }
            s.modelId = in.readUTF();
            s.horizon = in.readUTF();
            boolean hasTenant = in.readBoolean();
            String tenant = in.readUTF();
            s.tenantId = hasTenant ? tenant : null;
            s.lastEvaluated = in.readLong();
            s.firstEnd = in.readLong();
            s.lastRetrainEnd = in.readLong();
            s.configVersion = in.readInt();
            s.previousVersion = in.readInt();
            s.versionSince = in.readLong();
            s.watchedVersion = version >= 2 ? in.readInt() : Integer.MIN_VALUE;
            int flagged = version >= 3 ? in.readInt() : 0;
            for (int i = 0; i < flagged; i++) {
                s.driftFlags.put(in.readUTF(), in.readLong());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }
}
