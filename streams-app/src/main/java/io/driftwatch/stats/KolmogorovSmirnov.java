package io.driftwatch.stats;

import java.util.Arrays;

/**
 * Two-sided two-sample Kolmogorov-Smirnov test with the p-value convention of scipy's
 * {@code ks_2samp(x, y)}: {@code P(D >= d_observed)} under H0 (not the strict {@code P(D > d)} of
 * commons-math3's two-argument {@code kolmogorovSmirnovTest}).
 *
 * <p>Usage:
 * <pre>{@code
 * KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(recent, reference);
 * if (r.pValue() < 0.05) { ... r.statistic() ... }
 * }</pre>
 *
 * <p><b>Exact path</b> (both samples hold at most {@code exactMax} values, default 10,000 like
 * scipy's {@code method='auto'}): the statistic is computed as an integer {@code h} on the lattice
 * of step {@code 1/lcm(n, m)} (no floating rounding, ties handled like scipy's
 * {@code searchsorted(side='right')}, i.e. both ECDFs are evaluated after all copies of a tied
 * value). The p-value is the exact lattice-path probability, ported from scipy 1.10:
 * {@code _compute_prob_outside_square} when {@code n == m} (O(n)), otherwise
 * {@code _compute_outer_prob_inside_method} (Hodges' inside method with Viehmann's 1-p recursion,
 * arXiv:2102.08037), whose cost is O(max(n,m) * (2 d min(n,m) + 2)) double operations and
 * O(min(n,m)) memory: at most ~1e8 operations at 10,000 x 9,999 (measured 0.15 s at D = 0.057,
 * 0.6 s at D = 0.9 on this machine). Every value in
 * that recursion is a probability in [0, 1], so it cannot overflow.
 *
 * <p><b>Asymptotic path</b> (either sample above {@code exactMax}, {@code lcm(n,m) >= 2^31}, or
 * an exact result outside [0, 1]): like scipy's {@code method='asymp'} two-sided branch,
 * {@code p = kstwo.sf(d, round(n m / (n + m)))}, see {@link KolmogorovDistribution#sf}.
 *
 * <p>Inputs must be non-empty and free of NaN. Input arrays are not modified.
 */
public final class KolmogorovSmirnov {

  /** Largest per-sample size for which scipy's {@code method='auto'} stays exact. */
  public static final int DEFAULT_EXACT_MAX = 10_000;

  /** Which computation produced a p-value. */
  public enum Method {
    /** Exact lattice-path p-value. */
    EXACT,
    /** kstwo survival function at the effective sample size. */
    ASYMPTOTIC,
    /** D estimated from quantile sketches, conservative p-value ({@link DriftWindow}). */
    SKETCH
  }

  /**
   * Outcome of a test.
   *
   * @param statistic D = sup |F_x - F_y|, in [0, 1]
   * @param pValue P(D >= statistic) under H0, in [0, 1]
   * @param method how the p-value was computed
   */
  public record Result(double statistic, double pValue, Method method) { }

  private KolmogorovSmirnov() { }

  /** Test with {@link #DEFAULT_EXACT_MAX}. */
  public static Result test(double[] x, double[] y) {
    return test(x, y, DEFAULT_EXACT_MAX);
  }

  /**
   * Two-sided two-sample test.
   *
   * @param exactMax exact p-value while both samples hold at most this many values
   * @throws IllegalArgumentException if a sample is null, empty or contains NaN
   */
  public static Result test(double[] x, double[] y, int exactMax) {
    double[] a = sortedCopy(x, "x");
    double[] b = sortedCopy(y, "y");
    int n = a.length;
    int m = b.length;
    long g = gcd(n, m);
    long ng = n / g;
    long mg = m / g;
    long lcm = ng * m;
    long h = latticeStatistic(a, b, ng, mg);
    double d = (double) h / lcm;
    if (h == 0) {
      return new Result(0.0, 1.0, Method.EXACT);
    }
    if (Math.max(n, m) <= exactMax && lcm < Integer.MAX_VALUE) {
      double p = exactPValue(n, m, h);
      if (p >= 0.0 && p <= 1.0) {
        return new Result(d, p, Method.EXACT);
      }
    }
    return new Result(d, asymptoticPValue(n, m, d), Method.ASYMPTOTIC);
  }

