package io.driftwatch.connect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * At most one message per rate key (model:horizon) per window; the rest are folded, not dropped.
 *
 * <p>An alert arriving inside its key's window is held as pending. Pending alerts leave in one of
 * two ways, both counted in a "N more" line: the next alert for the key after the window carries
 * them as folded, or, when no such alert comes, {@link #due(long)} turns them into one message (the
 * most severe, newest pending alert shown, the others folded) once the window has passed.
 *
 * <p>Bounded state: one entry per key seen in the last window plus its pending alerts; keys with
 * nothing pending are dropped by {@link #due(long)} once their window is over. Not thread-safe
 * (a sink task is single-threaded).
 */
public final class RateLimiter {
    private static final Comparator<Alert> MOST_SEVERE = Comparator.comparing(Alert::severity);

    private final long windowMs;
    private final Map<String, KeyState> keys = new HashMap<>();

    private static final class KeyState {
        long lastSentAt;
        final List<Alert> pending = new ArrayList<>();

        KeyState(long lastSentAt) {
            this.lastSentAt = lastSentAt;
        }
    }

    /** @param windowMs minimum time between two messages for one key; 0 disables the limit */
    public RateLimiter(long windowMs) {
        if (windowMs < 0) {
            throw new IllegalArgumentException("windowMs must be >= 0, was " + windowMs);
        }
        this.windowMs = windowMs;
    }

    /** The notification to send now, or empty when the alert was folded (it is then pending). */
    public Optional<Notification> offer(Alert alert, long nowMs) {
        if (windowMs == 0) {
            return Optional.of(Notification.single(alert, List.of()));
        }
        KeyState state = keys.get(alert.rateKey());
        if (state != null && nowMs - state.lastSentAt < windowMs) {
            state.pending.add(alert);
            return Optional.empty();
        }
        List<Alert> folded = state == null ? List.of() : List.copyOf(state.pending);
        keys.put(alert.rateKey(), new KeyState(nowMs));
        return Optional.of(Notification.single(alert, folded));
    }

    /** Messages for keys whose window is over and that still hold pending alerts. */
    public List<Notification> due(long nowMs) {
        List<Notification> out = new ArrayList<>();
        for (Iterator<KeyState> it = keys.values().iterator(); it.hasNext(); ) {
            KeyState state = it.next();
            if (nowMs - state.lastSentAt < windowMs) {
                continue;
            }
            if (state.pending.isEmpty()) {
                it.remove();
                continue;
            }
            Alert shown = state.pending.stream().max(MOST_SEVERE.thenComparing(Alert::offset)).orElseThrow();
            List<Alert> folded = new ArrayList<>(state.pending);
            folded.remove(shown);
            out.add(Notification.single(shown, folded));
            state.pending.clear();
            state.lastSentAt = nowMs;
        }
        return out;
    }

    /** Drops pending alerts matching {@code which} (their partition was revoked; they will be replayed). */
    public void forget(Predicate<Alert> which) {
        keys.values().forEach(s -> s.pending.removeIf(which));
    }

    /** How many alerts are pending. */
    public int pendingCount() {
        return keys.values().stream().mapToInt(s -> s.pending.size()).sum();
    }
}
