package io.driftwatch.forecast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The least-squares initial states of {@link LinearStates} (lagged products and an adjoint pass)
 * against the textbook construction: the one-step errors of {@link EtsCalc} are affine in the
 * free states (level, trend, m - 1 seasonal indices, the last one minus their sum), so their
 * Jacobian is found column by column from unit changes of each state, and the least-squares
 * problem solved by a QR decomposition (commons-math3).
 */
class LinearStatesTest {

    @ParameterizedTest(name = "{0} m={1} alpha={2} beta={3} gamma={4} phi={5}")
    @CsvSource({
        "ANN,1,0.3,0,0,1",
        "AAN,1,0.5,0.1,0,1",
        "AAdN,1,0.7,0.05,0,0.9",
        "ANA,4,0.2,0,0.3,1",
        "AAA,4,0.4,0.05,0.2,1",
        "ANA,7,0.05,0,0.01,1",
        "AAA,7,0.6,0.2,0.1,1",
        "AAdA,12,0.3,0.02,0.4,0.85",
        "AAdA,24,0.9,0.3,0.05,0.97",
        "AAA,24,0.01,0.001,0.5,1",
    })
    void theStatesAreTheLeastSquaresOnes(String model, int m, double alpha, double beta, double gamma, double phi) {
        EtsType type = EtsType.parse(model);
        int mm = type.seasonal() ? m : 1;
        SplittableRandom r = new SplittableRandom(model.hashCode() * 31L + m);
        double[] y = new double[157];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + 0.2 * t + (type.seasonal() ? 8 * Math.sin(2 * Math.PI * (t % mm) / mm) : 0)
                    + 3 * r.nextGaussian();
        }
        double[] base = InitialStates.heuristic(y, mm, type);
        double[] states = new double[base.length];

        boolean solved = new LinearStates(y, mm, type).solve(alpha, beta, gamma, phi, base, states);

        LinearStates linear = new LinearStates(y, mm, type);
        assertThat(linear.solve(alpha, beta, gamma, phi, base, states)).isTrue();
        assertThat(linear.sse()).as("SSE from the normal equations")
                .isCloseTo(sse(y, mm, type, alpha, beta, gamma, phi, states), within(1e-9 * linear.sse()));
        assertThat(solved).isTrue();
        double[] expected = leastSquares(y, mm, type, alpha, beta, gamma, phi, base);
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < expected.length; k++) {
            assertThat(states[k]).as("state %d", k).isCloseTo(expected[k], within(1e-7 * scale));
        }
        assertThat(sse(y, mm, type, alpha, beta, gamma, phi, states))
                .isLessThanOrEqualTo(sse(y, mm, type, alpha, beta, gamma, phi, expected) * (1 + 1e-9));
    }

    /** The least-squares states by a Jacobian of unit changes and QR. */
    private static double[] leastSquares(double[] y, int m, EtsType type, double alpha, double beta, double gamma,
                                         double phi, double[] base) {
        int free = 1 + (type.hasTrend() ? 1 : 0) + (type.seasonal() ? m - 1 : 0);
        double[] e0 = errors(y, m, type, alpha, beta, gamma, phi, base);
        Array2DRowRealMatrix jac = new Array2DRowRealMatrix(y.length, free);
        for (int k = 0; k < free; k++) {
            double[] ek = errors(y, m, type, alpha, beta, gamma, phi, withUnit(base, m, type, k));
            for (int t = 0; t < y.length; t++) {
                jac.setEntry(t, k, ek[t] - e0[t]);
            }
        }
        RealVector z = new QRDecomposition(jac).getSolver().solve(new ArrayRealVector(e0).mapMultiply(-1));
        double[] out = base.clone();
        for (int k = 0; k < free; k++) {
            out = withChange(out, m, type, k, z.getEntry(k));
        }
        return out;
    }

    private static double[] withUnit(double[] states, int m, EtsType type, int k) {
        return withChange(states, m, type, k, 1);
    }

    /** States plus d in free state k; a seasonal change is taken from the last index (they sum to 0). */
    private static double[] withChange(double[] states, int m, EtsType type, int k, double d) {
        double[] s = states.clone();
        int trend = type.hasTrend() ? 1 : 0;
        if (k == 0) {
            s[0] += d;
        } else if (k == 1 && trend == 1) {
            s[1] += d;
        } else {
            int j = k - 1 - trend;
            s[2 + j] += d;
            s[2 + m - 1] -= d;
        }
        return s;
    }

    private static double[] errors(double[] y, int m, EtsType type, double alpha, double beta, double gamma,
                                   double phi, double[] states) {
        EtsCalc c = new EtsCalc(type, m);
        c.setParams(alpha, beta, gamma, phi);
        double[] seasonals = new double[m];
        if (type.seasonal()) {
            System.arraycopy(states, 2, seasonals, 0, m);
        }
        c.reset(states[0], states[1], seasonals);
        double[] e = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            e[t] = c.step(y[t]);
        }
        return e;
    }

    private static double sse(double[] y, int m, EtsType type, double alpha, double beta, double gamma, double phi,
                              double[] states) {
        double s = 0;
        for (double v : errors(y, m, type, alpha, beta, gamma, phi, states)) {
            s += v * v;
        }
        return s;
    }
}
