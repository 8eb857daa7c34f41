package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.TreeMap;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.driftwatch.stats.DriftWindow;
import io.driftwatch.stats.KolmogorovSmirnov;
import io.driftwatch.stats.RobustZ;

class SeriesSamplesTest {

    private static final long B = 86_400_000L;

    /** The reference: one DriftWindow per bucket, unions merged as the window stage did before. */
    private static KolmogorovSmirnov.Result reference(
            TreeMap<Long, DriftWindow> buckets, long refStart, long recentStart, long end, int exactMax, int k) {
        DriftWindow ref = new DriftWindow(exactMax, k);
        DriftWindow recent = new DriftWindow(exactMax, k);
        buckets.subMap(refStart, true, recentStart, false).values().forEach(ref::merge);
        buckets.subMap(recentStart, true, end, false).values().forEach(recent::merge);
        return DriftWindow.ksTest(recent, ref);
    }

    /**
     * Version 3's flat layout keeps every start, count and value exactly, with gaps, irregular starts (a step of 1 ms),
     * starts before 1970, one bucket and none, and takes about half of version 2's bytes for a daily series of 74
     * buckets; version 2 entries (a changelog written before) still read.
     */
    @Test
    void flatEntriesRoundTripExactlyInAboutHalfTheBytesAndVersion2StillReads() {
        long[][] layouts = {
            {},
            {5 * B},
            {-3 * B, -2 * B, 0, 4 * B, 5 * B},
            {B, B + 1, B + 7, 3 * B},
        };
        Random rnd = new Random(3);
        for (long[] starts : layouts) {
            SeriesSamples s = entry("model", "1d", starts.length == 2 ? null : "t");
            for (long start : starts) {
                for (int j = rnd.nextInt(300); j >= 0; j--) {
                    s.samples.add(start, rnd.nextGaussian());
                }
            }
            assertSameSamples(SeriesSamples.fromBytes(s.toBytes(), 10_000, 200), s);
            assertSameSamples(SeriesSamples.fromBytes(version2(s), 10_000, 200), s);
        }
        SeriesSamples daily = entry("daily-sales", "1d", null);
        for (int day = 0; day < 74; day++) {
            daily.samples.add(20_000 * B + day * B, rnd.nextGaussian());
        }
        assertThat(daily.toBytes().length).as("v4 (no residual window yet) against v2 bytes")
            .isLessThan(version2(daily).length * 6 / 10)
            .isEqualTo(2 + 4 + 11 + 4 + 2 + 4 + 8 + 4 + 1 + 1 + 8 + 4 + 73 + 74 + 74 * 8);
    }

    /**
     * Version 4 keeps the series' residual window and its last pair's bucket with the samples, exactly; a version 3
     * entry (a changelog written before) reads with an empty residual window and its last sample's bucket as the last
     * pair's.
     */
    @Test
    void residualWindowAndLastPairRoundTripAndVersion3StillReads() {
        Random rnd = new Random(11);
        SeriesSamples s = entry("m", "7d", "acme");
        for (int day = 0; day < 40; day++) {
            s.samples.add(day * B, rnd.nextGaussian());
        }
        s.lastPairBucket = 41 * B; // a later pair without a drift quantity
        byte[] withoutResiduals = s.toBytes();
        s.residuals = new RobustZ(5);
        for (int i = 0; i < 7; i++) { // past its capacity: the ring has wrapped
            s.residuals.add(rnd.nextGaussian());
        }
        SeriesSamples back = SeriesSamples.fromBytes(s.toBytes(), 10_000, 200);
        assertSameSamples(back, s);
        assertThat(back.lastPairBucket).isEqualTo(41 * B);
        assertThat(back.residuals.toBytes()).isEqualTo(s.residuals.toBytes());
        assertThat(back.residuals.median()).isEqualTo(s.residuals.median());

        // version 3: version 4 without the last pair's bucket and the residual window (12 bytes after the tenant)
        int head = 2 + 4 + 1 + 4 + 2 + 4 + 4;
        byte[] v3 = new byte[withoutResiduals.length - 12];
        System.arraycopy(withoutResiduals, 0, v3, 0, head);
        System.arraycopy(withoutResiduals, head + 12, v3, head, v3.length - head);
        v3[0] = 3;
        SeriesSamples old = SeriesSamples.fromBytes(v3, 10_000, 200);
        assertSameSamples(old, s);
        assertThat(old.residuals).isNull();
        assertThat(old.lastPairBucket).isEqualTo(39 * B);

        byte[] corrupt = s.toBytes();
        corrupt[head + 8 + 3] += 4; // the residual window's length, 4 bytes more than it is
        assertThatThrownBy(() -> SeriesSamples.fromBytes(corrupt, 10_000, 200))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("residual window");
    }

