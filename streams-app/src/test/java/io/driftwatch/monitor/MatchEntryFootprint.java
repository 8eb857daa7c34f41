package io.driftwatch.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark (not a test): the heap one decoded match entry holds, as the write-back cache keeps it, for an entry
 * with one waiting prediction and for one matched (the two states an entry of a daily series spends its match grace
 * in), then the heap of a series' {@link SeriesMatches} of 9 such entries. Decodes 700,000 entries (the targets of
 * the 100,000-series benchmark), then 100,000 series' values, and divides the growth of the heap after full
 * collections. The cache's own slot and key come on top, one per series. See docs/benchmarks.md.
 *
 * <pre>
 * java -Xmx2g -XX:+UseSerialGC -cp streams-app/target/test-classes:streams-app/target/classes:$(cat /tmp/cp.txt) \
 *     io.driftwatch.monitor.MatchEntryFootprint
 * </pre>
 */
public final class MatchEntryFootprint {

    private static final int ENTRIES = 700_000;

    private MatchEntryFootprint() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (boolean matched : new boolean[] {false, true}) {
            List<MatchEntry> kept = new ArrayList<>(ENTRIES);
            long before = usedHeap();
            for (int i = 0; i < ENTRIES; i++) {
                kept.add(MatchEntry.fromBytes(entry(i, matched)));
            }
            long after = usedHeap();
            // less the list's own array: one compressed reference per entry
            double perEntry = (after - before - 4.0 * ENTRIES) / ENTRIES;
            System.out.printf("%s: %.0f bytes per entry (%d entries)%n",
                matched ? "matched, one prediction id" : "one prediction waiting", perEntry, kept.size());
        }
        // a daily series' value with the defaults: 9 targets, the newest waiting, the others matched
        int series = ENTRIES / 7;
        List<SeriesMatches> kept = new ArrayList<>(series);
        long before = usedHeap();
        for (int i = 0; i < series; i++) {
            SeriesMatches m = new SeriesMatches();
            for (int t = 0; t < 9; t++) {
                m.add(86_400_000L * t, MatchEntry.fromBytes(entry(i * 9 + t, t < 8)));
            }
            kept.add(SeriesMatches.fromBytes(m.toBytes()));
        }
        long after = usedHeap();
        System.out.printf("a series' value of 9 targets (8 matched, 1 waiting): %.0f bytes per series (%d series)%n",
            (after - before - 4.0 * series) / series, kept.size());
    }

    /** The stored bytes of a daily series' entry: one prediction (an id of 24 characters), waiting or matched. */
    private static byte[] entry(int i, boolean matched) {
        MatchEntry e = new MatchEntry();
        MatchEntry.Waiting w = new MatchEntry.Waiting("pred-" + (1_000_000 + i) + "-2000-01-0" + i % 9, "bench", "1d",
            null, 1, 1000L * i, 1.0, 0.5, 1.5);
        if (matched) {
            e.hasActual = true;
            e.actual = 3.0;
            e.addMatched(w.predictionId());
        } else {
            e.addWaiting(w);
        }
        return e.toBytes();
    }

    private static long usedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
