package io.driftwatch.retrain.search;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link Search} did and found.
 *
 * @param strategy the strategy actually used: grid or random
 * @param evaluated every evaluated candidate, in grid order
 * @param best the usable candidate with the lowest pooled RMSE (ties: lowest index), if any
 * @param durationMs wall time of the whole search
 * @param estimatedGridMs the auto strategy's estimate of the full grid's time (0 when not estimated)
 */
public record SearchResult(SearchSettings.Strategy strategy, List<CandidateScore> evaluated,
                           Optional<CandidateScore> best, long durationMs, long estimatedGridMs) {

    public SearchResult {
        evaluated = List.copyOf(evaluated);
    }

    /** Number of candidates backtested. */
    public int iterations() {
        return evaluated.size();
    }
}
