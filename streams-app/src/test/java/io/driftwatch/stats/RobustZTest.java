package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.DoubleSupplier;
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

  @Test
  void fixedByteFormat() {
    // version 1, capacity 3, size 3, 0, then 2.0, 3.0, 100.0 (oldest first) big-endian
    RobustZ z = new RobustZ(3).add(1).add(2).add(3).add(100);
    String hex = "01" + "00000003" + "00000003" + "00000000"
        + "4000000000000000" + "4008000000000000" + "4059000000000000";
    assertThat(HexFormat.of().formatHex(z.toBytes())).isEqualTo(hex);
    RobustZ back = RobustZ.fromBytes(HexFormat.of().parseHex(hex));
    assertThat(back.capacity()).isEqualTo(3);
    assertThat(back.median()).isEqualTo(3.0);
    assertThat(HexFormat.of().formatHex(new RobustZ(4).toBytes())).isEqualTo("01000000040000000000000000");
  }

  @Test
  void rejectsNonFiniteAndCorruptBytes() {
    assertThatThrownBy(() -> new RobustZ().add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RobustZ.fromBytes(oldFormat(2, new double[] {1, Double.POSITIVE_INFINITY})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    assertThatThrownBy(() -> RobustZ.fromBytes(oldFormat(1, new double[] {1, 2})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt");
    assertThatThrownBy(() -> RobustZ.fromBytes(new byte[12])).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The incremental sorted window against {@link Reference} after every add, for every kind of
   * window the monitor can meet: continuous, heavy ties, constant, signed zeros, a single outlier
   * on a constant background (MAD 0, mean-AD fallback), capacities 1, 2, small odd/even and 60,
   * through many evictions, with decode/encode round trips on the way.
   */
  @Test
  void matchesTheSortingReferenceOnRandomWindows() {
    Random rnd = new Random(42);
    DoubleSupplier[] kinds = {
        () -> rnd.nextGaussian() * 3,
        () -> rnd.nextInt(5) - 2.0,
        () -> 7.25,
        () -> rnd.nextBoolean() ? 0.0 : -0.0,
        () -> rnd.nextInt(20) == 0 ? 1e6 : 1.5,
        () -> rnd.nextInt(3) == 0 ? rnd.nextGaussian() : Math.rint(rnd.nextGaussian() * 2) / 4,
        () -> rnd.nextGaussian() * 1e-300,
        () -> (rnd.nextBoolean() ? 1 : -1) * 1e307 * rnd.nextInt(12),
    };
    int[] capacities = {1, 2, 3, 4, 5, 8, 59, 60, 61};
    int checked = 0;
    for (int kind = 0; kind < kinds.length; kind++) {
      for (int capacity : capacities) {
        RobustZ z = new RobustZ(capacity);
        Reference ref = new Reference(capacity);
        int adds = 3 * capacity + 50;
        for (int i = 0; i < adds; i++) {
          // a mixed phase now and then: the window changes character while it slides
          double v = (i / 40) % 3 == 2 ? kinds[(kind + 1) % kinds.length].getAsDouble()
              : kinds[kind].getAsDouble();
          z.add(v);
          ref.add(v);
          if (i % 17 == 5) {
            z = RobustZ.fromBytes(z.toBytes());
          }
          String at = "kind " + kind + ", capacity " + capacity + ", add " + i + ", window " + ref.values;
          assertThat(z.size()).as(at).isEqualTo(ref.values.size());
          assertSame(z.median(), ref.median(), "median, " + at);
          assertSame(z.mad(), ref.mad(), "mad, " + at);
          assertSame(z.scale(), ref.scale(), "scale, " + at);
          double[] probes = {v, ref.median(), ref.median() + 1e-9, -3.5, 0.0, 12.0, kinds[kind].getAsDouble()};
          for (double probe : probes) {
            assertSame(z.zScore(probe), ref.zScore(probe), "z(" + probe + "), " + at);
          }
          assertThat(z.toBytes()).as(at).isEqualTo(oldFormat(capacity, ref.window()));
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(5_000);
  }

  /** Bytes in the version-1 format written by the former implementation decode to the same window. */
  @Test
  void decodesTheFormerFormatToTheSameWindow() {
    Random rnd = new Random(7);
    for (int capacity : new int[] {1, 2, 5, 60}) {
      for (int n = 0; n <= capacity; n++) {
        double[] oldestFirst = new double[n];
        Reference ref = new Reference(capacity);
        for (int i = 0; i < n; i++) {
          oldestFirst[i] = rnd.nextInt(4) == 0 ? 2.0 : rnd.nextGaussian();
          ref.add(oldestFirst[i]);
        }
        RobustZ z = RobustZ.fromBytes(oldFormat(capacity, oldestFirst));
        assertThat(z.size()).isEqualTo(n);
        assertThat(z.capacity()).isEqualTo(capacity);
        assertThat(z.toBytes()).isEqualTo(oldFormat(capacity, oldestFirst));
        // the eviction order survives the decode: keep sliding both
        for (int i = 0; i < capacity + 3; i++) {
          double v = rnd.nextGaussian();
          z.add(v);
          ref.add(v);
          assertSame(z.zScore(0.3), ref.zScore(0.3), "capacity " + capacity + " n " + n);
          assertThat(z.toBytes()).isEqualTo(oldFormat(capacity, ref.window()));
        }
      }
    }
  }

  private static void assertSame(double got, double want, String what) {
    assertThat(Double.doubleToLongBits(got)).as("%s: got %s, want %s", what, got, want)
        .isEqualTo(Double.doubleToLongBits(want));
  }

  /** The version-1 wire format, written independently of RobustZ: 1, capacity, size, 0, values. */
  private static byte[] oldFormat(int capacity, double[] oldestFirst) {
    ByteBuffer buf = ByteBuffer.allocate(13 + 8 * oldestFirst.length);
    buf.put((byte) 1).putInt(capacity).putInt(oldestFirst.length).putInt(0);
    for (double v : oldestFirst) {
      buf.putDouble(v);
    }
    return buf.array();
  }

  /** The definition, by copying and sorting (what RobustZ did before it kept its window sorted). */
  private static final class Reference {
    final int capacity;
    final ArrayDeque<Double> values = new ArrayDeque<>();

    Reference(int capacity) {
      this.capacity = capacity;
    }

    void add(double v) {
      if (values.size() == capacity) {
        values.removeFirst();
      }
      values.addLast(v);
    }

    double[] window() {
      return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double medianOf(double[] v) {
      if (v.length == 0) {
        return Double.NaN;
      }
      double[] s = v.clone();
      Arrays.sort(s);
      int mid = s.length / 2;
      return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }

    double median() {
      return medianOf(window());
    }

    double mad() {
      double med = median();
      return medianOf(Arrays.stream(window()).map(x -> Math.abs(x - med)).toArray());
    }

    double scale() {
      double[] w = window();
      if (w.length == 0) {
        return Double.NaN;
      }
      double mad = mad();
      if (mad > 0) {
        return RobustZ.MAD_SCALE * mad;
      }
      double med = median();
      double sum = 0;
      for (double x : w) { // oldest first
        sum += Math.abs(x - med);
      }
      return RobustZ.MEAN_AD_SCALE * sum / w.length;
    }

    double zScore(double value) {
      if (values.isEmpty()) {
        return Double.NaN;
      }
      double dev = value - median();
      double scale = scale();
      if (scale > 0) {
        return dev / scale;
      }
      return dev == 0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, dev);
    }
  }
}
