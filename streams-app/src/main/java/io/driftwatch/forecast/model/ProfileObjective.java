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
 * -logLik of an {@link EtsType} model over its smoothing parameters alone (alpha, beta* = beta /
 * alpha, gamma* = gamma / (1 - alpha), phi: 1 to 4 dimensions, each mapped onto its bounds by a
 * logistic function so that Nelder-Mead searches an unbounded space and can reach optima at a
 * bound, as they often are), the initial states being a
 * function of them: the least-squares states of {@link LinearStates} when the state update is
 * linear (season N or A), else fixed at {@link InitialStates#heuristic}. With additive error and
 * a linear update this is the profile likelihood, whose maximum is the maximum likelihood
 * estimate; otherwise it is a cheap approximation and a starting point for {@link EtsEstimator}'s
 * search over all parameters.
 *
 * <p>Outside R's admissible region ({@link Admissibility}) the value is
 * {@link EtsEstimator#BAD}. Remembers the best point and its states. Mutable, not thread-safe.
 */
final class ProfileObjective implements MultivariateFunction {

    /** Grid points Nelder-Mead starts from. */
    static final int GRID_STARTS = 2;

    final EtsType type;
    final int dim;
    private final double[] y;
    private final int m;
    private final EtsCalc calc;
    private final Admissibility admissible;
    private final LinearStates linear;
    private final double[] base;
    private final double[] states;
    private final double[] seasonals;
    private final int iBeta;
    private final int iGamma;
    private final int iPhi;
    private final double[] best;
    private final double[] bestStates;
    private double bestValue = Double.POSITIVE_INFINITY;
    private int evaluations;

    /** For y (validated), season length m (1 when not seasonal) and the model; states as the class comment says. */
    ProfileObjective(double[] y, int m, EtsType type) {
        this(y, m, type, null);
    }

    /** As above, but with the initial states fixed at {@code fixedStates} ({l0, b0, s...}) when not null. */
    ProfileObjective(double[] y, int m, EtsType type, double[] fixedStates) {
        this.y = y;
        this.m = m;
        this.type = type;
        this.calc = new EtsCalc(type, m);
        this.admissible = new Admissibility(m);
        this.linear = type.season() == EtsType.Season.M || fixedStates != null ? null : new LinearStates(y, m, type);
        this.base = fixedStates != null ? fixedStates.clone() : InitialStates.heuristic(y, m, type);
        this.states = new double[2 + (type.seasonal() ? m : 0)];
        this.seasonals = new double[m];
        int i = 1;
        iBeta = type.hasTrend() ? i++ : -1;
        iGamma = type.seasonal() ? i++ : -1;
        iPhi = type.damped() ? i++ : -1;
        dim = i;
        best = new double[dim];
        bestStates = states.clone();
    }

    /**
     * The search: a coarse grid (alpha in {0.1, 0.5, 0.9}, beta* in {0.05, 0.5, 0.95}, gamma* in
     * {0.05, 0.5, 0.95}, phi in {0.82, 0.97}, as the model has them), Nelder-Mead from the
     * {@value #GRID_STARTS}
     * best grid points and from each of {@code starts} ({alpha, beta, gamma, phi}), then a restart
     * from the best point. The likelihood of these models often has several local maxima (e.g. a
     * fast level with a fixed season against a slow level with a fast season, or a slow level
     * whose trend moves with it, beta* near 1, against a faster level with a stiffer trend).
     */
    void search(int evalsPerDim, int restartEvalsPerDim, double[]... starts) {
        double[] alphas = {0.1, 0.5, 0.9};
        double[] betas = iBeta >= 0 ? new double[] {0.05, 0.5, 0.95} : new double[] {0};
        double[] gammas = iGamma >= 0 ? new double[] {0.05, 0.5, 0.95} : new double[] {0};
        double[] phis = iPhi >= 0 ? new double[] {0.82, 0.97} : new double[] {1};
        int count = alphas.length * betas.length * gammas.length * phis.length;
        double[][] grid = new double[count][];
        double[] values = new double[count];
        int k = 0;
        for (double a : alphas) {
            for (double b : betas) {
                for (double g : gammas) {
                    for (double ph : phis) {
                        grid[k] = new double[] {a, a * b, (1 - a) * g, ph};
                        values[k] = value(toUnbounded(grid[k]));
                        k++;
                    }
                }
            }
        }
        for (int pick = 0; pick < Math.min(GRID_STARTS, count); pick++) {
            int arg = 0;
            for (int i = 1; i < count; i++) {
                if (values[i] < values[arg]) {
                    arg = i;
                }
            }
            if (!(values[arg] < EtsEstimator.BAD)) {
                break;
            }
            values[arg] = Double.POSITIVE_INFINITY;
            minimise(toUnbounded(grid[arg]), evalsPerDim);
        }
        for (double[] st : starts) {
            minimise(toUnbounded(st), evalsPerDim);
        }
        restart(restartEvalsPerDim);
    }

    /** Nelder-Mead from {alpha, beta, gamma, phi} (natural units), at most {@code evalsPerDim * dim} evaluations. */
    void minimiseFrom(double[] params, int evalsPerDim) {
        minimise(toUnbounded(params), evalsPerDim);
    }

    /** The unbounded coordinates of {alpha, beta, gamma, phi} (clamped a little inside the bounds). */
    private double[] toUnbounded(double[] params) {
        double[] x = new double[dim];
        x[0] = params[0];
        if (iBeta >= 0) {
            x[iBeta] = params[1] / params[0];
        }
        if (iGamma >= 0) {
            x[iGamma] = params[2] / (1 - params[0]);
        }
        if (iPhi >= 0) {
            x[iPhi] = params[3];
        }
        double[] u = new double[dim];
        for (int i = 0; i < dim; i++) {
            u[i] = EtsEstimator.toUnbounded(x[i], lower(i), upper(i));
        }
        return u;
    }

    /** Nelder-Mead again from the best point so far (a collapsed simplex recovers). */
    void restart(int evalsPerDim) {
        if (bestValue < EtsEstimator.BAD) {
            minimise(best.clone(), evalsPerDim);
        }
    }

    private double lower(int i) {
        return i == iPhi ? EtsEstimator.PHI_LOWER : EtsEstimator.LOWER;
    }

    private double upper(int i) {
        return i == iPhi ? EtsEstimator.PHI_UPPER : EtsEstimator.UPPER;
    }

    /** The natural parameter i (alpha, beta*, gamma*, phi) of unbounded coordinate u: logistic onto its bounds. */
    private double natural(int i, double u) {
        return lower(i) + (upper(i) - lower(i)) / (1 + Math.exp(-u));
    }

    private void minimise(double[] start, int evalsPerDim) {
        double[] steps = new double[dim];
        Arrays.fill(steps, 1.0);
        try {
            new SimplexOptimizer(new SimpleValueChecker(1e-8, 1e-6)).optimize(new MaxEval(evalsPerDim * dim),
                    new ObjectiveFunction(this), GoalType.MINIMIZE, new InitialGuess(start),
                    new NelderMeadSimplex(steps));
        } catch (MathIllegalStateException e) {
            // evaluation budget spent: keep the best point seen
        }
    }

    @Override
    public double value(double[] x) {
        evaluations++;
        double v = evaluate(x);
        if (v < bestValue) {
            bestValue = v;
            System.arraycopy(x, 0, best, 0, dim);
            System.arraycopy(states, 0, bestStates, 0, states.length);
        }
        return v;
    }

    private double evaluate(double[] u) {
        double alpha = natural(0, u[0]);
        double beta = iBeta >= 0 ? alpha * natural(iBeta, u[iBeta]) : 0;
        double gamma = iGamma >= 0 ? (1 - alpha) * natural(iGamma, u[iGamma]) : 0;
        double phi = iPhi >= 0 ? natural(iPhi, u[iPhi]) : 1;
        if (!admissible.test(type, alpha, beta, gamma, phi)) {
            return EtsEstimator.BAD;
        }
        if (linear == null) {
            System.arraycopy(base, 0, states, 0, states.length);
        } else if (!linear.solve(alpha, beta, gamma, phi, base, states)) {
            return EtsEstimator.BAD;
        }
        if (linear != null && type.error() == EtsType.Error.A) {
            double sse = linear.sse(); // additive error: the likelihood is a function of the SSE alone
            if (sse > 0) {
                return -EtsCalc.concentrated(sse, y.length);
            }
        }
        if (type.seasonal()) {
            System.arraycopy(states, 2, seasonals, 0, m);
        }
        calc.setParams(alpha, beta, gamma, phi);
        double ll = calc.logLik(y, states[0], states[1], seasonals);
        if (!Double.isFinite(ll) && linear != null && type.error() == EtsType.Error.M) {
            // least-squares states can make a one-step forecast non-positive: the heuristic ones instead
            System.arraycopy(base, 0, states, 0, states.length);
            if (type.seasonal()) {
                System.arraycopy(states, 2, seasonals, 0, m);
            }
            ll = calc.logLik(y, states[0], states[1], seasonals);
        }
        return Double.isFinite(ll) ? -ll : EtsEstimator.BAD;
    }

    /** The best -logLik seen ({@link EtsEstimator#BAD} or more when nothing was admissible). */
    double bestValue() {
        return bestValue;
    }

    /** Likelihood evaluations so far. */
    int evaluations() {
        return evaluations;
    }

    /** The best point's {alpha, beta, gamma, phi}. */
    double[] bestParams() {
        double alpha = natural(0, best[0]);
        double beta = iBeta >= 0 ? alpha * natural(iBeta, best[iBeta]) : 0;
        double gamma = iGamma >= 0 ? (1 - alpha) * natural(iGamma, best[iGamma]) : 0;
        double phi = iPhi >= 0 ? natural(iPhi, best[iPhi]) : 1;
        return new double[] {alpha, beta, gamma, phi};
    }

    /** The model at the best point. */
    EtsFit toFit() {
        double[] q = bestParams();
        double alpha = q[0];
        double beta = q[1];
        double gamma = q[2];
        double phi = q[3];
        double[] s = new double[type.seasonal() ? m : 0];
        System.arraycopy(bestStates, 2, s, 0, s.length);
        return EtsFit.of(y, m, type, alpha, beta, gamma, phi, bestStates[0], bestStates[1], s);
    }
}
