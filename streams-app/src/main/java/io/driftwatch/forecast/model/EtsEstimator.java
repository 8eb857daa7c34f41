package io.driftwatch.forecast.model;

import java.util.Arrays;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.exception.NumberIsTooSmallException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Fits an {@link EtsType} model by maximum likelihood, as R's {@code forecast::ets} does: the
 * smoothing parameters and the initial states (level, trend, m - 1 seasonal indices; the last one
 * makes additive indices sum to 0 and multiplicative ones to m) maximise the Gaussian likelihood
 * of {@link EtsCalc#logLik}.
 *
 * <p>Constraints, the "usual" region of R's {@code ets} in the box form statsmodels'
 * {@code ETSModel} uses: alpha in [1e-4, 0.9999], beta = alpha beta* and gamma = (1 - alpha)
 * gamma* with beta*, gamma* in [1e-4, 0.9999] (so 0 < beta < alpha, 0 < gamma < 1 - alpha),
 * phi in [0.8, 0.98]; multiplicative seasonal indices positive; multiplicative models need every
 * one-step forecast positive. A point outside scores as a very bad likelihood, so the optimiser
 * moves away (R does the same). R's additional "admissible" eigenvalue check is not applied.
 *
 * <p>Optimiser: commons-math Nelder-Mead on scaled coordinates (smoothing parameters as they are,
 * states divided by the data's scale) from {@value #STARTS} starts (R's {@code initparam}
 * values, a middle set, a fast-level/slow-season set; 60 evaluations per dimension each), all
 * with R's {@code initstate} heuristic states (a classical decomposition of the first three
 * seasons and a regression on the first max(10, 2m) adjusted points); then a Nelder-Mead restart
 * from the best point (100 per dimension; it lets a collapsed simplex recover) and, when
 * thorough, a BOBYQA polish within the box (dim + 2 interpolation points, 100 evaluations per
 * dimension). The best point seen wins.
 * Deterministic: the same data give the same fit.
 */
public final class EtsEstimator {

    static final double LOWER = 1e-4;
    static final double UPPER = 0.9999;
    static final double PHI_LOWER = 0.8;
    static final double PHI_UPPER = 0.98;
    static final int STARTS = 3;
    private static final double BAD = 1e12;
    private static final int START_EVALS_PER_DIM = 60;
    private static final int FULL_EVALS_PER_DIM = 100;
    private static final int POLISH_EVALS_PER_DIM = 100;
    private static final double STATE_BOUND = 1e4;

    private EtsEstimator() {
    }

    /** The minimum number of points to fit a model: more than its parameters + 3, and two seasons when seasonal. */
    public static int minPoints(EtsType type, int m) {
        int k = paramCount(type, m) + 1;
        return Math.max(k + 3, type.seasonal() ? 2 * m : 3);
    }

    /** Number of estimated parameters (smoothing, damping and free initial states; sigma not included). */
    public static int paramCount(EtsType type, int m) {
        int k = 2; // alpha, l0
        if (type.hasTrend()) {
            k += 2;
        }
        if (type.damped()) {
            k += 1;
        }
        if (type.seasonal()) {
            k += 1 + (m - 1);
        }
        return k;
    }

    /**
     * The log-likelihood at given parameters and initial states (seasonals oldest first, all m).
     */
    public static double logLik(double[] y, int m, EtsType type, double alpha, double beta, double gamma, double phi,
                                double l0, double b0, double[] seasonals) {
        EtsCalc c = new EtsCalc(type, m);
        c.setParams(alpha, beta, gamma, phi);
        return c.logLik(y, l0, b0, seasonals);
    }

    /**
     * Fits the model.
     *
     * @param y the data, oldest first, finite (strictly positive for multiplicative error or season)
     * @param m season length (ignored for non-seasonal types)
     * @throws IllegalArgumentException if the data is too short or does not suit the model
     */
    public static EtsFit fit(double[] y, int m, EtsType type) {
        return fit(y, m, type, true);
    }

