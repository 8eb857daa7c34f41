package io.driftwatch.retry;

import java.time.Duration;
import java.util.Random;

/**
 * The one retry schedule of driftwatch: bounded exponential backoff with jitter, shared by the alert
 * connectors (around each delivery) and the retrain service (between retries of a failed publication).
 *
 * <p>Retry {@code n} (0-based) waits {@code b/2 + U(0, b/2)} where {@code b = min(max, initial * 2^n)}:
 * never zero (unless {@code max} is), never above {@code max}, and the random half spreads the
 * retries of many clients that failed together. Immutable apart from the injected {@link Random};
 * give each thread its own.
 *
 * <pre>{@code
 * Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random());
 * sleeper.sleep(backoff.delay(retry));
 * }</pre>
 */
public final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private final Random random;

    /**
     * @param initial the base wait of the first retry, {@code >= 0}
     * @param max     the cap of every wait, {@code >= initial}
     * @param random  the jitter source (seed it in tests)
     * @throws IllegalArgumentException when {@code initial} is negative or above {@code max}
     */
    public Backoff(Duration initial, Duration max, Random random) {
        if (initial == null || max == null || random == null) {
            throw new IllegalArgumentException("initial, max and random are required");
        }
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max, got initial " + initial + ", max " + max);
        }
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.random = random;
    }

    /** The jittered wait before retry {@code retry} (0-based; a negative retry counts as 0). */
    public Duration delay(int retry) {
        long exp = Math.min(maxMs, initialMs);
        for (int i = 0; i < retry && exp < maxMs; i++) {
            exp = Math.min(maxMs, exp * 2);
        }
        long half = exp / 2;
        long jitter = half == 0 ? 0 : (long) (random.nextDouble() * (exp - half + 1));
        return Duration.ofMillis(Math.min(maxMs, Math.max(1, half + jitter)));
    }

    public Duration initial() {
        return Duration.ofMillis(initialMs);
    }

    public Duration max() {
        return Duration.ofMillis(maxMs);
    }
}
