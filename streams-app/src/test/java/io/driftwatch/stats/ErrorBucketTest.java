package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ErrorBucketTest {

    @Test
    void smallExampleByHand() {
        // e = actual - yhat = [2, -1, -5, 0]
        ErrorBucket b = new ErrorBucket()
                .add(10, 8, 9, 11) // hit
                .add(0, 1, 0, 2) // hit, actual 0 excluded from MAPE
                .add(20, 25, 21, 30) // miss
                .add(5, 5, 5, 5); // hit (bounds inclusive)
        ErrorSummary s = b.summary();
        assertThat(s.n()).isEqualTo(4);
        assertThat(s.bias()).isCloseTo(-1.0, within(1e-15)); // -4 / 4
        assertThat(s.rmse()).isCloseTo(Math.sqrt(30.0 / 4), within(1e-15)); // (4+1+25+0)/4
        assertThat(s.mae()).isCloseTo(2.0, within(1e-15)); // (2+1+5+0)/4
        assertThat(s.mape()).isCloseTo(0.15, within(1e-15)); // (0.2+0.25+0)/3
        assertThat(s.errorStd()).isCloseTo(Math.sqrt(26.0 / 3), within(1e-14)); // (9+0+16+1)/(4-1)
        assertThat(s.ci95Coverage()).isEqualTo(0.75);
        assertThat(b.sumSquaredErrors()).isCloseTo(30.0, within(1e-12));
    }

    @Test
    void emptyAndSingleton() {
        ErrorSummary empty = new ErrorBucket().summary();
        assertThat(empty.n()).isZero();
        assertThat(empty.rmse()).isNaN();
        ErrorSummary one = new ErrorBucket().add(3, 1, 0, 1).summary();
        assertThat(one.rmse()).isEqualTo(2.0);
        assertThat(one.errorStd()).isNaN();
        assertThat(one.ci95Coverage()).isZero();
        ErrorSummary zeros = new ErrorBucket().add(0, 1, 0, 1).summary();
        assertThat(zeros.mape()).isNaN();
    }

    @Test
    void usdClpLikeSeriesMatchesExactRecomputation() {
        checkAgainstExact(1, 20_000, 900.0, 5.0, 0.3);
    }

    @Test
    void millionScaleSeriesMatchesExactRecomputation() {
        checkAgainstExact(2, 20_000, 1e6, 5.0, 0.0);
    }

    @Test
    void largeBiasTinySpreadKeepsStd() {
        // errors 5 +- 0.001 on values ~1e6: naive sum e^2 - (sum e)^2/n loses ~all digits of the std
        checkAgainstExact(3, 20_000, 1e6, 0.001, 5.0);
    }

    /**
     * Random pairs in random-size buckets, serialized and merged in shuffled order, versus an exact
     * BigDecimal two-pass recomputation from the raw pairs.
     */
    private static void checkAgainstExact(long seed, int n, double level, double errScale, double bias) {
        Random rnd = new Random(seed);
        double[] actual = new double[n];
        double[] yhat = new double[n];
        List<ErrorBucket> buckets = new ArrayList<>();
        ErrorBucket current = new ErrorBucket();
        int hits = 0;
        for (int i = 0; i < n; i++) {
            actual[i] = level * (1 + 0.05 * rnd.nextGaussian());
            yhat[i] = actual[i] - bias - errScale * rnd.nextGaussian();
            double half = 1.96 * errScale;
            current.add(actual[i], yhat[i], yhat[i] - half, yhat[i] + half);
            if (yhat[i] - half <= actual[i] && actual[i] <= yhat[i] + half) {
                hits++;
            }
            if (rnd.nextInt(50) == 0) {
                buckets.add(ErrorBucket.fromBytes(current.toBytes()));
                current = new ErrorBucket();
            }
        }
        buckets.add(current);
        Collections.shuffle(buckets, rnd);
        ErrorSummary s = ErrorBucket.summarize(buckets);

        MathContext mc = MathContext.DECIMAL128;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal sumAbs = BigDecimal.ZERO;
        BigDecimal sumApe = BigDecimal.ZERO;
        BigDecimal sumSq = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            BigDecimal e = new BigDecimal(actual[i] - yhat[i]);
            sum = sum.add(e);
            sumAbs = sumAbs.add(e.abs());
            sumApe = sumApe.add(e.abs().divide(new BigDecimal(Math.abs(actual[i])), mc));
            sumSq = sumSq.add(e.multiply(e));
        }
        BigDecimal bn = BigDecimal.valueOf(n);
        BigDecimal mean = sum.divide(bn, mc);
        BigDecimal centred = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            BigDecimal dev = new BigDecimal(actual[i] - yhat[i]).subtract(mean);
            centred = centred.add(dev.multiply(dev));
        }
        double rmse = Math.sqrt(sumSq.divide(bn, mc).doubleValue());
        double std = Math.sqrt(centred.divide(BigDecimal.valueOf(n - 1L), mc).doubleValue());
        assertThat(s.n()).isEqualTo(n);
        assertThat(s.bias())
                .isCloseTo(mean.doubleValue(), within(1e-9 * Math.abs(mean.doubleValue()) + 1e-12 * errScale));
        assertThat(s.rmse()).isCloseTo(rmse, within(1e-9 * rmse));
        assertThat(s.mae()).isCloseTo(sumAbs.divide(bn, mc).doubleValue(), within(1e-9 * s.mae()));
        double mape = sumApe.divide(bn, mc).doubleValue();
        assertThat(s.mape()).isCloseTo(mape, within(1e-9 * mape));
        assertThat(s.errorStd()).isCloseTo(std, within(1e-9 * std));
        assertThat(s.ci95Coverage()).isEqualTo((double) hits / n);
    }

    @Test
    void serializationIsFixedSizeAndLossless() {
        ErrorBucket b = new ErrorBucket().add(901.5, 899.25, 890, 910).add(880, 899, 890, 910);
        byte[] bytes = b.toBytes();
        assertThat(bytes).hasSize(ErrorBucket.SERIALIZED_SIZE);
        assertThat(new ErrorBucket().toBytes()).hasSize(ErrorBucket.SERIALIZED_SIZE);
        assertThat(ErrorBucket.fromBytes(bytes).summary()).isEqualTo(b.summary());
        assertThat(ErrorBucket.fromBytes(bytes).toBytes()).isEqualTo(bytes);
    }

    @Test
    void mergeWithEmptyIsIdentity() {
        ErrorBucket b = new ErrorBucket().add(10, 8, 0, 20).add(12, 13, 0, 20);
        ErrorSummary before = b.summary();
        assertThat(b.merge(new ErrorBucket()).summary()).isEqualTo(before);
        assertThat(new ErrorBucket().merge(b).summary()).isEqualTo(before);
    }

    @Test
    void rejectsNonFiniteAndCorruptBytes() {
        assertThatThrownBy(() -> new ErrorBucket().add(Double.NaN, 1, 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actual");
        assertThatThrownBy(() -> ErrorBucket.fromBytes(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void intervalScoresEqualADirectComputationAndSurviveMergeAndBytes() {
        Random rnd = new Random(5);
        ErrorBucket a = new ErrorBucket();
        ErrorBucket b = new ErrorBucket();
        double pinball = 0;
        double winkler = 0;
        int pairs = 0;
        int hits = 0;
        for (int i = 0; i < 500; i++) {
            double yhat = 100 + rnd.nextGaussian();
            double y = yhat + 3 * rnd.nextGaussian();
            double half = i % 10 == 0 ? 0 : 4; // every tenth pair has no interval (lower = upper)
            (i % 2 == 0 ? a : b).add(y, yhat, yhat - half, yhat + half);
            if (half > 0) {
                double l = yhat - half;
                double u = yhat + half;
                double pl = y >= l ? 0.025 * (y - l) : 0.975 * (l - y);
                double pu = y >= u ? 0.975 * (y - u) : 0.025 * (u - y);
                pinball += (pl + pu) / 2;
                winkler += (u - l) + 40 * Math.max(0, l - y) + 40 * Math.max(0, y - u);
                pairs++;
                hits += l <= y && y <= u ? 1 : 0;
            }
        }
        ErrorBucket all = ErrorBucket.fromBytes(a.toBytes()).merge(ErrorBucket.fromBytes(b.toBytes()));
        assertThat(all.intervalPairs()).isEqualTo(pairs);
        assertThat(all.intervalPairHits()).isEqualTo(hits);
        assertThat(all.meanPinball()).isCloseTo(pinball / pairs, within(1e-12));
        assertThat(all.meanWinkler()).isCloseTo(winkler / pairs, within(1e-10));
        assertThat(new ErrorBucket().meanWinkler()).isNaN();
    }

    @Test
    void version1BytesStillDecodeWithoutIntervalScores() {
        ErrorBucket b = new ErrorBucket().add(901.5, 899.25, 890, 910).add(880, 899, 890, 910);
        byte[] v2 = b.toBytes();
        // the version 1 layout: version, count, nonZero, hits, sumE (2), m2, sumAbsE (2), sumApe (2), reserved
        ByteBuffer v1 = ByteBuffer.allocate(1 + 3 * 8 + 8 * 8);
        v1.put((byte) 1).put(v2, 1, 3 * 8 + 7 * 8).putDouble(0.0);
        ErrorBucket old = ErrorBucket.fromBytes(v1.array());
        assertThat(old.summary()).isEqualTo(b.summary());
        assertThat(old.intervalPairs()).isZero();
    }
}