    /**
     * Fits the model; {@code thorough = false} skips the BOBYQA polish (several times cheaper, the
     * likelihood typically within 1 of the thorough fit's), for the many refits of a backtest.
     *
     * @see #fit(double[], int, EtsType)
     */
    public static EtsFit fit(double[] y, int m, EtsType type, boolean thorough) {
        int mm = type.seasonal() ? m : 1;
        if (type.seasonal() && m < 2) {
            throw new IllegalArgumentException(type + " needs a season length >= 2, got " + m);
        }
        if (y.length < minPoints(type, mm)) {
            throw new IllegalArgumentException(
                    type + " needs at least " + minPoints(type, mm) + " points, got " + y.length);
        }
        if (type.error() == EtsType.Error.M || type.season() == EtsType.Season.M) {
            for (double v : y) {
                if (!(v > 0)) {
                    throw new IllegalArgumentException(type + " needs strictly positive data, got " + v);
                }
            }
        }
        Objective f = new Objective(y, mm, type);
        double[] init = InitialStates.heuristic(y, mm, type);
        for (int i = 0; i < STARTS; i++) {
            f.minimise(f.start(startParams(type, mm, i), init), START_EVALS_PER_DIM * f.dim);
        }
        f.minimise(f.best.clone(), FULL_EVALS_PER_DIM * f.dim);
        if (thorough) {
            f.polish();
        }
        if (!(f.bestValue < BAD)) {
            throw new IllegalArgumentException(type + ": no admissible parameters found (the likelihood is undefined "
                    + "everywhere tried); the data does not suit this model");
        }
        return f.toFit();
    }

    /**
     * Starting smoothing parameters {alpha, beta, gamma, phi}: 0 = R's initparam, 1 = a middle
     * set, 2 = a fast level with slow trend and season (where multiplicative seasonal models of
     * trending series often have their optimum).
     */
    private static double[] startParams(EtsType type, int m, int which) {
        return switch (which) {
            case 0 -> {
                double alpha = LOWER + 0.2 * (UPPER - LOWER) / m;
                yield new double[] {alpha, LOWER + 0.1 * (alpha - LOWER), LOWER + 0.05 * (1 - alpha - LOWER),
                    PHI_LOWER + 0.99 * (PHI_UPPER - PHI_LOWER)};
            }
            case 1 -> new double[] {0.5, 0.05, 0.1, 0.9};
            default -> new double[] {0.8, 0.008, 0.002, 0.97};
        };
    }

    /** -logLik over the free parameters in scaled coordinates; remembers the best point. */
    private static final class Objective implements MultivariateFunction {
        final double[] y;
        final int m;
        final EtsType type;
        final EtsCalc calc;
        final double[] scale;
        final double[] seasonals;
        final int dim;
        final int iBeta;
        final int iGamma;
        final int iPhi;
        final int iLevel;
        final int iTrend;
        final int iSeason;
        final double[] lower;
        final double[] upper;
        double[] best;
        double bestValue = Double.POSITIVE_INFINITY;

        Objective(double[] y, int m, EtsType type) {
            this.y = y;
            this.m = m;
            this.type = type;
            this.calc = new EtsCalc(type, m);
            this.seasonals = new double[m];
            int i = 1;
            iBeta = type.hasTrend() ? i++ : -1;
            iGamma = type.seasonal() ? i++ : -1;
            iPhi = type.damped() ? i++ : -1;
            iLevel = i++;
            iTrend = type.hasTrend() ? i++ : -1;
            iSeason = type.seasonal() ? i : -1;
            dim = type.seasonal() ? i + m - 1 : i;
            scale = new double[dim];
            double sd = dataScale(y);
            Arrays.fill(scale, 1.0);
            scale[iLevel] = sd;
            if (iTrend >= 0) {
                scale[iTrend] = sd / Math.max(10, m);
            }
            if (iSeason >= 0) {
                for (int j = 0; j < m - 1; j++) {
                    scale[iSeason + j] = type.season() == EtsType.Season.M ? 0.5 : sd;
                }
            }
            best = new double[dim];
            lower = new double[dim];
            upper = new double[dim];
            for (int j = 0; j < dim; j++) {
                boolean smoothing = j < iLevel;
                lower[j] = smoothing ? (j == iPhi ? PHI_LOWER : LOWER) : -STATE_BOUND;
                upper[j] = smoothing ? (j == iPhi ? PHI_UPPER : UPPER) : STATE_BOUND;
            }
        }

        /** A local polish of the best point by BOBYQA within the box (smoothing bounds, states within +-1e4 scales). */
        void polish() {
            double[] start = best.clone();
            for (int j = 0; j < dim; j++) {
                start[j] = Math.min(upper[j], Math.max(lower[j], start[j]));
            }
            try {
                new BOBYQAOptimizer(dim + 2, 0.02, 1e-7).optimize(new MaxEval(POLISH_EVALS_PER_DIM * dim),
                        new ObjectiveFunction(this), GoalType.MINIMIZE, new InitialGuess(start),
                        new SimpleBounds(lower, upper));
            } catch (MathIllegalStateException | NumberIsTooSmallException e) {
                // keep the best point seen
            }
        }

