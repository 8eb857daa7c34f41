package io.driftwatch.forecast.model;

import java.util.Arrays;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleValueChecker;
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
 * <p>Constraints, R's default {@code bounds = "both"}: the "usual" region in the box form
 * statsmodels' {@code ETSModel} uses (alpha in [1e-4, 0.9999], beta = alpha beta* and gamma =
 * (1 - alpha) gamma* with beta*, gamma* in [1e-4, 0.9999], so 0 &lt; beta &lt; alpha and 0 &lt; gamma
 * &lt; 1 - alpha; phi in [0.8, 0.98]) and R's "admissible" region ({@link Admissibility}: the
 * roots of the characteristic polynomial of a seasonal model within the unit circle);
 * multiplicative seasonal indices positive; multiplicative models need every one-step forecast
 * positive. A point outside scores as a very bad likelihood, so the optimiser moves away (R does
 * the same).
 *
 * <p>The search, in two stages:
 * <ol>
 *   <li><b>Profile</b> ({@link ProfileObjective}): Nelder-Mead over the 1-4 smoothing and damping
 *       parameters only, from {@value #STARTS} starts (R's {@code initparam} values, a middle set, a
 *       fast-level/slow-season set; {@value #PROFILE_EVALS_PER_DIM} evaluations per dimension
 *       each), then a restart from the best point. The initial states are the least-squares ones
 *       given the parameters ({@link LinearStates}) when the state update is linear (season N or
 *       A), else R's {@code initstate} heuristic ({@link InitialStates}). For additive error with
 *       a linear update this is the exact maximum likelihood fit: the search ends here. For the
 *       others the states are then polished ({@link StatePolish}) at the best parameters, so that
 *       the stage's likelihood, which ranks them in {@link AutoEts}, is not far below their
 *       maximum.</li>
 *   <li><b>Full</b> (multiplicative error or season): Nelder-Mead over all parameters (states
 *       scaled by the data's spread) from the profile stage's best point,
 *       {@value #FULL_EVALS_PER_DIM} evaluations per dimension; thorough, a second such run from
 *       the best point when the first spent its budget before converging (on the evaluation set
 *       of docs/forecaster.md a restart after a converged run gained at most 0.007 of
 *       log-likelihood, after an unconverged one up to 0.95).</li>
 * </ol>
 * The best point seen wins. Deterministic: the same data give the same fit.
 */
public final class EtsEstimator {

    static final double LOWER = 1e-4;
    static final double UPPER = 0.9999;
    static final double PHI_LOWER = 0.8;
    static final double PHI_UPPER = 0.98;
    static final int STARTS = 3;
    static final double BAD = 1e12;
    static final int PROFILE_EVALS_PER_DIM = 40;
    static final int FULL_EVALS_PER_DIM = 100;
    static final int POLISH_ROUNDS = 2;
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
     * Fits the model; {@code thorough = false} runs the full stage's search once, never restarting
     * it (no difference for additive error without multiplicative season), for the many refits of
     * a backtest.
     *
     * @see #fit(double[], int, EtsType)
     */
    public static EtsFit fit(double[] y, int m, EtsType type, boolean thorough) {
        EtsFit profile = profileFit(y, m, type, thorough);
        return profileIsExact(type) ? profile : refine(y, m, profile, thorough);
    }

    /** True when {@link #profileFit} is already the maximum likelihood fit (additive error, season N or A). */
    static boolean profileIsExact(EtsType type) {
        return type.error() == EtsType.Error.A && type.season() != EtsType.Season.M;
    }

    /**
     * The profile stage alone: the maximum likelihood fit when {@link #profileIsExact}, else a
     * cheap approximation (its likelihood a lower bound of the maximum), for ranking.
     *
     * @throws IllegalArgumentException as {@link #fit(double[], int, EtsType)}
     */
    static EtsFit profileFit(double[] y, int m, EtsType type, boolean thorough) {
        int mm = type.seasonal() ? m : 1;
        validate(y, m, type, mm);
        ProfileObjective f = new ProfileObjective(y, mm, type);
        f.search(PROFILE_EVALS_PER_DIM, PROFILE_EVALS_PER_DIM * (thorough ? 2 : 1), startParams(type, mm, 0));
        if (!(f.bestValue() < BAD)) {
            throw noFit(type);
        }
        EtsFit fit = f.toFit();
        return profileIsExact(type) ? fit : polished(y, mm, fit);
    }

    /**
     * The fit with its initial states polished ({@link StatePolish}) at its parameters, when that
     * raises the likelihood: the profile stage's states of a model with multiplicative error or
     * season are a heuristic or least-squares guess, and its likelihood, which ranks the members
     * for the full stage, can be far below the maximum (tens of log-likelihood units for a
     * multiplicative season) without them.
     */
    private static EtsFit polished(double[] y, int m, EtsFit fit) {
        double[] states = initialStates(fit);
        double ll = new StatePolish(y, m, fit.type()).polish(fit.alpha(), fit.beta(), fit.gamma(), fit.phi(), states);
        if (!(ll > fit.logLik())) {
            return fit;
        }
        return EtsFit.of(y, m, fit.type(), fit.alpha(), fit.beta(), fit.gamma(), fit.phi(), states[0], states[1],
                Arrays.copyOfRange(states, 2, states.length));
    }

    /** {l0, b0, s_0..s_{m-1}} of a fit. */
    private static double[] initialStates(EtsFit fit) {
        double[] seas = fit.initialSeasonals();
        double[] states = new double[2 + seas.length];
        states[0] = fit.initialLevel();
        states[1] = fit.initialTrend();
        System.arraycopy(seas, 0, states, 2, seas.length);
        return states;
    }

    /**
     * The full stage: the search over all parameters from {@code start}'s parameters and states.
     * Never worse than start.
     */
    static EtsFit refine(double[] y, int m, EtsFit start, boolean thorough) {
        EtsType type = start.type();
        int mm = type.seasonal() ? m : 1;
        double[] states = initialStates(start);
        double[] params = {start.alpha(), start.beta(), start.gamma(), start.phi()};
        StatePolish polish = new StatePolish(y, mm, type);
        double[] slow = {params[0], LOWER * params[0], LOWER * (1 - params[0]), params[3]};
        double[] statesSlow = states.clone();
        double llSlow = alternate(y, mm, type, polish, slow, statesSlow);
        double ll = alternate(y, mm, type, polish, params, states);
        if (llSlow > ll || Double.isNaN(ll) && !Double.isNaN(llSlow)) {
            params = slow;
            states = statesSlow;
        }
        Objective f = new Objective(y, mm, type);
        double[] x = f.start(params, states);
        f.value(x);
        boolean converged = f.minimise(x, FULL_EVALS_PER_DIM * f.dim);
        if (thorough && !converged) {
            f.minimise(f.best.clone(), FULL_EVALS_PER_DIM * f.dim);
        }
        if (!(f.bestValue < BAD)) {
            return start;
        }
        EtsFit fit = f.toFit();
        return fit.logLik() >= start.logLik() ? fit : start;
    }

    /**
     * Alternates {@link StatePolish} (states for fixed parameters) and {@link ProfileObjective}
     * with fixed states (parameters for fixed states), {@value #POLISH_ROUNDS} rounds, from and
     * into {@code params} and {@code states}; returns the log-likelihood reached.
     */
    private static double alternate(double[] y, int m, EtsType type, StatePolish polish, double[] params,
                                    double[] states) {
        double ll = Double.NaN;
        for (int round = 0; round < POLISH_ROUNDS; round++) {
            polish.polish(params[0], params[1], params[2], params[3], states);
            ProfileObjective p = new ProfileObjective(y, m, type, states);
            p.search(PROFILE_EVALS_PER_DIM, PROFILE_EVALS_PER_DIM, params);
            if (p.bestValue() < BAD) {
                System.arraycopy(p.bestParams(), 0, params, 0, 4);
                ll = -p.bestValue();
            }
        }
        double last = polish.polish(params[0], params[1], params[2], params[3], states);
        return Double.isFinite(last) ? last : ll;
    }

    private static IllegalArgumentException noFit(EtsType type) {
        return new IllegalArgumentException(type + ": no admissible parameters found (the likelihood is undefined "
                + "everywhere tried); the data does not suit this model");
    }

    private static void validate(double[] y, int m, EtsType type, int mm) {
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

    /**
     * -logLik over all free parameters: smoothing ones mapped onto their bounds by a logistic
     * function (as in {@link ProfileObjective}), states divided by the data's scale; remembers the
     * best point.
     */
    private static final class Objective implements MultivariateFunction {
        final double[] y;
        final int m;
        final EtsType type;
        final EtsCalc calc;
        final Admissibility admissible;
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
            this.admissible = new Admissibility(m);
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
            for (int j = 0; j < iLevel; j++) {
                x[j] = toUnbounded(x[j], lower[j], upper[j]);
            }
            return x;
        }

        /** Nelder-Mead from start; false when it spent its budget before converging. */
        boolean minimise(double[] start, int evals) {
            double[] steps = new double[dim];
            for (int i = 0; i < dim; i++) {
                steps[i] = i < iLevel ? 0.5 : 0.1;
            }
            try {
                new SimplexOptimizer(new SimpleValueChecker(1e-9, 1e-9)).optimize(new MaxEval(evals),
                        new ObjectiveFunction(this), GoalType.MINIMIZE, new InitialGuess(start),
                        new NelderMeadSimplex(steps));
                return true;
            } catch (MathIllegalStateException e) {
                return false; // evaluation budget spent: keep the best point seen (tracked in value())
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
            double alpha = natural(x, 0);
            double beta = iBeta >= 0 ? alpha * natural(x, iBeta) : 0;
            double gamma = iGamma >= 0 ? (1 - alpha) * natural(x, iGamma) : 0;
            double phi = iPhi >= 0 ? natural(x, iPhi) : 1;
            if (!admissible.test(type, alpha, beta, gamma, phi) || !fillSeasonals(x)) {
                return BAD;
            }
            calc.setParams(alpha, beta, gamma, phi);
            double ll =
                    calc.logLik(y, x[iLevel] * scale[iLevel], iTrend >= 0 ? x[iTrend] * scale[iTrend] : 0, seasonals);
            return Double.isFinite(ll) ? -ll : BAD;
        }

        /** Smoothing coordinate i of x in natural units (logistic onto its bounds). */
        private double natural(double[] x, int i) {
            return lower[i] + (upper[i] - lower[i]) / (1 + Math.exp(-x[i]));
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
            double alpha = natural(x, 0);
            double beta = iBeta >= 0 ? alpha * natural(x, iBeta) : 0;
            double gamma = iGamma >= 0 ? (1 - alpha) * natural(x, iGamma) : 0;
            double phi = iPhi >= 0 ? natural(x, iPhi) : 1;
            fillSeasonals(x);
            double l0 = x[iLevel] * scale[iLevel];
            double b0 = iTrend >= 0 ? x[iTrend] * scale[iTrend] : 0;
            return EtsFit.of(
                    y, m, type, alpha, beta, gamma, phi, l0, b0, type.seasonal() ? seasonals.clone() : new double[0]);
        }
    }

    /** The logistic coordinate of x in [lo, hi] (clamped a little inside). */
    static double toUnbounded(double x, double lo, double hi) {
        double f = Math.min(1 - 1e-6, Math.max(1e-6, (x - lo) / (hi - lo)));
        return Math.log(f / (1 - f));
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
