package io.driftwatch.retrain.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hyperparameter search: backtests candidates of a {@link SearchSpace} in parallel and picks the
 * one with the lowest pooled backtest RMSE.
 *
 * <p>Strategies: {@code grid} evaluates every candidate; {@code random} evaluates the baseline
 * (index 0) plus {@code randomIterations - 1} others drawn without replacement with
 * {@code new SplittableRandom(seed)}; {@code auto} first backtests the last (costliest) candidate
 * as a pilot, estimates the grid's time as {@code pilot x size / parallelism} and uses random search
 * if that exceeds the time budget (the pilot's score is reused).
 *
 * <p>Determinism: results are gathered in grid order and the choice breaks RMSE ties by the lowest
 * index, so for a given strategy the same series, space and seed give the same choice whatever the
 * parallelism. Only {@code auto}'s switch depends on the machine's speed; pin the strategy for
 * byte-identical runs across machines.
 */
public final class Search {

    private static final Comparator<CandidateScore> BY_RMSE_THEN_INDEX = Comparator
            .comparingDouble((CandidateScore s) -> s.metrics().rmse())
            .thenComparingInt(s -> s.candidate().index());

    private Search() {
    }

    /** Runs the search; candidates that fail are kept with their error and never chosen. */
    public static SearchResult run(SearchSpace space, Evaluator evaluator, SearchSettings settings) {
        long start = System.nanoTime();
        List<Candidate> grid = space.candidates();
        Map<Integer, CandidateScore> done = new TreeMap<>();
        SearchSettings.Strategy strategy = settings.strategy();
        long estimate = 0;
        if (strategy == SearchSettings.Strategy.AUTO) {
            Candidate pilot = grid.get(grid.size() - 1);
            long t0 = System.nanoTime();
            done.put(pilot.index(), evaluator.evaluate(pilot));
            long pilotMs = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
            estimate = pilotMs * grid.size() / Math.min(settings.parallelism(), grid.size());
            strategy = estimate > settings.timeBudget().toMillis() && grid.size() > settings.randomIterations()
                    ? SearchSettings.Strategy.RANDOM : SearchSettings.Strategy.GRID;
        }
        List<Candidate> chosen = strategy == SearchSettings.Strategy.GRID ? grid
                : sample(grid, settings.randomIterations(), settings.seed());
        if (strategy == SearchSettings.Strategy.RANDOM) {
            done.keySet().retainAll(chosen.stream().map(Candidate::index).toList());
        }
        List<Candidate> todo = chosen.stream().filter(c -> !done.containsKey(c.index())).toList();
        for (CandidateScore s : evaluateAll(todo, evaluator, settings.parallelism())) {
            done.put(s.candidate().index(), s);
        }
        List<CandidateScore> evaluated = new ArrayList<>(done.values());
        Optional<CandidateScore> best = evaluated.stream().filter(CandidateScore::usable).min(BY_RMSE_THEN_INDEX);
        return new SearchResult(strategy, evaluated, best, (System.nanoTime() - start) / 1_000_000, estimate);
    }

    /** The baseline (index 0) plus k-1 others drawn without replacement, in grid order. */
    static List<Candidate> sample(List<Candidate> grid, int k, long seed) {
        if (k >= grid.size()) {
            return grid;
        }
        int[] idx = new int[grid.size() - 1];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i + 1;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < k - 1; i++) { // partial Fisher-Yates
            int j = i + rng.nextInt(idx.length - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        List<Candidate> out = new ArrayList<>();
        out.add(grid.get(0));
        Arrays.stream(idx, 0, k - 1).sorted().forEach(i -> out.add(grid.get(i)));
        return out;
    }

    /** Backtests in parallel; results in the order of {@code todo}. */
    static List<CandidateScore> evaluateAll(List<Candidate> todo, Evaluator evaluator, int parallelism) {
        if (todo.isEmpty()) {
            return List.of();
        }
        if (parallelism == 1) {
            return todo.stream().map(evaluator::evaluate).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, todo.size()), daemonThreads());
        try {
            List<Future<CandidateScore>> futures = new ArrayList<>();
            for (Candidate c : todo) {
                futures.add(pool.submit(() -> evaluator.evaluate(c)));
            }
            List<CandidateScore> out = new ArrayList<>();
            for (Future<CandidateScore> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("search interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("candidate backtest failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "retrain-search-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
