package io.driftwatch.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The console's access check when it listens beyond loopback: an API key (header {@code X-API-Key}) or a session
 * cookie from the login form, and a limit on failed attempts per remote address ({@code ui.auth.max-failures} a
 * minute, then 429 until the oldest failure is a minute old). Keys are compared in constant time on their
 * SHA-256; sessions are random tokens, never the key. Without a key every request is allowed (loopback only).
 *
 * <p>Bounds: at most {@value #MAX_ADDRESSES} addresses with recent failures (the oldest forgotten first) and
 * {@value #MAX_SESSIONS} sessions of {@value #SESSION_HOURS} hours. Thread-safe.
 */
final class ApiKeyGuard {

    static final String HEADER = "X-API-Key";
    static final String COOKIE = "driftwatch_session";
    static final int MAX_ADDRESSES = 10_000;
    static final int MAX_SESSIONS = 10_000;
    static final long SESSION_HOURS = 12;
    private static final long MINUTE_MS = 60_000;

    /** Outcome of a check. */
    enum Decision { ALLOWED, UNAUTHORIZED, RATE_LIMITED }

    private final byte[] keyDigest;
    private final int maxFailures;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ArrayDeque<Long>> failures = new LinkedHashMap<>();
    private final Map<String, Long> sessions = new ConcurrentHashMap<>();

    /** @param key the API key, null when none is required */
    ApiKeyGuard(String key, int maxFailures, LongSupplier clock) {
        this.keyDigest = key == null ? null : sha256(key);
        this.maxFailures = maxFailures;
        this.clock = clock;
    }

    boolean required() {
        return keyDigest != null;
    }

    /**
     * Checks a request's credentials: the header key if present (a wrong one counts as a failure), else the
     * session cookie (an unknown one does not count: sessions expire and restarts forget them).
     */
    Decision check(String remote, String headerKey, String sessionToken) {
        if (keyDigest == null) {
            return Decision.ALLOWED;
        }
        if (limited(remote)) {
            return Decision.RATE_LIMITED;
        }
        if (headerKey != null) {
            if (matches(headerKey)) {
                return Decision.ALLOWED;
            }
            fail(remote);
            return Decision.UNAUTHORIZED;
        }
        if (sessionToken != null) {
            Long expiry = sessions.get(sessionToken);
            if (expiry != null && expiry > clock.getAsLong()) {
                return Decision.ALLOWED;
            }
            sessions.remove(sessionToken);
        }
        return Decision.UNAUTHORIZED;
    }

    /** The login form: a new session token for the right key, null for a wrong one (a failure). */
    String login(String remote, String key) {
        if (keyDigest == null) {
            return newSession();
        }
        if (limited(remote)) {
            return null;
        }
        if (key == null || !matches(key)) {
            fail(remote);
            return null;
        }
        return newSession();
    }

    boolean limited(String remote) {
        synchronized (failures) {
            ArrayDeque<Long> times = failures.get(remote);
            if (times == null) {
                return false;
            }
            prune(times);
            if (times.isEmpty()) {
                failures.remove(remote);
                return false;
            }
            return times.size() >= maxFailures;
        }
    }

    private void fail(String remote) {
        synchronized (failures) {
            ArrayDeque<Long> times = failures.computeIfAbsent(remote, r -> new ArrayDeque<>());
            prune(times);
            times.addLast(clock.getAsLong());
            while (times.size() > maxFailures) {
                times.removeFirst();
            }
            if (failures.size() > MAX_ADDRESSES) {
                Iterator<String> oldest = failures.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    private void prune(ArrayDeque<Long> times) {
        long now = clock.getAsLong();
        while (!times.isEmpty() && times.peekFirst() <= now - MINUTE_MS) {
            times.removeFirst();
        }
    }

    private String newSession() {
        long now = clock.getAsLong();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(expiry -> expiry <= now);
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.clear(); // every holder signs in again rather than the table growing without bound
            }
        }
        byte[] token = new byte[32];
        random.nextBytes(token);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        sessions.put(id, now + SESSION_HOURS * 3_600_000);
        return id;
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(keyDigest, sha256(candidate));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
