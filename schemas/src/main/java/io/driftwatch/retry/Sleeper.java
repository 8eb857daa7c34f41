package io.driftwatch.retry;

import java.time.Duration;

/** Waits between retries; tests inject a fake that only records the waits. */
@FunctionalInterface
public interface Sleeper {
    /** The real one. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
