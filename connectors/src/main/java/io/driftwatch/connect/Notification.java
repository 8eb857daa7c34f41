package io.driftwatch.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One message to deliver: either a single alert (plus the alerts the rate limiter folded into it),
 * or a digest of several alerts.
 *
 * <p>Invariant: the idempotency key is fixed when the notification is built and is the same on
 * every attempt; for a single alert it is the alert's own key, so a record is never sent under two
 * different keys.
 *
 * @param shown alerts rendered in full (one, or several for a digest)
 * @param folded alerts held back by the rate limiter and reported as "N more"
 * @param digest whether this is a digest
 * @param idempotencyKey the key sent as header and in the payload
 */
public record Notification(List<Alert> shown, List<Alert> folded, boolean digest, String idempotencyKey) {

    public Notification {
        shown = List.copyOf(shown);
        folded = List.copyOf(folded);
        if (shown.isEmpty()) {
            throw new IllegalArgumentException("a notification shows at least one alert");
        }
    }

    /** A single alert, with the alerts folded into it. */
    public static Notification single(Alert alert, List<Alert> folded) {
        return new Notification(List.of(alert), folded, false, alert.idempotencyKey());
    }

    /** A digest of several alerts; its key is derived from their keys. */
    public static Notification digestOf(List<Alert> alerts) {
        List<String> keys = new ArrayList<>();
        alerts.forEach(a -> keys.add(a.idempotencyKey()));
        keys.sort(null);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", keys).getBytes(StandardCharsets.UTF_8));
            return new Notification(alerts, List.of(), true, "digest-" + HexFormat.of().formatHex(hash, 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The single alert shown (the first one of a digest). */
    public Alert primary() {
        return shown.get(0);
    }

    /** Every alert this notification settles: shown and folded. */
    public List<Alert> all() {
        List<Alert> all = new ArrayList<>(shown);
        all.addAll(folded);
        return all;
    }
}