    /**
     * Version 5 writes a residual window that holds the last values of the samples (the drift test on residuals, pairs
     * in time order) as two ints instead of its values, and reads it back exactly; after a late value, or once the
     * samples are sketched, it writes the window itself; a version 4 entry still reads.
     */
    @Test
    void residualWindowSharedWithTheSamplesIsWrittenOnceAndReadsBackExactly() {
        Random rnd = new Random(5);
        SeriesSamples s = entry("m", "1d", null);
        s.residuals = new RobustZ(60);
        for (int day = 0; day < 74; day++) { // as SeriesStage adds a pair: to the samples and to the residual window
            double residual = day == 30 ? -0.0 : rnd.nextGaussian();
            s.samples.add(day * B, residual);
            s.residuals.add(residual);
        }
        RobustZ window = s.residuals;
        s.residuals = null;
        int withoutResiduals = s.toBytes().length;
        s.residuals = window;
        byte[] shared = s.toBytes();
        assertThat(shared.length).as("the window as two ints").isEqualTo(withoutResiduals + 8);
        SeriesSamples back = SeriesSamples.fromBytes(shared, 10_000, 200);
        assertSameSamples(back, s);
        assertThat(back.residuals.toBytes()).isEqualTo(s.residuals.toBytes());
        assertThat(back.residuals.capacity()).isEqualTo(60);
        assertThat(back.residuals.median()).isEqualTo(s.residuals.median());
        assertThat(back.residuals.mad()).isEqualTo(s.residuals.mad());
        assertThat(SeriesSamples.fromBytes(back.toBytes(), 10_000, 200).residuals.toBytes())
            .as("written shared again").isEqualTo(s.residuals.toBytes());

        // a window shorter than the samples, not yet full
        SeriesSamples young = SeriesSamples.fromBytes(shared, 10_000, 200);
        young.residuals = new RobustZ(60);
        for (int i = 64; i < 74; i++) {
            young.residuals.add(s.samples.flatValue(i));
        }
        byte[] youngBytes = young.toBytes();
        assertThat(youngBytes.length).isEqualTo(withoutResiduals + 8);
        assertThat(SeriesSamples.fromBytes(youngBytes, 10_000, 200).residuals.toBytes())
            .isEqualTo(young.residuals.toBytes());

        // -0.0 and 0.0 are different bits: a window that differs from the samples only there is written itself
        SeriesSamples signed = SeriesSamples.fromBytes(shared, 10_000, 200);
        signed.residuals = new RobustZ(60);
        for (int i = 14; i < 74; i++) {
            signed.residuals.add(i == 30 ? 0.0 : s.samples.flatValue(i));
        }
        assertThat(signed.toBytes().length).isEqualTo(withoutResiduals + 13 + 60 * 8);

        // a late pair: the samples' order is no longer the window's, which is written itself
        s.samples.add(70 * B, 0.25);
        s.residuals.add(0.25);
        byte[] explicit = s.toBytes();
        assertThat(explicit.length).isEqualTo(withoutResiduals + 8 + 13 + 60 * 8);
        back = SeriesSamples.fromBytes(explicit, 10_000, 200);
        assertSameSamples(back, s);
        assertThat(back.residuals.toBytes()).isEqualTo(s.residuals.toBytes());

        // version 4 (the window always written itself) still reads
        explicit[0] = 4;
        assertThat(SeriesSamples.fromBytes(explicit, 10_000, 200).residuals.toBytes())
            .isEqualTo(s.residuals.toBytes());

        // sketched samples share nothing
        SeriesSamples sketched = new SeriesSamples(40, 200);
        sketched.modelId = "m";
        sketched.horizon = "1h";
        sketched.residuals = new RobustZ(60);
        for (int i = 0; i < 100; i++) {
            double v = rnd.nextGaussian();
            sketched.samples.add(0, v);
            sketched.residuals.add(v);
        }
        assertThat(sketched.samples.isSketched()).isTrue();
        assertThat(SeriesSamples.fromBytes(sketched.toBytes(), 40, 200).residuals.toBytes())
            .isEqualTo(sketched.residuals.toBytes());

        // a shared window longer than the samples it says it shares
        int head = 2 + 4 + 1 + 4 + 2 + 4 + 8;
        byte[] corrupt = shared.clone();
        ByteBuffer.wrap(corrupt).putInt(head + 8, 75);
        assertThatThrownBy(() -> SeriesSamples.fromBytes(corrupt, 10_000, 200))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("75");
        ByteBuffer.wrap(corrupt).putInt(head, -3);
        assertThatThrownBy(() -> SeriesSamples.fromBytes(corrupt, 10_000, 200))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("residual window length -3");
    }

