package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class KeysTest {

    @Test
    void timesAreNineteenDigitsZeroPaddedSoThatStringOrderIsTimeOrder() {
        assertThat(Keys.time(0)).isEqualTo("0000000000000000000");
        assertThat(Keys.time(1_704_067_200_000L)).isEqualTo("0000001704067200000");
        assertThat(Keys.time(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
        assertThat(Keys.time(-5)).isEqualTo("00000000000000000-5"); // the layout before: stored keys stay readable
        Random random = new Random(7);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            times.add((random.nextLong() >>> 1) >>> random.nextInt(63));
        }
        List<String> keys = new ArrayList<>(times.stream().map(Keys::time).toList());
        keys.sort(null);
        times.sort(null);
        assertThat(keys).isEqualTo(times.stream().map(t -> String.format("%019d", t)).toList());
    }

    @Test
    void joinAndSplitAreTheNulSeparatedLayout() {
        String sep = String.valueOf(Keys.SEP);
        assertThat(Keys.join("m:1d", "s1", Keys.time(5))).isEqualTo("m:1d" + sep + "s1" + sep + "0000000000000000005");
        assertThat(Keys.join("a", "")).isEqualTo("a" + sep);
        assertThat(Keys.join("only")).isEqualTo("only");
        assertThat(Keys.split("a" + sep + sep + "b" + sep)).containsExactly("a", "", "b", "");
        assertThat(Keys.split("plain")).containsExactly("plain");
        String key = Keys.join("m:1d", "", Keys.time(7), "3");
        assertThat(Keys.split(key)).containsExactly(key.split(sep, -1));
    }

    @Test
    void timeThenIsTheJoinOfTheTimeAndTheRest() {
        for (long t : new long[] {0, 1, 1_704_067_200_000L, Long.MAX_VALUE, -5}) {
            assertThat(Keys.timeThen(t, "s42")).isEqualTo(Keys.join(Keys.time(t), "s42"));
            assertThat(Keys.timeThen(t, "")).isEqualTo(Keys.join(Keys.time(t), ""));
        }
    }
}
