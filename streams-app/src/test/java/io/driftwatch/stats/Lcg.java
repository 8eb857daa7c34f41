package io.driftwatch.stats;

/**
 * Deterministic test data reproducible in Python: a 64-bit LCG (Knuth MMIX constants),
 * {@code s = s * 6364136223846793005 + 1442695040888963407 mod 2^64}, {@code u = (s >>> 11) / 2^53}.
 * The Python twin lives in the provenance comments of the tests that use it.
 */
final class Lcg {
    private long state;

    Lcg(long seed) {
        this.state = seed;
    }

    double next() {
        state = state * 6364136223846793005L + 1442695040888963407L;
        return (state >>> 11) * 0x1.0p-53;
    }

    /** n uniforms in [0,1) plus shift (no ties in practice). */
    static double[] continuous(long seed, int n, double shift) {
        Lcg g = new Lcg(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = g.next() + shift;
        }
        return out;
    }

    /** floor(u * 50 + shift) / 10: at most ~50 distinct values, heavy ties. */
    static double[] ties(long seed, int n, double shift) {
        Lcg g = new Lcg(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.floor(g.next() * 50 + shift) / 10.0;
        }
        return out;
    }
}