    private static void assertSameSamples(SeriesSamples actual, SeriesSamples expected) {
        assertThat(actual.modelId).isEqualTo(expected.modelId);
        assertThat(actual.horizon).isEqualTo(expected.horizon);
        assertThat(actual.tenantId).isEqualTo(expected.tenantId);
        assertThat(actual.samples.flatBuckets()).isEqualTo(expected.samples.flatBuckets());
        for (int i = 0; i < expected.samples.flatBuckets(); i++) {
            assertThat(actual.samples.flatStart(i)).isEqualTo(expected.samples.flatStart(i));
            assertThat(actual.samples.flatCount(i)).isEqualTo(expected.samples.flatCount(i));
        }
        double[] a = new double[actual.samples.flatValues()];
        double[] e = new double[expected.samples.flatValues()];
        actual.samples.copyFlatValuesTo(DoubleBuffer.wrap(a));
        expected.samples.copyFlatValuesTo(DoubleBuffer.wrap(e));
        assertThat(a).isEqualTo(e);
    }

    /** The flat entry as version 2 wrote it. */
    private static byte[] version2(SeriesSamples s) {
        byte[] model = s.modelId.getBytes(StandardCharsets.UTF_8);
        byte[] hz = s.horizon.getBytes(StandardCharsets.UTF_8);
        byte[] tenant = s.tenantId == null ? null : s.tenantId.getBytes(StandardCharsets.UTF_8);
        int buckets = s.samples.flatBuckets();
        int total = s.samples.flatValues();
        ByteBuffer buf = ByteBuffer.allocate(2 + 12 + model.length + hz.length
            + (tenant == null ? 0 : tenant.length) + 8 + buckets * 12 + total * 8);
        buf.put((byte) 2).put((byte) 0).putInt(model.length).put(model).putInt(hz.length).put(hz)
            .putInt(tenant == null ? -1 : tenant.length);
        if (tenant != null) {
            buf.put(tenant);
        }
        buf.putInt(buckets).putInt(total);
        for (int i = 0; i < buckets; i++) {
            buf.putLong(s.samples.flatStart(i));
        }
        for (int i = 0; i < buckets; i++) {
            buf.putInt(s.samples.flatCount(i));
        }
        s.samples.copyFlatValuesTo(buf.asDoubleBuffer());
        return buf.array();
    }

    @Test
    void flatLayoutGivesTheTestOfTheUnionOfBucketWindowsWhateverTheOrderOfAdds() {
        check(10_000, 3, 1);
    }

    @Test
    void aBucketPastExactMaxSwitchesToWindowsAndStillMatches() {
        check(40, 30, 2);
    }

    @Test
    void slidingDailyTestsKeepTheirSortedWindowsExactThroughLateValuesDropsAndRestores() {
        Random rnd = new Random(7);
        SeriesSamples s = entry("m", "1d", null);
        long recent = 14 * B;
        long baseline = 60 * B;
        int tested = 0;
        int slides = 0;
        for (int day = 0; day < 400; day++) {
            for (int j = rnd.nextInt(3); j >= 0; j--) { // 1-3 values a day, sometimes a gap, ties from rounding
                s.samples.add(day * B, Math.round(rnd.nextGaussian() * 4 + (day > 250 ? 3 : 0)) / 4.0);
            }
            if (rnd.nextInt(15) == 0 && day > 10) {
                // a late value into a covered bucket
                s.samples.add((day - 1 - rnd.nextInt(10)) * B, rnd.nextGaussian());
            }
            if (rnd.nextInt(50) == 0) {
                slides += s.samples.slides();
                s = SeriesSamples.fromBytes(s.toBytes(), 10_000, 200); // evicted and read back: no sorted windows
            }
            long end = (day + 1) * B;
            KolmogorovSmirnov.Result fresh = s.samples.test(end - recent - baseline, end - recent, end, 5);
            KolmogorovSmirnov.Result slid = s.samples.test(end - recent - baseline, end - recent, end, 5, 0.05, 0.0);
            if (fresh == null) {
                assertThat(slid).isNull();
            } else {
                tested++;
                assertThat(slid.statistic()).as("D on day %d", day).isEqualTo(fresh.statistic());
                assertThat(slid.pValue() < 0.05).as("verdict on day %d", day).isEqualTo(fresh.pValue() < 0.05);
                if (!Double.isNaN(slid.pValue())) {
                    assertThat(slid.pValue()).isEqualTo(fresh.pValue());
                }
            }
            s.samples.dropBefore(end - recent - baseline); // as SeriesDrift.evaluate does after each day's tests
        }
        assertThat(tested).isGreaterThan(300);
        assertThat(slides + s.samples.slides())
                .as("most days slide the sorted windows instead of sorting")
                .isGreaterThan(tested);
    }

