package io.driftwatch.forecast.model;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Estimates the smoothing parameters a {@link ModelSpec} leaves as "fitted" by minimising the
 * in-sample one-step SSE, with the initial states held fixed (given, or the simple heuristic).
 *
 * <p>Search space: alpha, beta, gamma in [0, 1]; phi in [0.8, 0.98] (the range fpp3 section 8.2
 * recommends: below 0.8 damping is too strong, above 0.98 it is indistinguishable from undamped).
 * The free parameters are mapped to the unit cube. The SSE surface can have several local minima
 * (e.g. Holt: alpha = 1 with moderate beta vs. smaller alpha with beta = 1), so a coarse grid
 * (5 levels per free parameter for up to 3 of them, 3 levels for 4: at most 125 points) ranks
 * starting points and the best {@value #STARTS} are refined locally by Nelder-Mead (two or more
 * free parameters; the box is enforced by evaluating at the clamped point times a penalty that
 * grows with the distance outside) or Brent (one, within +-0.25 of the start); the best point
 * ever evaluated wins. Nelder-Mead rather than commons-math's BOBYQA: BOBYQA's own bookkeeping
 * cost ~30 us per evaluation, several times the SSE itself on 1095 points.
 * Everything is deterministic: same data, same answer. A non-finite SSE (possible for
 * multiplicative seasons) counts as a huge value so the search moves away.
 */
final class EtsParameterFitter {

    static final double PHI_MIN = 0.8;
    static final double PHI_MAX = 0.98;
    private static final double[] GRID_FINE = {0.05, 0.25, 0.5, 0.75, 0.95};
    private static final double[] GRID_COARSE = {0.1, 0.5, 0.9};
    static final int STARTS = 3;
    private static final double BAD = 1e300;
    private static final int MAX_EVAL = 3000;
    private static final double SIMPLEX_STEP = 0.1;

    private EtsParameterFitter() {
    }

    /**
     * @param spec which parameters are fixed and which are free
     * @param y the data to fit
     * @param init initial states
     * @param rec a recursion of the right structure (its state is overwritten)
     */
    static SmoothingParams fit(ModelSpec spec, double[] y, InitialState init, EtsRecursion rec) {
        Objective f = new Objective(spec, y, init, rec);
        int k = f.free.length;
        if (k > 0) {
            for (double[] start : gridStarts(f, k)) {
                if (k == 1) {
                    refineBrent(f, start[0]);
                } else {
                    refineSimplex(f, start);
                }
            }
        }
        return f.toParams(f.best);
    }

    /** The {@value #STARTS} best grid points, best first (ties keep grid order). */
    private static double[][] gridStarts(Objective f, int k) {
        double[] grid = k <= 3 ? GRID_FINE : GRID_COARSE;
        int combos = (int) Math.pow(grid.length, k);
        double[][] points = new double[combos][k];
        double[] values = new double[combos];
        Integer[] order = new Integer[combos];
        for (int c = 0; c < combos; c++) {
            for (int i = 0, rest = c; i < k; i++, rest /= grid.length) {
                points[c][i] = grid[rest % grid.length];
            }
            values[c] = f.value(points[c]);
            order[c] = c;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double[][] starts = new double[Math.min(STARTS, combos)][];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = points[order[i]];
        }
        return starts;
    }

    private static void refineBrent(Objective f, double start) {
        double[] u = new double[1];
        try {
            new BrentOptimizer(1e-10, 1e-12).optimize(new MaxEval(MAX_EVAL), GoalType.MINIMIZE,
                    new SearchInterval(Math.max(0, start - 0.25), Math.min(1, start + 0.25), start),
                    new UnivariateObjectiveFunction(x -> {
                        u[0] = x;
                        return f.value(u);
                    }));
        } catch (MathIllegalStateException e) {
            // keep the best point seen so far (tracked by the objective)
        }
    }

    private static void refineSimplex(Objective f, double[] start) {
        try {
            new SimplexOptimizer(new SimpleValueChecker(1e-10, 1e-12)).optimize(new MaxEval(MAX_EVAL),
                    new ObjectiveFunction(f), GoalType.MINIMIZE, new InitialGuess(start),
                    new NelderMeadSimplex(start.length, SIMPLEX_STEP));
        } catch (MathIllegalStateException e) {
            // keep the best point seen so far (tracked by the objective)
        }
    }

    /** SSE as a function of the free parameters in unit coordinates; remembers the best point. */
    private static final class Objective implements MultivariateFunction {
        private static final int ALPHA = 0;
        private static final int BETA = 1;
        private static final int GAMMA = 2;
        private static final int PHI = 3;

        private final double[] y;
        private final InitialState init;
        private final EtsRecursion rec;
        private final double[] fixed = new double[4];
        private final int[] free;
        private final double[] p = new double[4];
        private double[] best;
        private double bestValue = Double.POSITIVE_INFINITY;

        Objective(ModelSpec spec, double[] y, InitialState init, EtsRecursion rec) {
            this.y = y;
            this.init = init;
            this.rec = rec;
            Algorithm a = spec.algorithm();
            fixed[ALPHA] = spec.alpha().orElse(Double.NaN);
            fixed[BETA] = a.hasTrend() ? spec.beta().orElse(Double.NaN) : 0.0;
            fixed[GAMMA] = a.seasonality() != Algorithm.Seasonality.NONE ? spec.gamma().orElse(Double.NaN) : 0.0;
            fixed[PHI] = spec.damped() ? spec.phi().orElse(Double.NaN) : 1.0;
            this.free = IntStream.range(0, 4).filter(i -> Double.isNaN(fixed[i])).toArray();
            this.best = new double[free.length];
        }

        @Override
        public double value(double[] u) {
            fill(u);
            rec.setParams(p[ALPHA], p[BETA], p[GAMMA], p[PHI]);
            double sse = rec.sse(y, init);
            double v = Double.isFinite(sse) ? sse * (1 + outside(u)) : BAD;
            if (v < bestValue) {
                bestValue = v;
                for (int i = 0; i < free.length; i++) {
                    best[i] = Math.min(1.0, Math.max(0.0, u[i]));
                }
            }
            return v;
        }

        /** Squared distance of u outside the unit cube, times 100: a penalty steering the simplex back. */
        private double outside(double[] u) {
            double d = 0;
            for (int i = 0; i < free.length; i++) {
                double o = u[i] < 0 ? -u[i] : u[i] > 1 ? u[i] - 1 : 0;
                d += o * o;
            }
            return 100 * d;
        }

        private void fill(double[] u) {
            System.arraycopy(fixed, 0, p, 0, 4);
            for (int i = 0; i < free.length; i++) {
                double x = Math.min(1.0, Math.max(0.0, u[i]));
                p[free[i]] = free[i] == PHI ? PHI_MIN + x * (PHI_MAX - PHI_MIN) : x;
            }
        }

        SmoothingParams toParams(double[] u) {
            fill(u);
            return new SmoothingParams(p[ALPHA], p[BETA], p[GAMMA], p[PHI]);
        }
    }
}
