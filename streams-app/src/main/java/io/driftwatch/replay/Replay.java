package io.driftwatch.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the monitor over one {@link History} once per setting combination, {@code parallel} at a time, each in its
 * own thread with its own driver; the history is shared read-only.
 */
public final class Replay {

    private Replay() {
    }

    /**
     * @param base         the monitor's settings (file, environment, --set)
     * @param combinations from {@link Grid#combinations}
     * @param progress     counts the records fed, over all combinations
     */
    public static List<ReplayRun.Result> run(History history, Map<String, Object> base,
                                             List<Map<String, String>> combinations, int parallel,
                                             AtomicLong progress) throws InterruptedException {
        int threads = Math.max(1, Math.min(parallel, combinations.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "driftwatch-replay");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ReplayRun.Result>> futures = new ArrayList<>();
            for (Map<String, String> c : combinations) {
                Map<String, Object> settings = new LinkedHashMap<>(base);
                settings.putAll(c);
                futures.add(pool.submit(() -> ReplayRun.run(history, settings, c, progress)));
            }
            List<ReplayRun.Result> out = new ArrayList<>();
            for (Future<ReplayRun.Result> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(cause);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
