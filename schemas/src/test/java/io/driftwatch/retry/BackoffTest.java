package io.driftwatch.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    /** Records the waits instead of sleeping; its clock is the sum of the waits. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new ArrayList<>();
        Duration clock = Duration.ZERO;

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
            clock = clock.plus(duration);
        }
    }

    @Test
    void eachWaitIsBetweenHalfAndAllOfTheDoubledBaseAndNeverAboveTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), new Random(7));
        for (int retry = 0; retry < 40; retry++) {
            long base = Math.min(1_000, 100L << Math.min(retry, 20));
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.delay(retry).toMillis()).as("retry %d", retry).isBetween(base / 2, base);
            }
        }
    }

    @Test
    void jitterSpreadsTheWaitsOfOneRetry() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(1));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waits.add(backoff.delay(2).toMillis());
        }
        assertThat(waits.stream().distinct().count()).isGreaterThan(10);
    }

    @Test
    void sameSeedSameSchedule() {
        Backoff a = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(42));
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(42));
        for (int retry = 0; retry < 10; retry++) {
            assertThat(a.delay(retry)).isEqualTo(b.delay(retry));
        }
    }

    @Test
    void aZeroInitialBackoffStillWaitsOneMillisecond() {
        Backoff backoff = new Backoff(Duration.ZERO, Duration.ofMillis(10), new Random(1));
        assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(1));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofMillis(1));
        assertThat(new Backoff(Duration.ZERO, Duration.ZERO, new Random(1)).delay(3)).as("the cap wins")
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsAnInitialAboveTheCap() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("need 0 <= initial <= max, got initial PT2S, max PT1S");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStreakWaitsLongerAfterEachFailureUpToTheCapAndASuccessResetsIt() throws InterruptedException {
        RecordingSleeper sleeper = new RecordingSleeper();
        FailureStreak streak =
                new FailureStreak(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(3)), sleeper);
        for (int i = 0; i < 8; i++) {
            streak.failed();
        }
        assertThat(streak.failures()).isEqualTo(8);
        long[] base = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000};
        for (int i = 0; i < base.length; i++) {
            assertThat(sleeper.waits.get(i).toMillis()).as("wait %d", i).isBetween(base[i] / 2, base[i]);
        }
        Duration beforeReset = sleeper.clock;
        assertThat(beforeReset.toMillis()).isBetween(60_500L, 121_000L);

        streak.succeeded();
        assertThat(streak.failures()).isZero();
        Duration wait = streak.failed();
        assertThat(wait.toMillis()).isBetween(500L, 1_000L);
        assertThat(sleeper.clock).isEqualTo(beforeReset.plus(wait));
    }

    @Test
    void anInterruptedWaitIsReportedToTheCaller() {
        FailureStreak streak = new FailureStreak(
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(3)), d -> {
                    throw new InterruptedException("stop");
                });
        assertThatThrownBy(streak::failed).isInstanceOf(InterruptedException.class);
        assertThat(streak.failures()).isEqualTo(1);
    }
}
