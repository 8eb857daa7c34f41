package io.driftwatch.connect;

import io.driftwatch.avro.Severity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Batches low-urgency alerts into one digest per interval.
 *
 * <p>The interval starts with the first buffered alert; the digest is due once the interval has
 * passed or the buffer holds {@code maxAlerts}. Bounded state: at most {@code maxAlerts} alerts.
 * Buffered alerts are not delivered yet; the task holds their offsets back until the digest is
 * sent. Not thread-safe.
 */
public final class DigestBuffer {
    private final long intervalMs;
    private final int maxAlerts;
    private final Set<Severity> severities;
    private final List<Alert> buffer = new ArrayList<>();
    private long startedAt;

    public DigestBuffer(long intervalMs, int maxAlerts, Set<Severity> severities) {
        if (intervalMs <= 0 || maxAlerts <= 0) {
            throw new IllegalArgumentException("intervalMs and maxAlerts must be > 0");
        }
        this.intervalMs = intervalMs;
        this.maxAlerts = maxAlerts;
        this.severities = severities.isEmpty() ? EnumSet.noneOf(Severity.class) : EnumSet.copyOf(severities);
    }

    /** Whether this alert's severity goes to the digest. */
    public boolean accepts(Alert alert) {
        return severities.contains(alert.severity());
    }

    /** Buffers an alert; the first one starts the interval. */
    public void add(Alert alert, long nowMs) {
        if (buffer.isEmpty()) {
            startedAt = nowMs;
        }
        buffer.add(alert);
    }

    /** The digest to send now, if due; the buffer is then empty. */
    public Optional<Notification> due(long nowMs) {
        if (buffer.isEmpty() || (nowMs - startedAt < intervalMs && buffer.size() < maxAlerts)) {
            return Optional.empty();
        }
        Notification digest = Notification.digestOf(buffer);
        buffer.clear();
        return Optional.of(digest);
    }

    /** Drops buffered alerts matching {@code which} (revoked partitions: they will be replayed). */
    public void forget(Predicate<Alert> which) {
        buffer.removeIf(which);
    }

    public int size() {
        return buffer.size();
    }
}
