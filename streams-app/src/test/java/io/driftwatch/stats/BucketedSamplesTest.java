package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The layout accessors a codec uses give back samples that test as the originals did. */
class BucketedSamplesTest {

    private static final long B = 86_400_000L;

    @Test
    void theFlatLayoutCopiedOutAndTakenBackTestsTheSame() {
        Random rnd = new Random(3);
        BucketedSamples s = new BucketedSamples(10_000, 200);
        for (int i = 0; i < 300; i++) {
            s.add(rnd.nextInt(60) * B, rnd.nextGaussian() + (i > 200 ? 1 : 0));
        }
        assertThat(s.isSketched()).isFalse();
        assertThat(s.sketchedBuckets()).isEmpty();
        long[] starts = new long[s.flatBuckets()];
        int[] counts = new int[s.flatBuckets()];
        double[] values = new double[s.flatValues()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = s.flatStart(i);
            counts[i] = s.flatCount(i);
        }
        s.copyFlatValuesTo(DoubleBuffer.wrap(values));
        BucketedSamples back = BucketedSamples.flat(starts, counts, values, 10_000, 200);

        assertThat(back.firstBucket()).isEqualTo(s.firstBucket());
        assertThat(back.lastBucket()).isEqualTo(s.lastBucket());
        assertThat(back.count(0, 60 * B)).isEqualTo(300);
        assertThat(back.test(0, 40 * B, 60 * B, 5)).isEqualTo(s.test(0, 40 * B, 60 * B, 5));
        assertThat(back.inTimeOrder(0, 60 * B)).containsExactly(s.inTimeOrder(0, 60 * B));
    }

    @Test
    void aBucketPastExactMaxSketchesForGoodAndItsWindowsAreTakenBack() {
        BucketedSamples s = new BucketedSamples(20, 200);
        for (int i = 0; i < 50; i++) {
            s.add((i % 2) * B, i);
        }
        assertThat(s.isSketched()).isTrue();
        assertThat(s.flatBuckets()).isZero();
        assertThat(s.inTimeOrder(0, 2 * B)).isNull();
        assertThatThrownBy(() -> s.copyFlatValuesTo(DoubleBuffer.allocate(0)))
            .isInstanceOf(IllegalStateException.class);
        TreeMap<Long, DriftWindow> windows = new TreeMap<>();
        s.sketchedBuckets().forEach((start, w) -> windows.put(start, DriftWindow.fromBytes(w.toBytes())));
        BucketedSamples back = BucketedSamples.sketched(windows, 20, 200);

        assertThat(back.count(0, 2 * B)).isEqualTo(50);
        assertThat(back.test(0, B, 2 * B, 1).statistic()).isEqualTo(s.test(0, B, 2 * B, 1).statistic());
    }

    @Test
    void droppingOldBucketsInPlaceKeepsExactlyTheNewerValues() {
        Random rnd = new Random(11);
        BucketedSamples s = new BucketedSamples(10_000, 200);
        TreeMap<Long, List<Double>> expected = new TreeMap<>();
        long dropped = 0;
        for (int day = 0; day < 400; day++) {
            // one value a day, a burst of 300 on day 100 (the arrays grow, then shrink once it is dropped), and now
            // and then a late one into a bucket still kept
            int n = day == 100 ? 300 : 1;
            for (int i = 0; i < n; i++) {
                double v = rnd.nextGaussian();
                s.add(day * B, v);
                expected.computeIfAbsent(day * B, b -> new ArrayList<>()).add(v);
            }
            if (day > 20 && rnd.nextInt(10) == 0) {
                long late = (day - 1 - rnd.nextInt(10)) * B;
                if (late >= dropped) {
                    double v = rnd.nextGaussian();
                    s.add(late, v);
                    expected.computeIfAbsent(late, b -> new ArrayList<>()).add(v);
                }
            }
            long end = (day + 1) * B;
            double[][] w = s.exactWindows(end - 74 * B, end - 14 * B, end, 1);
            if (day >= 60) {
                assertThat(w[0]).as("recent window on day %d", day)
                    .containsExactly(sorted(expected, end - 14 * B, end));
                assertThat(w[1]).as("reference window on day %d", day)
                    .containsExactly(sorted(expected, end - 74 * B, end - 14 * B));
            }
            long from = end - 74 * B;
            assertThat(s.dropBefore(from)).isEqualTo(!expected.headMap(from).isEmpty());
            expected.headMap(from).clear();
            dropped = Math.max(dropped, from);
            assertThat(s.count(Long.MIN_VALUE, Long.MAX_VALUE))
                .isEqualTo(expected.values().stream().mapToInt(List::size).sum());
        }
    }

    @Test
    void offsetsKeptBetweenChangesFollowEveryKindOfChange() {
        // queries between the changes, so each change meets offsets computed before it: a value added to the last
        // bucket (offsets updated in place), to an earlier bucket, a new bucket, a drop (offsets computed again into
        // the same array, or a larger one once the buckets outgrow it)
        Random rnd = new Random(5);
        BucketedSamples s = new BucketedSamples(10_000, 200);
        TreeMap<Long, List<Double>> expected = new TreeMap<>();
        for (int step = 0; step < 3_000; step++) {
            long last = expected.isEmpty() ? 0 : expected.lastKey();
            int kind = rnd.nextInt(10);
            if (kind < 5 || expected.isEmpty()) {
                long bucket = kind == 0 || expected.isEmpty() ? last + B * (1 + rnd.nextInt(3)) : last;
                double v = rnd.nextGaussian();
                s.add(bucket, v);
                expected.computeIfAbsent(bucket, b -> new ArrayList<>()).add(v);
            } else if (kind < 8) {
                Long earlier = expected.floorKey(last - B * rnd.nextInt(20));
                long bucket = earlier == null ? expected.firstKey() : earlier;
                double v = rnd.nextGaussian();
                s.add(bucket, v);
                expected.get(bucket).add(v);
            } else if (kind == 8) {
                long from = last - B * (10 + rnd.nextInt(30));
                s.dropBefore(from);
                expected.headMap(from).clear();
            }
            long a = expected.firstKey() + B * rnd.nextInt(5);
            long b = a + B * rnd.nextInt(40);
            assertThat(s.count(a, b)).as("step %d", step)
                .isEqualTo(expected.subMap(a, b).values().stream().mapToInt(List::size).sum());
            double[] inOrder = expected.subMap(a, b).values().stream().flatMap(List::stream)
                .mapToDouble(Double::doubleValue).toArray();
            assertThat(s.inTimeOrder(a, b)).as("step %d", step).containsExactly(inOrder);
        }
    }

    private static double[] sorted(TreeMap<Long, List<Double>> values, long from, long to) {
        return values.subMap(from, to).values().stream().flatMap(List::stream).mapToDouble(Double::doubleValue)
            .sorted().toArray();
    }
}