        /** A start in scaled coordinates from smoothing params {alpha, beta, gamma, phi} and states {l0, b0, s...}. */
        double[] start(double[] p, double[] states) {
            double[] x = new double[dim];
            x[0] = p[0];
            if (iBeta >= 0) {
                x[iBeta] = p[1] / p[0];
            }
            if (iGamma >= 0) {
                x[iGamma] = p[2] / (1 - p[0]);
            }
            if (iPhi >= 0) {
                x[iPhi] = p[3];
            }
            x[iLevel] = states[0] / scale[iLevel];
            if (iTrend >= 0) {
                x[iTrend] = states[1] / scale[iTrend];
            }
            for (int j = 0; iSeason >= 0 && j < m - 1; j++) {
                x[iSeason + j] = states[2 + j] / scale[iSeason + j];
            }
            return x;
        }

        void minimise(double[] start, int evals) {
            double[] steps = new double[dim];
            for (int i = 0; i < dim; i++) {
                steps[i] = i < iLevel ? 0.05 : 0.1;
            }
            try {
                new SimplexOptimizer(new SimpleValueChecker(1e-9, 1e-9)).optimize(new MaxEval(evals),
                        new ObjectiveFunction(this), GoalType.MINIMIZE, new InitialGuess(start),
                        new NelderMeadSimplex(steps));
            } catch (MathIllegalStateException e) {
                // evaluation budget spent: keep the best point seen (tracked in value())
            }
        }

        @Override
        public double value(double[] x) {
            double v = evaluate(x);
            if (v < bestValue) {
                bestValue = v;
                System.arraycopy(x, 0, best, 0, dim);
            }
            return v;
        }

        private double evaluate(double[] x) {
            for (int i = 0; i < iLevel; i++) {
                if (x[i] < lower[i] || x[i] > upper[i]) {
                    return BAD;
                }
            }
            double alpha = x[0];
            double beta = iBeta >= 0 ? alpha * x[iBeta] : 0;
            double gamma = iGamma >= 0 ? (1 - alpha) * x[iGamma] : 0;
            double phi = iPhi >= 0 ? x[iPhi] : 1;
            if (!fillSeasonals(x)) {
                return BAD;
            }
            calc.setParams(alpha, beta, gamma, phi);
            double ll =
                    calc.logLik(y, x[iLevel] * scale[iLevel], iTrend >= 0 ? x[iTrend] * scale[iTrend] : 0, seasonals);
            return Double.isFinite(ll) ? -ll : BAD;
        }

        /** Fills all m seasonals from the m - 1 free ones; false if a multiplicative index is not positive. */
        private boolean fillSeasonals(double[] x) {
            if (iSeason < 0) {
                return true;
            }
            boolean mult = type.season() == EtsType.Season.M;
            double sum = 0;
            for (int j = 0; j < m - 1; j++) {
                seasonals[j] = x[iSeason + j] * scale[iSeason + j];
                sum += seasonals[j];
            }
            seasonals[m - 1] = (mult ? m : 0) - sum;
            if (mult) {
                for (double v : seasonals) {
                    if (!(v > 0)) {
                        return false;
                    }
                }
            }
            return true;
        }

        EtsFit toFit() {
            double[] x = best;
            double alpha = x[0];
            double beta = iBeta >= 0 ? alpha * x[iBeta] : 0;
            double gamma = iGamma >= 0 ? (1 - alpha) * x[iGamma] : 0;
            double phi = iPhi >= 0 ? x[iPhi] : 1;
            fillSeasonals(x);
            double l0 = x[iLevel] * scale[iLevel];
            double b0 = iTrend >= 0 ? x[iTrend] * scale[iTrend] : 0;
            return EtsFit.of(
                    y, m, type, alpha, beta, gamma, phi, l0, b0, type.seasonal() ? seasonals.clone() : new double[0]);
        }
    }

    /** A positive scale of the data: its standard deviation, else its mean magnitude, else 1. */
    static double dataScale(double[] y) {
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= y.length;
        double var = 0;
        for (double v : y) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / Math.max(1, y.length - 1));
        if (sd > 0) {
            return sd;
        }
        return Math.abs(mean) > 0 ? Math.abs(mean) : 1.0;
    }
}
