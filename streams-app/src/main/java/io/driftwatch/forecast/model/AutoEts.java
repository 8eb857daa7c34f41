package io.driftwatch.forecast.model;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Automatic ETS model selection, as R's {@code ets()} and statsforecast's {@code AutoETS}: every
 * admissible {@link EtsType} is fitted by maximum likelihood on the whole history and the one
 * with the lowest AICc wins.
 *
 * <p>One guard on top: when the series has a strong season (seasonal strength
 * {@link #seasonalStrength} >= {@value #STRONG_SEASON}, Wang, Smith &amp; Hyndman 2006), only
 * seasonal models are eligible, so a strongly seasonal series never gets a model that ignores its
 * season (AICc rarely does that, but a short or noisy history can tip it).
 *
 * <p>Two stages, to spend the search where it can change the choice: every member gets
 * {@link EtsEstimator}'s profile stage (the exact maximum likelihood fit for additive error
 * without multiplicative season; a lower bound for the others, with polished initial states);
 * then the {@value #REFINED} members with multiplicative error or season that rank best by that
 * AICc among the eligible ones get the full search, as {@link EtsEstimator#fit} would give them.
 * The others keep their profile fit (its AICc an upper bound of their true one): on the
 * evaluation set of docs/forecaster.md refining them all changed no choice and cost up to 1.6
 * times the CPU. The ranking needs the polish: with the profile search's heuristic states alone
 * a multiplicative season's bound was tens of log-likelihood units below its maximum (up to 130
 * on the hourly series), and refining them all changed 6 of the 37 choices.
 *
 * <p>The candidates are fitted in parallel (the common fork-join pool); each fit is deterministic
 * and results are kept in candidate order, so the same data and m give the same choice (ties:
 * candidate order).
 */
public final class AutoEts {

    /** Seasonal strength at or above which only seasonal models are eligible. */
    public static final double STRONG_SEASON = 0.6;
    /** How many members with multiplicative error or season get the full likelihood search. */
    public static final int REFINED = 3;

    /**
     * One fitted (or failed) candidate.
     *
     * @param type the model
     * @param fit the fit, empty when it failed
     * @param error why it failed, or null
     * @param exact true when the fit is the maximum likelihood one, false for the profile stage's
     *     lower bound (see the class comment)
     */
    public record Candidate(EtsType type, Optional<EtsFit> fit, String error, boolean exact) {
        /** AICc, +infinity when the fit failed. */
        public double aicc() {
            return fit.map(EtsFit::aicc).orElse(Double.POSITIVE_INFINITY);
        }
    }

    /**
     * The outcome.
     *
     * @param candidates every candidate, in {@link EtsType#admissible} order
     * @param best the chosen fit
     * @param seasonalStrength F_s of the series (NaN when m < 2 or too short)
     * @param seasonalOnly whether the strong-season guard restricted the choice
     * @param reason one sentence on why the winner won
     */
    public record Selection(List<Candidate> candidates, EtsFit best, double seasonalStrength, boolean seasonalOnly,
                            String reason) {
    }

    private AutoEts() {
    }

    /**
     * Fits every admissible model and selects by AICc.
     *
     * @param y the history, oldest first
     * @param m season length (1 = no season)
     * @throws IllegalArgumentException if no model can be fitted
     */
    public static Selection select(double[] y, int m) {
        return select(y, m, true);
    }

    /**
     * As {@link #select(double[], int)}; {@code thorough = false} fits without the final polish
     * (see {@link EtsEstimator#fit(double[], int, EtsType, boolean)}), for backtest refits.
     */
    public static Selection select(double[] y, int m, boolean thorough) {
        boolean positive = true;
        for (double v : y) {
            positive &= v > 0;
        }
        double strength = m >= 2 && y.length >= 2 * m ? seasonalStrength(y, m) : Double.NaN;
        List<EtsType> types = EtsType.admissible(m, positive);
        List<Candidate> profiles = IntStream.range(0, types.size()).parallel()
                .mapToObj(i -> fitOne(y, m, types.get(i), thorough)).toList();
        boolean strongProfile = strength >= STRONG_SEASON
                && profiles.stream().anyMatch(c -> c.type().seasonal() && c.fit().isPresent());
        List<EtsType> toRefine = profiles.stream().filter(c -> c.fit().isPresent() && !c.exact())
                .filter(c -> !strongProfile || c.type().seasonal())
                .sorted(Comparator.comparingDouble(Candidate::aicc)).limit(REFINED).map(Candidate::type).toList();
        List<Candidate> candidates = profiles.parallelStream()
                .map(c -> toRefine.contains(c.type()) ? refineOne(y, m, c, thorough) : c).toList();
        boolean strong = strength >= STRONG_SEASON
                && candidates.stream().anyMatch(c -> c.type().seasonal() && c.fit().isPresent());
        Candidate best = candidates.stream().filter(c -> c.fit().isPresent())
                .filter(c -> !strong || c.type().seasonal())
                .min(Comparator.comparingDouble(Candidate::aicc))
                .orElseThrow(() -> new IllegalArgumentException("no ETS model could be fitted to " + y.length
                        + " points: " + candidates.get(0).error()));
        Candidate bestOverall = candidates.stream().filter(c -> c.fit().isPresent())
                .min(Comparator.comparingDouble(Candidate::aicc)).orElseThrow();
        String reason = String.format(Locale.ROOT, "lowest AICc (%.2f) of %d fitted ETS models", best.aicc(),
                candidates.stream().filter(c -> c.fit().isPresent()).count());
        if (strong && bestOverall != best) {
            reason += String.format(Locale.ROOT, " restricted to seasonal ones (seasonal strength %.2f >= %.2f;"
                    + " %s had AICc %.2f)", strength, STRONG_SEASON, bestOverall.type(), bestOverall.aicc());
        }
        return new Selection(List.copyOf(candidates), best.fit().orElseThrow(), strength, strong, reason);
    }

    private static Candidate fitOne(double[] y, int m, EtsType t, boolean thorough) {
        if (t.seasonal() && y.length < EtsEstimator.minPoints(t, m)) {
            return new Candidate(t, Optional.empty(), "needs " + EtsEstimator.minPoints(t, m) + " points", true);
        }
        try {
            return new Candidate(t, Optional.of(EtsEstimator.profileFit(y, m, t, thorough)), null,
                    EtsEstimator.profileIsExact(t));
        } catch (IllegalArgumentException e) {
            return new Candidate(t, Optional.empty(), e.getMessage(), true);
        }
    }

    private static Candidate refineOne(double[] y, int m, Candidate c, boolean thorough) {
        try {
            EtsFit fit = EtsEstimator.refine(y, m, c.fit().orElseThrow(), thorough);
            return new Candidate(c.type(), Optional.of(fit), null, true);
        } catch (IllegalArgumentException e) {
            return c;
        }
    }

    /**
     * Seasonal strength F_s = max(0, 1 - Var(R) / Var(S + R)) of Wang, Smith &amp; Hyndman (2006),
     * as in Hyndman &amp; Athanasopoulos (fpp3, section 4.3), from a classical additive
     * decomposition (centred moving-average trend T, per-phase mean S of y - T, remainder R) of
     * log(y) when y is strictly positive (a multiplicative season becomes additive), else of y.
     * 0 = no season, 1 = all variation beyond the trend is seasonal.
     *
     * @throws IllegalArgumentException if m < 2 or y has fewer than 2m points
     */
    public static double seasonalStrength(double[] y, int m) {
        if (m < 2 || y.length < 2 * m) {
            throw new IllegalArgumentException(
                    "seasonal strength needs m >= 2 and 2m points, got m=" + m + ", n=" + y.length);
        }
        boolean positive = true;
        for (double v : y) {
            positive &= v > 0;
        }
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = positive ? Math.log(y[i]) : y[i];
        }
        int half = m / 2;
        int n = x.length;
        double[] detr = new double[n];
        boolean[] has = new boolean[n];
        double[] sum = new double[m];
        int[] count = new int[m];
        for (int i = half; i + half < n; i++) {
            double s;
            if (m % 2 == 0) {
                s = 0.5 * (x[i - half] + x[i + half]);
                for (int k = i - half + 1; k < i + half; k++) {
                    s += x[k];
                }
            } else {
                s = 0;
                for (int k = i - half; k <= i + half; k++) {
                    s += x[k];
                }
            }
            detr[i] = x[i] - s / m;
            has[i] = true;
            sum[i % m] += detr[i];
            count[i % m]++;
        }
        double[] fig = new double[m];
        double mean = 0;
        for (int j = 0; j < m; j++) {
            fig[j] = count[j] > 0 ? sum[j] / count[j] : 0;
            mean += fig[j] / m;
        }
        double sr = 0;
        double sr2 = 0;
        double r = 0;
        double r2 = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!has[i]) {
                continue;
            }
            double season = fig[i % m] - mean;
            double rem = detr[i] - season;
            sr += detr[i];
            sr2 += detr[i] * detr[i];
            r += rem;
            r2 += rem * rem;
            k++;
        }
        double varSR = sr2 / k - (sr / k) * (sr / k);
        double varR = r2 / k - (r / k) * (r / k);
        return varSR > 0 ? Math.max(0, 1 - varR / varSR) : 0;
    }
}
