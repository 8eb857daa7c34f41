package io.driftwatch.retrain.search;

import java.time.Duration;
import java.util.Locale;

/**
 * How a {@link Search} runs.
 *
 * @param strategy grid, random, or auto (grid unless the estimated grid time exceeds the budget)
 * @param timeBudget the time the whole search should take at most (auto switches to random beyond it)
 * @param randomIterations candidates drawn by random search (the baseline, index 0, is always included)
 * @param parallelism worker threads for candidate backtests (>= 1)
 * @param seed the seed of random search and of every backtest's bootstrap
 */
public record SearchSettings(Strategy strategy, Duration timeBudget, int randomIterations, int parallelism, long seed) {

    /** Search strategy. */
    public enum Strategy {
        GRID, RANDOM, AUTO;

        /** Parses {@code grid}, {@code random} or {@code auto}, any case. */
        public static Strategy parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }

        /** The name used in reports and settings. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SearchSettings {
        if (randomIterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("randomIterations and parallelism must be >= 1");
        }
        if (timeBudget.isNegative() || timeBudget.isZero()) {
            throw new IllegalArgumentException("timeBudget must be > 0");
        }
    }

    /** Defaults: auto, 60 s budget, 12 random iterations, all cores, seed 42. */
    public static SearchSettings defaults() {
        return new SearchSettings(Strategy.AUTO, Duration.ofSeconds(60), 12,
                Runtime.getRuntime().availableProcessors(), 42L);
    }

    public SearchSettings withSeed(long s) {
        return new SearchSettings(strategy, timeBudget, randomIterations, parallelism, s);
    }

    public SearchSettings withParallelism(int p) {
        return new SearchSettings(strategy, timeBudget, randomIterations, p, seed);
    }

    public SearchSettings withStrategy(Strategy s) {
        return new SearchSettings(s, timeBudget, randomIterations, parallelism, seed);
    }
}
