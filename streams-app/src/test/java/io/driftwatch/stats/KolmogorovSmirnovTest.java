package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference values from scipy 1.10.1 (Debian python3-scipy), script:
 * <pre>
 * M = 2**64
 * def lcg(seed, n):
 *     s = seed % M; out = []
 *     for _ in range(n):
 *         s = (s * 6364136223846793005 + 1442695040888963407) % M
 *         out.append((s >> 11) / 2.0**53)
 *     return out
 * def cont(seed, n, shift): return np.array([u + shift for u in lcg(seed, n)])
 * def ties(seed, n, shift): return np.array([np.floor(u * 50 + shift) / 10.0 for u in lcg(seed, n)])
 * r = stats.ks_2samp(f(s1, n1, 0.0), f(s2, n2, shift), method='exact')   # or method='asymp'
 * </pre>
 */
class KolmogorovSmirnovTest {

  private static double[] data(String kind, long seed, int n, double shift) {
    return kind.equals("ties") ? Lcg.ties(seed, n, shift) : Lcg.continuous(seed, n, shift);
  }

  @ParameterizedTest(name = "{0} {2} vs {4}")
  @CsvSource({
      // kind, seed1, n1, seed2, n2, shift, scipy D, scipy p (method='exact')
      "ties, 1, 14, 2, 60, 0.0, 0.26904761904761904, 0.3182900469496067",
      "cont, 3, 60, 4, 200, 0.1, 0.15333333333333332, 0.20679400559937614",
      "cont, 5, 3, 6, 5, 0.5, 0.6, 0.4642857142857143",
      "ties, 7, 1000, 8, 1500, 3.0, 0.08166666666666667, 0.0006398528992307828",
      "ties, 9, 400, 10, 400, 1.0, 0.0775, 0.18096072488295206",
      "cont, 11, 10000, 12, 10000, 0.01, 0.0164, 0.13577561139814695",
      "cont, 13, 10000, 14, 9999, 0.01, 0.01899254925492549, 0.05307284196829293",
      "cont, 13, 10000, 14, 9999, 0.05, 0.05659596959695969, 2.270389164340923e-14",
      "ties, 15, 10000, 16, 7000, 1.0, 0.037014285714285715, 2.44455855186312e-05",
      "cont, 17, 2000, 18, 3001, 0.0, 0.022829056981006332, 0.5489003520519264",
  })
  void exactMatchesScipy(String kind, long s1, int n1, long s2, int n2, double shift,
      double scipyD, double scipyP) {
    double[] x = data(kind, s1, n1, 0.0);
    double[] y = data(kind, s2, n2, shift);
    long start = System.nanoTime();
    KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(x, y);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.method()).isEqualTo(KolmogorovSmirnov.Method.EXACT);
    assertThat(r.statistic()).isCloseTo(scipyD, within(1e-15));
    assertThat(r.pValue()).isCloseTo(scipyP, within(1e-12 + 1e-9 * scipyP));
    assertThat(millis).as("exact p-value time").isLessThan(5_000);
    // symmetric in its arguments
    assertThat(KolmogorovSmirnov.test(y, x).pValue()).isCloseTo(r.pValue(), within(1e-12));
  }

  @ParameterizedTest(name = "{0} {2} vs {4}")
  @CsvSource({
      // kind, seed1, n1, seed2, n2, shift, scipy D, scipy p (method='asymp')
      "cont, 21, 20000, 22, 15000, 0.01, 0.018966666666666576, 0.004142733125891772",
      "cont, 23, 5, 24, 20000, 0.2, 0.21785, 0.9289571194940819",
      "ties, 25, 200, 26, 12000, 0.5, 0.06733333333333336, 0.319206632075103",
  })
  void asymptoticAboveExactMaxMatchesScipy(String kind, long s1, int n1, long s2, int n2,
      double shift, double scipyD, double scipyP) {
    KolmogorovSmirnov.Result r =
        KolmogorovSmirnov.test(data(kind, s1, n1, 0.0), data(kind, s2, n2, shift));
    assertThat(r.method()).isEqualTo(KolmogorovSmirnov.Method.ASYMPTOTIC);
    assertThat(r.statistic()).isCloseTo(scipyD, within(1e-12));
    assertThat(r.pValue()).isCloseTo(scipyP, within(1e-9));
  }

  @Test
  void agreesWithCommonsMathNonStrictWhereItIsExact() {
    // commons-math3 3.6.1 kolmogorovSmirnovTest(x, y, false) is exact while n*m < 10,000 and the
    // data have no ties (with ties it jitters the values at random first), so continuous data here;
    // ties are covered by the scipy references above.
    org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest commons =
        new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();
    int[][] sizes = {{14, 60}, {7, 9}, {30, 30}, {50, 199}, {2, 3}, {2, 40}};
    long seed = 100;
    for (int[] s : sizes) {
      double[] x = Lcg.continuous(seed++, s[0], 0.0);
      double[] y = Lcg.continuous(seed++, s[1], 0.2);
      KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(x, y);
      assertThat(r.statistic()).isCloseTo(commons.kolmogorovSmirnovStatistic(x, y), within(1e-12));
      assertThat(r.pValue()).as("sizes %s x %s", s[0], s[1])
          .isCloseTo(commons.kolmogorovSmirnovTest(x, y, false), within(1e-9));
    }
  }

  @Test
  void exactMaxSwitchesToAsymptotic() {
    double[] x = Lcg.continuous(3, 60, 0.0);
    double[] y = Lcg.continuous(4, 200, 0.1);
    KolmogorovSmirnov.Result exact = KolmogorovSmirnov.test(x, y, 200);
    KolmogorovSmirnov.Result asymp = KolmogorovSmirnov.test(x, y, 199);
    assertThat(exact.method()).isEqualTo(KolmogorovSmirnov.Method.EXACT);
    assertThat(asymp.method()).isEqualTo(KolmogorovSmirnov.Method.ASYMPTOTIC);
    assertThat(asymp.statistic()).isEqualTo(exact.statistic());
    // scipy ks_2samp(x, y, method='asymp') on the same data = kstwo.sf(d, 46) = 0.20712604523681566
    assertThat(asymp.pValue()).isCloseTo(0.20712604523681566, within(1e-9));
  }

  @Test
  void identicalSamplesGiveZeroStatisticAndPValueOne() {
    double[] x = {1, 1, 2, 2, 3};
    KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(x, new double[] {3, 2, 1, 2, 1});
    assertThat(r.statistic()).isZero();
    assertThat(r.pValue()).isEqualTo(1.0);
  }

  @Test
  void completeSeparationSquare() {
    // D = 1, P(D >= 1) = 2 / C(8, 4) = 2/70 (hand count: only the two extreme paths);
    // scipy exact: 0.028571428571428577
    KolmogorovSmirnov.Result r =
        KolmogorovSmirnov.test(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8});
    assertThat(r.statistic()).isEqualTo(1.0);
    assertThat(r.pValue()).isCloseTo(2.0 / 70, within(1e-15));
  }

  @Test
  void completeSeparationUnequal() {
    // D = 1 with n=2, m=3: 2 extreme paths out of C(5, 2) = 10
    KolmogorovSmirnov.Result r =
        KolmogorovSmirnov.test(new double[] {1, 2}, new double[] {5, 6, 7});
    assertThat(r.pValue()).isCloseTo(0.2, within(1e-15));
  }

  @Test
  void rejectsEmptyAndNaN() {
    assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[0], new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x must not be empty");
    assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {1}, new double[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y must not be empty");
    assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {Double.NaN}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }
}
