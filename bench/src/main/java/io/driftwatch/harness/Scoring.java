package io.driftwatch.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Turns flags into error rates against the known truth. Pure: no Kafka, no MOA.
 *
 * <p>Definitions (days are event-time days, see {@link Flag#day()}):
 * <ul>
 *   <li>The scored period is [{@code scoreFrom}, {@code days}): flags before it (detectors still filling their
 *       windows) are not counted.</li>
 *   <li><b>False flags per 1,000 series-days</b>: flags naming a series of a stable model in the scored period, per
 *       1,000 of those series' days in it. <b>Series-days between false flags</b>: its inverse (the mean time between
 *       false alarms of one series).</li>
 *   <li><b>Detection delay</b> of a changed series: days from the change day to its first flag on or after the change
 *       day. <b>Found within 28 days</b>: the share of changed series with a delay of at most {@code within} days;
 *       the rest are <b>missed</b>. The delay quoted is the median over the found series.</li>
 *   <li>Model level: flags without a series on stable models per model-year; days from the change to the first
 *       model-level flag of each changed model (its first {@code changedFraction} of series changed).</li>
 * </ul>
 */
public final class Scoring {

    /** @param within a changed series flagged more than this many days after its change counts as missed */
    public record Params(int days, int scoreFrom, int changeDay, int within) {
        int scoredDays() {
            return days - scoreFrom;
        }
    }

    /** Detection of one change shape: changed series (or models), found within the limit, median delay of those. */
    public record Detection(int changed, int found, double medianDelay) {
        public double foundShare() {
            return changed == 0 ? Double.NaN : (double) found / changed;
        }
    }

    /** A per-series detector's figures. */
    public record SeriesRow(
            String detector,
            long stableSeriesDays,
            int falseFlags,
            int stableSeries,
            int stableSeriesFlagged,
            Map<Shape, Detection> detection) {
        public double falsePerThousand() {
            return stableSeriesDays == 0 ? Double.NaN : falseFlags * 1000.0 / stableSeriesDays;
        }

        /** Mean series-days between false flags; infinite when there was none. */
        public double meanDaysBetweenFalse() {
            return falseFlags == 0 ? Double.POSITIVE_INFINITY : (double) stableSeriesDays / falseFlags;
        }
    }

    /** A model-level detector's figures. */
    public record ModelRow(String detector, double stableModelYears, int falseFlags, int falseUnsuppressed,
                           Map<Shape, Detection> detection) {
        public double falsePerModelYear() {
            return falseFlags / stableModelYears;
        }

        public double unsuppressedPerModelYear() {
            return falseUnsuppressed / stableModelYears;
        }
    }

    private final Params params;
    private final List<Series> truth;

    public Scoring(Params params, List<Series> truth) {
        this.params = params;
        this.truth = truth;
    }

    /** Per-series figures of each detector that named a series (and of {@code alsoDetectors}, even if silent). */
    public List<SeriesRow> perSeries(List<Flag> flags, Set<String> alsoDetectors) {
        Map<String, List<Flag>> byDetector = groupByDetector(flags, f -> !f.modelLevel(), alsoDetectors);
        List<Series> stable = truth.stream().filter(Series::stableModel).toList();
        long stableDays = (long) stable.size() * params.scoredDays();
        Set<String> stableIds = stable.stream().map(Series::seriesId).collect(Collectors.toSet());
        List<SeriesRow> rows = new ArrayList<>();
        byDetector.forEach((detector, list) -> {
            int falseFlags = 0;
            Set<String> flagged = new TreeSet<>();
            Map<String, Integer> first = new HashMap<>(); // series -> first flag day on or after the change
            for (Flag f : list) {
                if (stableIds.contains(f.seriesId()) && inScoredPeriod(f)) {
                    falseFlags++;
                    flagged.add(f.seriesId());
                }
                if (f.day() >= params.changeDay() && f.day() < params.days()) {
                    first.merge(f.seriesId(), f.day(), Math::min);
                }
            }
            Map<Shape, Detection> detection = new LinkedHashMap<>();
            for (Shape shape : shapes()) {
                List<Series> changed = truth.stream().filter(s -> s.changed() && s.shape() == shape).toList();
                detection.put(shape, detection(changed.stream().map(s -> first.get(s.seriesId())).toList()));
            }
            rows.add(new SeriesRow(detector, stableDays, falseFlags, stable.size(), flagged.size(), detection));
        });
        return rows;
    }

    /** Model-level figures of each detector that flagged a model without a series. */
    public List<ModelRow> modelLevel(List<Flag> flags, Set<String> alsoDetectors) {
        Map<String, List<Flag>> byDetector = groupByDetector(flags, Flag::modelLevel, alsoDetectors);
        Set<String> stableModels = models(Series::stableModel);
        double modelYears = stableModels.size() * params.scoredDays() / 365.0;
        List<ModelRow> rows = new ArrayList<>();
        byDetector.forEach((detector, list) -> {
            int falseFlags = 0;
            int unsuppressed = 0;
            Map<String, Integer> first = new HashMap<>();
            for (Flag f : list) {
                if (stableModels.contains(f.modelId()) && inScoredPeriod(f)) {
                    falseFlags++;
                    unsuppressed += f.suppressed() ? 0 : 1;
                }
                if (f.day() >= params.changeDay() && f.day() < params.days()) {
                    first.merge(f.modelId(), f.day(), Math::min);
                }
            }
            Map<Shape, Detection> detection = new LinkedHashMap<>();
            for (Shape shape : shapes()) {
                Set<String> changedModels = models(s -> s.shape() == shape);
                detection.put(shape, detection(changedModels.stream().map(first::get).toList()));
            }
            rows.add(new ModelRow(detector, modelYears, falseFlags, unsuppressed, detection));
        });
        return rows;
    }

    /** Unsuppressed RETRAIN recommendations (any detector, any level) per stable model-year. */
    public double retrainPerStableModelYear(List<Flag> flags) {
        Set<String> stableModels = models(Series::stableModel);
        long n = flags.stream().filter(f -> stableModels.contains(f.modelId()) && inScoredPeriod(f) && !f.suppressed()
            && "RETRAIN".equals(f.recommendation())).count();
        return n / (stableModels.size() * params.scoredDays() / 365.0);
    }

    private Detection detection(List<Integer> firstFlagDays) {
        int found = 0;
        List<Integer> delays = new ArrayList<>();
        for (Integer day : firstFlagDays) {
            if (day != null && day - params.changeDay() <= params.within()) {
                found++;
                delays.add(day - params.changeDay());
            }
        }
        return new Detection(firstFlagDays.size(), found, median(delays));
    }

    static double median(List<Integer> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int[] v = values.stream().mapToInt(Integer::intValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }

    private boolean inScoredPeriod(Flag f) {
        return f.day() >= params.scoreFrom() && f.day() < params.days();
    }

    private List<Shape> shapes() {
        return Arrays.stream(Shape.values()).filter(s -> s != Shape.NONE
            && truth.stream().anyMatch(t -> t.shape() == s)).toList();
    }

    private Set<String> models(Predicate<Series> which) {
        return truth.stream().filter(which).map(Series::modelId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, List<Flag>> groupByDetector(List<Flag> flags, Predicate<Flag> which, Set<String> also) {
        Map<String, List<Flag>> out = new TreeMap<>();
        also.forEach(d -> out.put(d, new ArrayList<>()));
        flags.stream().filter(which).forEach(f -> out.computeIfAbsent(f.detector(), k -> new ArrayList<>()).add(f));
        return out;
    }
}
