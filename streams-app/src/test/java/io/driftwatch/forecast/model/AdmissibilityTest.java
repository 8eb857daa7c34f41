package io.driftwatch.forecast.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * R's admissible region in the ETS fit. The expected values are R's own:
 * {@code forecast:::admissible(alpha, beta, gamma, phi, m)} (forecast 8.x, Debian r-cran-forecast)
 * at parameters drawn within the usual bounds by
 * <pre>
 * set.seed(2); for (m in c(4,7,12,24)) for (i in 1:10) { a &lt;- round(runif(1,0.0001,0.9999),4);
 *   b &lt;- round(a*runif(1,0.0001,0.9999),4); g &lt;- round((1-a)*runif(1,0.0001,0.9999),4);
 *   p &lt;- sample(c(1,0.8,0.9,0.98),1); ... forecast:::admissible(a,b,g,p,m) }
 * </pre>
 * (19 of the 40 are not admissible).
 */
class AdmissibilityTest {

    private static final EtsType AAD_A = EtsType.parse("AAdA");

    @ParameterizedTest(name = "m={0} alpha={1} beta={2} gamma={3} phi={4}: {5}")
    @CsvSource({
        "4,0.1849,0.1299,0.4673,0.80,true",
        "4,0.9438,0.8904,0.0073,1.00,true",
        "4,0.4680,0.2574,0.2940,1.00,true",
        "4,0.7605,0.1376,0.0971,0.90,true",
        "4,0.9763,0.2205,0.0105,0.80,true",
        "4,0.6619,0.2565,0.2829,0.98,true",
        "4,0.3473,0.1698,0.0975,1.00,true",
        "4,0.9626,0.1275,0.0004,0.80,true",
        "4,0.8101,0.7038,0.0977,0.98,true",
        "4,0.8444,0.2406,0.1038,0.80,true",
        "7,0.9816,0.2916,0.0021,0.98,true",
        "7,0.9440,0.7503,0.0546,0.80,false",
        "7,0.5020,0.4068,0.0036,0.90,true",
        "7,0.6834,0.6353,0.0872,0.90,false",
        "7,0.7858,0.7770,0.1315,0.90,false",
        "7,0.7700,0.6829,0.1438,0.98,false",
        "7,0.8590,0.3758,0.0547,1.00,true",
        "7,0.2187,0.0144,0.2154,0.80,true",
        "7,0.0423,0.0078,0.1757,0.80,true",
        "7,0.2881,0.2500,0.2867,0.98,true",
        "12,0.3507,0.2357,0.0163,0.90,false",
        "12,0.2000,0.1713,0.7771,0.98,false",
        "12,0.7331,0.2493,0.2607,0.90,false",
        "12,0.3800,0.2129,0.2876,0.98,false",
        "12,0.4270,0.0398,0.0661,0.80,true",
        "12,0.2010,0.0860,0.7834,1.00,false",
        "12,0.2870,0.1710,0.6409,1.00,false",
        "12,0.1475,0.0190,0.0211,0.90,true",
        "12,0.3734,0.2145,0.5171,0.90,false",
        "12,0.8726,0.0965,0.1214,0.90,true",
        "24,0.0370,0.0091,0.9426,0.98,true",
        "24,0.2410,0.1825,0.4272,0.98,false",
        "24,0.6936,0.2330,0.0632,0.80,false",
        "24,0.0229,0.0221,0.3087,0.80,true",
        "24,0.5335,0.4363,0.0865,0.90,false",
        "24,0.1785,0.0510,0.5171,0.98,false",
        "24,0.4437,0.3240,0.3717,1.00,false",
        "24,0.4786,0.1395,0.0950,0.90,false",
        "24,0.9037,0.3561,0.0751,0.90,false",
        "24,0.8537,0.1471,0.0116,1.00,false"
    })
    void agreesWithR(int m, double alpha, double beta, double gamma, double phi, boolean expected) {
        assertThat(new Admissibility(m).test(AAD_A, alpha, beta, gamma, phi)).isEqualTo(expected);
    }

    @Test
    void schurCohnAgreesWithTheRootsThemselves() {
        SplittableRandom rng = new SplittableRandom(11);
        int disagreements = 0;
        int inside = 0;
        for (int i = 0; i < 500; i++) {
            int n = 2 + rng.nextInt(20);
            double[] c = new double[n + 1];
            for (int k = 0; k < n; k++) {
                c[k] = rng.nextDouble(-1.2, 1.2) / (1 + k % 3);
            }
            c[n] = 1;
            // the roots are the eigenvalues of the companion matrix
            double[][] companion = new double[n][n];
            for (int k = 0; k < n; k++) {
                companion[0][k] = -c[n - 1 - k];
                if (k > 0) {
                    companion[k][k - 1] = 1;
                }
            }
            EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(companion));
            double maxModulus = 0;
            for (int k = 0; k < n; k++) {
                maxModulus = Math.max(maxModulus, Math.hypot(eig.getRealEigenvalues()[k], eig.getImagEigenvalues()[k]));
            }
            if (Math.abs(maxModulus - 1) < 1e-6) {
                continue; // too close to the circle to call
            }
            boolean expected = maxModulus < 1;
            inside += expected ? 1 : 0;
            if (Admissibility.rootsWithin(c.clone(), n, 1.0, new double[n + 1]) != expected) {
                disagreements++;
            }
        }
        assertThat(disagreements).isZero();
        assertThat(inside).as("both outcomes exercised").isBetween(10, 490);
    }

    @Test
    void nonSeasonalModelsAreAlwaysAdmissibleWithinTheUsualBounds() {
        Admissibility a = new Admissibility(1);
        assertThat(a.test(EtsType.parse("AAdN"), 0.9999, 0.9998, 0, 0.8)).isTrue();
    }

    @Test
    void theFitStaysInTheAdmissibleRegion() throws Exception {
        double[] y = EtsReferenceTest.load("AirPassengers");
        for (String code : new String[] {"AAA", "AAdA", "MAM", "MNA"}) {
            EtsFit fit = EtsEstimator.fit(y, 12, EtsType.parse(code), false);
            assertThat(new Admissibility(12).test(fit.type(), fit.alpha(), fit.beta(), fit.gamma(), fit.phi()))
                    .as(fit.toString()).isTrue();
        }
    }
}
