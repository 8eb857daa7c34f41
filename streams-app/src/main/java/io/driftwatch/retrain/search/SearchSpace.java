package io.driftwatch.retrain.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A declared, finite search space: the grid of candidates in a fixed order, plus the dimensions
 * (hyperparameter name and values tried) that the retrain report records.
 *
 * <p>The {@link #defaults(int, boolean) default space} lists the cheap baselines first and the
 * fitted (optimised) exponential smoothing models last, so the last candidate is the costliest;
 * {@link Search} times it as the pilot for its budget estimate. Immutable.
 */
public final class SearchSpace {

    /** One hyperparameter and the values tried, e.g. {@code ses.alpha = [0.1, 0.3, 0.6, fitted]}. */
    public record Dimension(String name, List<String> values) {
        public Dimension {
            values = List.copyOf(values);
        }
    }

    private final List<Candidate> candidates;

    private SearchSpace(List<Candidate> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    /** A space of the given configs, in this order (for tests and custom spaces). */
    public static SearchSpace of(List<Map<String, String>> paramsWithAlgorithm) {
        Builder b = new Builder();
        for (Map<String, String> p : paramsWithAlgorithm) {
            Map<String, String> params = new LinkedHashMap<>(p);
            String algorithm = params.remove("algorithm");
            b.add(algorithm, params);
        }
        return new SearchSpace(b.list);
    }

    /**
     * The default space: 29 candidates for positive data (24 otherwise, without holt_winters_mul);
     * seasonal models only when {@code seasonLength >= 2}.
     *
     * @param seasonLength m for seasonal_naive and holt_winters_* (e.g. 7 for daily data)
     * @param positiveData true if every value is > 0 (multiplicative seasonality allowed)
     */
    public static SearchSpace defaults(int seasonLength, boolean positiveData) {
        Builder b = new Builder();
        String m = String.valueOf(seasonLength);
        b.add("seasonal_naive", Map.of("season_length", m));
        b.add("naive", Map.of());
        b.add("drift", Map.of());
        for (String alpha : List.of("0.1", "0.3", "0.6", "fitted")) {
            b.add("ses", Map.of("alpha", alpha));
        }
        b.add("holt", Map.of("alpha", "0.3", "beta", "0.1"));
        for (String alpha : List.of("0.1", "0.3")) {
            for (String beta : List.of("0.05", "0.2")) {
                b.add("holt_damped", Map.of("alpha", alpha, "beta", beta, "phi", "0.9"));
            }
        }
        b.add("holt", Map.of("alpha", "fitted", "beta", "fitted"));
        b.add("holt_damped", Map.of("alpha", "fitted", "beta", "fitted", "phi", "fitted"));
        if (seasonLength >= 2) {
            addSeasonal(b, m, positiveData);
        }
        return new SearchSpace(b.list);
    }

    private static void addSeasonal(Builder b, String m, boolean positiveData) {
        for (String alpha : List.of("0.1", "0.3")) {
            for (String beta : List.of("0.01", "0.1")) {
                for (String gamma : List.of("0.05", "0.2")) {
                    b.add("holt_winters_add", Map.of("alpha", alpha, "beta", beta, "gamma", gamma, "season_length", m));
                }
            }
        }
        if (positiveData) {
            for (String alpha : List.of("0.1", "0.3")) {
                for (String gamma : List.of("0.05", "0.2")) {
                    b.add(
                            "holt_winters_mul",
                            Map.of("alpha", alpha, "beta", "0.01", "gamma", gamma, "season_length", m));
                }
            }
            b.add("holt_winters_mul", Map.of("season_length", m));
        }
        b.add("holt_winters_add", Map.of("season_length", m, "damped", "true"));
        b.add("holt_winters_add", Map.of("season_length", m));
    }

    /** The grid, in order; {@code candidates().get(i).index() == i}. */
    public List<Candidate> candidates() {
        return candidates;
    }

    public int size() {
        return candidates.size();
    }

    /**
     * The dimensions: {@code algorithm} with every algorithm tried, then {@code <algorithm>.<param>}
     * with the values tried, in first-seen order. Unset params are fitted or defaulted by the model.
     */
    public List<Dimension> dimensions() {
        Map<String, Set<String>> dims = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            dims.computeIfAbsent("algorithm", k -> new LinkedHashSet<>()).add(c.algorithm());
            c.params()
                    .forEach((k, v) -> dims.computeIfAbsent(c.algorithm() + "." + k, x -> new LinkedHashSet<>())
                            .add(v));
        }
        List<Dimension> out = new ArrayList<>();
        dims.forEach((k, v) -> out.add(new Dimension(k, new ArrayList<>(v))));
        return out;
    }

    private static final class Builder {
        final List<Candidate> list = new ArrayList<>();

        void add(String algorithm, Map<String, String> params) {
            list.add(new Candidate(list.size(), algorithm, params));
        }
    }
}