  /**
   * Exact {@code P(D >= h / lcm(n, m))} for samples of sizes n and m (scipy's two-sided exact
   * branch). May return a value outside [0, 1] only if floating error made it meaningless.
   *
   * @param h statistic times lcm(n, m), 0 <= h <= lcm(n, m)
   */
  public static double exactPValue(int n, int m, long h) {
    if (n <= 0 || m <= 0) {
      throw new IllegalArgumentException("sample sizes must be positive, got " + n + " and " + m);
    }
    long g = gcd(n, m);
    long lcm = (n / g) * (long) m;
    if (h < 0 || h > lcm) {
      throw new IllegalArgumentException("h must be in [0, lcm(n,m)=" + lcm + "], got " + h);
    }
    if (h == 0) {
      return 1.0;
    }
    return n == m ? probOutsideSquare(n, (int) h) : outerProbInsideMethod(n, m, g, h);
  }

  /**
   * scipy's {@code method='asymp'} two-sided p-value: {@code kstwo.sf(d, round(en))} with
   * {@code en = n m / (n + m)} rounded half-to-even (numpy), at least 1.
   */
  public static double asymptoticPValue(long n, long m, double d) {
    double en = (double) n * (double) m / ((double) n + (double) m);
    long effective = Math.max(1L, (long) Math.rint(en));
    return KolmogorovDistribution.sf(d, effective);
  }

  /**
   * max over the pooled values v of |n_x(v) mg - n_y(v) ng|, i.e. D times lcm(n, m), where
   * n_x(v) counts x values <= v.
   */
  private static long latticeStatistic(double[] a, double[] b, long ng, long mg) {
    int i = 0;
    int j = 0;
    long best = 0;
    while (i < a.length || j < b.length) {
      double v = (j >= b.length || (i < a.length && a[i] <= b[j])) ? a[i] : b[j];
      while (i < a.length && a[i] <= v) {
        i++;
      }
      while (j < b.length && b[j] <= v) {
        j++;
      }
      // i/n - j/m = (i*mg - j*ng) / lcm
      best = Math.max(best, Math.abs(i * mg - j * ng));
    }
    return best;
  }

  /**
   * P(D_{n,n} >= h/n) = 2 (A0 - A0 A1 + A0 A1 A2 - ...), Horner-like to avoid cancellation
   * (scipy {@code _compute_prob_outside_square}).
   */
  private static double probOutsideSquare(int n, int h) {
    double p = 0.0;
    for (long k = n / h; k >= 0; k--) {
      double p1 = 1.0;
      for (long j = 0; j < h; j++) {
        p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
      }
      p = p1 * (1.0 - p);
    }
    return 2 * p;
  }

  /**
   * Proportion of lattice paths from (0,0) to (m,n) that leave the band |x/m - y/n| < h/lcm,
   * computed directly as 1-p per Viehmann (scipy {@code _compute_outer_prob_inside_method}). Only
   * the sliding window [minj, maxj) of one column is kept.
   */
  private static double outerProbInsideMethod(int n1, int n2, long g, long h) {
    int m = Math.max(n1, n2);
    int n = Math.min(n1, n2);
    long mg = m / g;
    long ng = n / g;
    int minj = 0;
    int maxj = (int) Math.min(ceilDiv(h, mg), n + 1L);
    int curlen = maxj - minj;
    int lenA = Math.min(2 * maxj + 2, n + 1);
    double[] a = new double[lenA];
    Arrays.fill(a, 1.0);
    Arrays.fill(a, minj, maxj, 0.0);
    for (int i = 1; i <= m; i++) {
      int lastminj = minj;
      int lastlen = curlen;
      minj = (int) Math.min(Math.max(Math.floorDiv(ng * i - h, mg) + 1, 0L), n);
      maxj = (int) Math.min(ceilDiv(ng * i + h, mg), n + 1L);
      if (maxj <= minj) {
        return 1.0;
      }
      double val = minj == 0 ? 0.0 : 1.0;
      for (int jj = 0; jj < maxj - minj; jj++) {
        int j = jj + minj;
        val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
        a[jj] = val;
      }
      curlen = maxj - minj;
      if (lastlen > curlen) {
        // numpy clips slices at the array end; Java must do it explicitly
        Arrays.fill(a, maxj - minj, Math.min(a.length, maxj - minj + (lastlen - curlen)), 1.0);
      }
    }
    return a[maxj - minj - 1];
  }

  private static long ceilDiv(long num, long den) {
    return -Math.floorDiv(-num, den);
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  static double[] sortedCopy(double[] values, String name) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("sample " + name + " must not be empty");
    }
    double[] copy = values.clone();
    for (double v : copy) {
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException("sample " + name + " contains NaN");
      }
    }
    Arrays.sort(copy);
    return copy;
  }
}