    private void check(int exactMax, int perBucket, long seed) {
        Random rnd = new Random(seed);
        SeriesSamples s = new SeriesSamples(exactMax, 200);
        s.modelId = "m";
        s.horizon = "7d";
        TreeMap<Long, DriftWindow> expected = new TreeMap<>();
        for (int i = 0; i < 90 * perBucket; i++) {
            long bucket =
                    (rnd.nextInt(10) == 0 ? rnd.nextInt(90) : i / perBucket) * B; // mostly in order, some out of order
            double v = rnd.nextGaussian() + (bucket >= 70 * B ? 0.8 : 0);
            s.samples.add(bucket, v);
            expected.computeIfAbsent(bucket, b -> new DriftWindow(exactMax, 200)).add(v);
            if (i % 37 == 0) {
                s = SeriesSamples.fromBytes(s.toBytes(), exactMax, 200); // as stored between pairs
            }
        }
        for (long end = 30 * B; end <= 90 * B; end += 7 * B) {
            KolmogorovSmirnov.Result got = s.samples.test(end - 28 * B, end - 7 * B, end, 1);
            KolmogorovSmirnov.Result want = reference(expected, end - 28 * B, end - 7 * B, end, exactMax, 200);
            assertThat(got.method()).isEqualTo(want.method());
            if (want.method() == KolmogorovSmirnov.Method.SKETCH) {
                // KLL compaction is randomized: two sketches of the same values agree within their rank error
                assertThat(got.statistic()).as("D at %d", end / B).isCloseTo(want.statistic(), Offset.offset(0.05));
            } else {
                assertThat(got.statistic()).as("D at %d", end / B).isEqualTo(want.statistic());
                assertThat(got.pValue()).as("p at %d", end / B).isEqualTo(want.pValue());
            }
            for (double[] am : new double[][] {{0.05, 0.1}, {0.01, 0.2}, {0.5, 0.0}}) {
                // the thresholded variant: same verdict, same D, and when it computes p the same p
                KolmogorovSmirnov.Result t = s.samples.test(end - 28 * B, end - 7 * B, end, 1, am[0], am[1]);
                assertThat(t.method()).isEqualTo(got.method());
                if (want.method() != KolmogorovSmirnov.Method.SKETCH) { // sketches are randomized
                    assertThat(t.pValue() < am[0] && t.statistic() >= am[1]).as("verdict at %d, %s", end / B, t)
                        .isEqualTo(got.pValue() < am[0] && got.statistic() >= am[1]);
                    assertThat(t.statistic()).isEqualTo(got.statistic());
                    if (!Double.isNaN(t.pValue())) {
                        assertThat(t).isEqualTo(got);
                    }
                }
            }
            assertThat(s.samples.count(end - 7 * B, end)).isEqualTo(expected.subMap(end - 7 * B, end).values().stream()
                .mapToLong(DriftWindow::count).sum());
        }
        assertThat(s.samples.dropBefore(50 * B)).isTrue();
        expected.headMap(50 * B).clear();
        s = SeriesSamples.fromBytes(s.toBytes(), exactMax, 200);
        assertThat(s.samples.firstBucket()).isEqualTo(expected.firstKey());
        assertThat(s.samples.test(50 * B, 70 * B, 90 * B, 1).statistic())
            .isCloseTo(reference(expected, 50 * B, 70 * B, 90 * B, exactMax, 200).statistic(), Offset.offset(
                exactMax < 1000 ? 0.05 : 0.0));
        assertThat(s.samples.test(50 * B, 70 * B, 90 * B, 100_000)).as("below min samples").isNull();
        assertThat(s.samples.test(50 * B, 70 * B, 90 * B, 100_000, 0.05, 0.1)).as("below min samples").isNull();
    }

    /** An empty entry (exact up to 10,000 values per bucket, KLL k = 200) of a model, horizon and tenant. */
    private static SeriesSamples entry(String model, String horizon, String tenant) {
        SeriesSamples s = new SeriesSamples(10_000, 200);
        s.modelId = model;
        s.horizon = horizon;
        s.tenantId = tenant;
        return s;
    }
}
