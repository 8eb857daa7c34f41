package io.driftwatch.forecast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.driftwatch.forecast.app.SeriesHistory.Change;

class SeriesHistoryTest {

    @Test
    void keepsOnlyTheNewestMaxPoints() {
        SeriesHistory h = SeriesHistory.empty(5);
        for (int t = 0; t < 12; t++) {
            assertThat(h.upsert(t, t * 10.0)).isEqualTo(Change.APPENDED);
        }
        assertThat(h.size()).isEqualTo(5);
        assertThat(h.times()).containsExactly(7, 8, 9, 10, 11);
        assertThat(h.values()).containsExactly(70, 80, 90, 100, 110);
        assertThat(h.toBytes()).hasSize(5 + 5 * 16);
    }

    @Test
    void correctionsReplaceAndLatePointsGoInPlace() {
        SeriesHistory h = SeriesHistory.empty(10);
        h.upsert(10, 1);
        h.upsert(30, 3);
        assertThat(h.upsert(20, 2)).isEqualTo(Change.INSERTED);
        assertThat(h.upsert(30, 3.5)).isEqualTo(Change.REPLACED);
        assertThat(h.upsert(5, 0.5)).isEqualTo(Change.INSERTED);
        assertThat(h.times()).containsExactly(5, 10, 20, 30);
        assertThat(h.values()).containsExactly(0.5, 1, 2, 3.5);
        assertThat(h.newestTime()).isEqualTo(30);
    }

    @Test
    void aPointOlderThanAFullHistoryIsDroppedAndAnOlderOneInsideIsKept() {
        SeriesHistory h = SeriesHistory.empty(3);
        h.upsert(10, 1);
        h.upsert(20, 2);
        h.upsert(30, 3);
        assertThat(h.upsert(5, 9)).isEqualTo(Change.DROPPED);
        assertThat(h.upsert(15, 1.5)).isEqualTo(Change.INSERTED);
        assertThat(h.times()).containsExactly(15, 20, 30);
    }

    @Test
    void roundTripsThroughBytesAndTrimsWhenTheBoundWasLowered() {
        SeriesHistory h = SeriesHistory.empty(100);
        for (int t = 0; t < 50; t++) {
            h.upsert(t * 1000L, Math.sin(t));
        }
        SeriesHistory same = SeriesHistory.fromBytes(h.toBytes(), 100);
        assertThat(same.times()).containsExactly(h.times());
        assertThat(same.values()).containsExactly(h.values());
        SeriesHistory lowered = SeriesHistory.fromBytes(h.toBytes(), 20);
        assertThat(lowered.size()).isEqualTo(20);
        assertThat(lowered.newestTime()).isEqualTo(49_000L);
        assertThat(lowered.times()[0]).isEqualTo(30_000L);
        assertThat(SeriesHistory.fromBytes(null, 5).size()).isZero();
    }

    @Test
    void rejectsNonFiniteValuesAndCorruptBytes() {
        assertThatThrownBy(() -> SeriesHistory.empty(5).upsert(1, Double.NaN))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> SeriesHistory.fromBytes(new byte[] {1, 0, 0, 0, 2, 0}, 5))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
    }
}
