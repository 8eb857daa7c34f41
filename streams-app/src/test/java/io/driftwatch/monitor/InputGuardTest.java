package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How far one input may take matching's time ahead of the other. */
class InputGuardTest {

    private static final long DAY = 86_400_000L;
    private static final long GRACE = 7 * DAY;

    @Test
    void anInputThatRanAheadCannotMakeTheOthersNextRecordLate() {
        InputGuard guard = new InputGuard(GRACE, DAY);
        guard.onRecord(InputGuard.ACTUALS, 31 * DAY);
        guard.onRecord(InputGuard.PREDICTIONS, 99 * DAY); // a backlog of predictions read before the actuals
        long now = guard.bound(100 * DAY);
        assertThat(now).isEqualTo(31 * DAY + GRACE - 1);
        assertThat(31 * DAY + GRACE <= now).as("the next actual, day 31, is not late").isFalse();
        assertThat(guard.holds(InputGuard.ACTUALS, 100 * DAY)).isTrue();
        assertThat(guard.holds(InputGuard.PREDICTIONS, 100 * DAY)).isFalse();

        guard.onRecord(InputGuard.ACTUALS, 95 * DAY);
        assertThat(guard.bound(100 * DAY)).isEqualTo(100 * DAY);
    }

    @Test
    void aBucketClosesOnlyOnceBothInputsPassedItsEnd() {
        InputGuard guard = new InputGuard(GRACE, DAY);
        guard.onRecord(InputGuard.ACTUALS, 31 * DAY);
        guard.onRecord(InputGuard.PREDICTIONS, 99 * DAY);
        assertThat(guard.closingBound(100 * DAY)).isEqualTo(32 * DAY);
        guard.onRecord(InputGuard.PREDICTIONS, 30 * DAY); // an older timestamp does not move an input back
        guard.onRecord(InputGuard.ACTUALS, 99 * DAY);
        assertThat(guard.closingBound(100 * DAY)).isEqualTo(100 * DAY);
    }

    @Test
    void inputsWithinTheGraceOfEachOtherHoldNothingBack() {
        InputGuard guard = new InputGuard(GRACE, DAY);
        guard.onRecord(InputGuard.PREDICTIONS, 9 * DAY);
        guard.onRecord(InputGuard.ACTUALS, 10 * DAY);
        assertThat(guard.bound(10 * DAY)).isEqualTo(10 * DAY);
        assertThat(guard.bound(16 * DAY - 1)).isEqualTo(16 * DAY - 1);
        assertThat(guard.closingBound(10 * DAY)).isEqualTo(10 * DAY);
        assertThat(guard.bound(16 * DAY)).as("predictions a grace behind").isEqualTo(16 * DAY - 1);
    }

    @Test
    void aReleasedInputHoldsNothingBackUntilItsNextRecord() {
        InputGuard guard = new InputGuard(GRACE, DAY);
        guard.onRecord(InputGuard.PREDICTIONS, 10 * DAY);
        guard.onRecord(InputGuard.ACTUALS, 40 * DAY); // the forecaster stopped on day 10
        assertThat(guard.bound(40 * DAY)).isEqualTo(10 * DAY + GRACE - 1);
        guard.release(InputGuard.PREDICTIONS);
        assertThat(guard.bound(40 * DAY)).isEqualTo(40 * DAY);
        guard.onRecord(InputGuard.PREDICTIONS, 11 * DAY);
        assertThat(guard.bound(40 * DAY)).isEqualTo(11 * DAY + GRACE - 1);
    }

    @Test
    void anInputIsDueForReleaseOnlyAfterHoldingForAWhileWithoutARecord() {
        InputGuard guard = new InputGuard(GRACE, DAY);
        guard.onRecord(InputGuard.PREDICTIONS, 10 * DAY);
        guard.onRecord(InputGuard.ACTUALS, 40 * DAY);
        long wall = 1_000_000L;
        assertThat(guard.dueForRelease(InputGuard.PREDICTIONS, 40 * DAY, wall)).isFalse();
        assertThat(guard.dueForRelease(InputGuard.PREDICTIONS, 40 * DAY, wall + 1000)).isFalse();
        guard.onRecord(InputGuard.PREDICTIONS, 11 * DAY); // still behind, but not stopped
        assertThat(guard.dueForRelease(InputGuard.PREDICTIONS, 40 * DAY, wall + 2000)).isFalse();
        assertThat(guard.dueForRelease(InputGuard.PREDICTIONS, 40 * DAY, wall + 3999)).isFalse();
        assertThat(guard.dueForRelease(InputGuard.PREDICTIONS, 40 * DAY, wall + 2000 + InputGuard.RELEASE_AFTER_MS))
            .isTrue();
        assertThat(guard.dueForRelease(InputGuard.ACTUALS, 40 * DAY, wall + 9000)).as("not holding").isFalse();
    }

    @Test
    void aLongerMaxTaskIdleMsHoldsAnInputLongerBeforeItsRelease() {
        InputGuard guard = new InputGuard(GRACE, DAY, 10_000);
        guard.onRecord(InputGuard.ACTUALS, 40 * DAY); // the history arrived; the forecaster has written nothing yet
        long wall = 1_000_000L;
        assertThat(guard.dueForRelease(InputGuard.PREDICTIONS, 40 * DAY, wall)).isFalse();
        assertThat(guard.dueForRelease(InputGuard.PREDICTIONS, 40 * DAY, wall + InputGuard.RELEASE_AFTER_MS))
            .as("the 2 s would have released it").isFalse();
        assertThat(guard.dueForRelease(InputGuard.PREDICTIONS, 40 * DAY, wall + 9_999)).isFalse();
        assertThat(guard.dueForRelease(InputGuard.PREDICTIONS, 40 * DAY, wall + 10_000)).isTrue();
        InputGuard shorter = new InputGuard(GRACE, DAY, 500);
        shorter.onRecord(InputGuard.ACTUALS, 40 * DAY);
        assertThat(shorter.dueForRelease(InputGuard.PREDICTIONS, 40 * DAY, wall)).isFalse();
        assertThat(shorter.dueForRelease(InputGuard.PREDICTIONS, 40 * DAY, wall + 1_999)).as("never below 2 s")
            .isFalse();
        assertThat(shorter.dueForRelease(InputGuard.PREDICTIONS, 40 * DAY, wall + 2_000)).isTrue();
    }

    @Test
    void anInputNotSeenYetHoldsAtNoTimeUntilItsFirstRecordOrItsRelease() {
        InputGuard guard = new InputGuard(GRACE, DAY);
        guard.onRecord(InputGuard.PREDICTIONS, 39 * DAY);
        assertThat(guard.bound(40 * DAY)).isEqualTo(-1);
        assertThat(guard.closingBound(40 * DAY)).isEqualTo(-1);
        guard.onRecord(InputGuard.ACTUALS, 40 * DAY);
        assertThat(guard.bound(40 * DAY)).isEqualTo(40 * DAY);

        InputGuard actualsOnly = new InputGuard(GRACE, DAY);
        actualsOnly.onRecord(InputGuard.ACTUALS, 40 * DAY);
        assertThat(actualsOnly.holds(InputGuard.PREDICTIONS, 40 * DAY)).isTrue();
        actualsOnly.release(InputGuard.PREDICTIONS); // no forecaster: the cluster says it has nothing to read
        assertThat(actualsOnly.bound(40 * DAY)).isEqualTo(40 * DAY);
    }
}
