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
}
