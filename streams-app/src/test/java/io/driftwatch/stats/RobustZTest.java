package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.junit.jupiter.api.Test;

class RobustZTest {

  private static RobustZ of(double... values) {
    RobustZ z = new RobustZ();
    for (double v : values) {
      z.add(v);
    }
    return z;
  }

  @Test
  void madByHand() {
    // median 3; |dev| = [2,1,0,1,97] -> median 1; scale 1.4826; z(10) = 7 / 1.4826
    RobustZ z = of(1, 2, 3, 4, 100);
    assertThat(z.median()).isEqualTo(3.0);
    assertThat(z.mad()).isEqualTo(1.0);
    assertThat(z.zScore(10)).isCloseTo(7 / 1.4826, within(1e-12));
    assertThat(z.zScore(3)).isZero();
    assertThat(of(1, 2, 3, 4).median()).isEqualTo(2.5);
  }

  @Test
  void zeroMadFallsBackToMeanAbsoluteDeviation() {
    // median 5, |dev| = [0,0,0,0,4]: MAD 0, meanAD 0.8, scale 1.2533 * 0.8; z(7) = 2 / 1.00264
    RobustZ z = of(5, 5, 5, 5, 9);
    assertThat(z.mad()).isZero();
    assertThat(z.scale()).isCloseTo(1.2533 * 0.8, within(1e-12));
    assertThat(z.zScore(7)).isCloseTo(2 / (1.2533 * 0.8), within(1e-12));
  }

  @Test
  void constantWindowFlagsAnyDeparture() {
    RobustZ z = of(3, 3, 3);
    assertThat(z.zScore(3)).isZero();
    assertThat(z.zScore(3.5)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(z.zScore(2)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(new RobustZ().zScore(1)).isNaN();
  }

  @Test
  void boundedWindowMatchesCommonsMathOnTheLastValues() {
    Random rnd = new Random(5);
    RobustZ z = new RobustZ(60);
    double[] all = new double[150];
    for (int i = 0; i < all.length; i++) {
      all[i] = rnd.nextGaussian() * 3 + (i % 17 == 0 ? 40 : 0);
      z.add(all[i]);
    }
    assertThat(z.size()).isEqualTo(60);
    double[] last = Arrays.copyOfRange(all, 90, 150);
    double med = new Median().evaluate(last);
    double[] dev = Arrays.stream(last).map(v -> Math.abs(v - med)).toArray();
    double mad = new Median().evaluate(dev);
    assertThat(z.median()).isCloseTo(med, within(1e-12));
    assertThat(z.mad()).isCloseTo(mad, within(1e-12));
    assertThat(z.zScore(20)).isCloseTo((20 - med) / (1.4826 * mad), within(1e-12));
  }

  @Test
  void serializationKeepsOrderAndCapacity() {
    RobustZ z = new RobustZ(3).add(1).add(2).add(3).add(100); // window [2, 3, 100]
    RobustZ back = RobustZ.fromBytes(z.toBytes());
    assertThat(z.toBytes()).hasSize(13 + 3 * 8);
    assertThat(back.median()).isEqualTo(3.0);
    back.add(7); // evicts 2 -> [3, 100, 7]
    assertThat(back.median()).isEqualTo(7.0);
    assertThat(back.toBytes()).isEqualTo(z.add(7).toBytes());
  }
}
