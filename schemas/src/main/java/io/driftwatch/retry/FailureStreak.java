package io.driftwatch.retry;

import java.time.Duration;

/**
 * Waits after each failure of a streak by the {@link Backoff} schedule: the first failure waits
 * {@code delay(0)}, the next {@code delay(1)}, ..., until a success ends the streak. For loops that
 * retry by going round again (a consumer that rewinds and re-polls) rather than in place.
 *
 * <pre>{@code
 * FailureStreak streak = new FailureStreak(backoff, Sleeper.SYSTEM);
 * try { publish(); streak.succeeded(); } catch (KafkaException e) { rewind(); streak.failed(); }
 * }</pre>
 *
 * <p>Not thread-safe: one per loop.
 */
public final class FailureStreak {

    private final Backoff backoff;
    private final Sleeper sleeper;
    private int failures;

    public FailureStreak(Backoff backoff, Sleeper sleeper) {
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    /**
     * Counts a failure and waits its back-off.
     *
     * @return the wait
     * @throws InterruptedException when the wait is interrupted (the caller re-interrupts or stops)
     */
    public Duration failed() throws InterruptedException {
        Duration wait = backoff.delay(failures);
        failures = failures == Integer.MAX_VALUE ? failures : failures + 1;
        sleeper.sleep(wait);
        return wait;
    }

    /** Ends the streak: the next failure waits the shortest back-off again. */
    public void succeeded() {
        failures = 0;
    }

    /** Failures since the last success. */
    public int failures() {
        return failures;
    }
}
