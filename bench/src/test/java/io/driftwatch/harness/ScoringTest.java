package io.driftwatch.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The metrics on a hand-made truth and flag list whose answers are worked out by hand below. */
class ScoringTest {

    private static final int DAYS = 100;
    private static final int CHANGE = 50;
    private static final Scoring.Params PARAMS = new Scoring.Params(DAYS, 10, CHANGE, 28);

    private static Series series(String model, String id, Shape shape, boolean changed) {
        return new Series(
                model,
                id,
                Fleet.SALES_WEEKLY,
                shape,
                changed,
                CHANGE,
                1.0,
                new double[DAYS],
                new double[DAYS],
                new double[DAYS],
                new double[DAYS]);
    }

    private static final List<Series> TRUTH = List.of(
        series("m-stable", "s1", Shape.NONE, false),
        series("m-stable", "s2", Shape.NONE, false),
        series("m-level", "c1", Shape.LEVEL, true),
        series("m-level", "c2", Shape.LEVEL, true),
        series("m-level", "u1", Shape.LEVEL, false),
        series("m-scale", "k1", Shape.SCALE, true));

    private static Flag f(String series, int day) {
        String model = series.startsWith("s") ? "m-stable" : series.startsWith("k") ? "m-scale" : "m-level";
        return new Flag("D/series", model, series, day, false, "RETRAIN");
    }

    @Test
    void falseFlagsCountOnlyStableSeriesInTheScoredPeriod() {
        List<Flag> flags = List.of(
            f("s1", 5),   // before day 10: still filling its windows, not scored
            f("s1", 20), f("s1", 60), f("s2", 99),
            f("s2", 100), // after the last day: not scored
            f("u1", 70)); // an unchanged series of a changed model: not a stable model's series
        Scoring.SeriesRow row = new Scoring(PARAMS, TRUTH).perSeries(flags, Set.of()).get(0);
        assertThat(row.stableSeriesDays()).isEqualTo(2 * 90); // 2 stable series x days 10..99
        assertThat(row.falseFlags()).isEqualTo(3);
        assertThat(row.falsePerThousand()).isCloseTo(3 * 1000.0 / 180, within(1e-12));
        assertThat(row.meanDaysBetweenFalse()).isEqualTo(60.0);
        assertThat(row.stableSeriesFlagged()).isEqualTo(2);
        assertThat(row.stableSeries()).isEqualTo(2);
    }

    @Test
    void delayIsFromTheChangeToTheFirstFlagOnOrAfterIt() {
        List<Flag> flags = List.of(
            f("c1", 40),               // before the change: neither a detection nor (changed model) a false flag
            f("c1", 57), f("c1", 53),  // first on or after the change: day 53, delay 3 (order does not matter)
            f("c2", 79),               // delay 29 > 28: missed
            f("k1", CHANGE));          // delay 0
        Map<Shape, Scoring.Detection> d = new Scoring(PARAMS, TRUTH).perSeries(flags, Set.of()).get(0).detection();
        assertThat(d).containsOnlyKeys(Shape.LEVEL, Shape.SCALE);
        assertThat(d.get(Shape.LEVEL)).isEqualTo(new Scoring.Detection(2, 1, 3.0));
        assertThat(d.get(Shape.LEVEL).foundShare()).isEqualTo(0.5);
        assertThat(d.get(Shape.SCALE)).isEqualTo(new Scoring.Detection(1, 1, 0.0));
    }

    @Test
    void aSilentDetectorStillGetsARow() {
        List<Scoring.SeriesRow> rows = new Scoring(PARAMS, TRUTH).perSeries(List.of(), Set.of("quiet"));
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.falseFlags()).isZero();
            assertThat(r.meanDaysBetweenFalse()).isInfinite();
            assertThat(r.detection().get(Shape.LEVEL)).isEqualTo(new Scoring.Detection(2, 0, Double.NaN));
        });
    }

    @Test
    void modelLevelRatesAndDaysToTheFirstModelFlag() {
        List<Flag> flags = List.of(
            new Flag("M/model", "m-stable", null, 30, false, "RETRAIN"),
            new Flag("M/model", "m-stable", null, 35, true, "RETRAIN"),
            new Flag("M/model", "m-level", null, 47, false, "RETRAIN"), // before the change
            new Flag("M/model", "m-level", null, 56, true, "RETRAIN"),  // suppressed, still a flag: 6 days
            new Flag("D/series", "m-stable", "s1", 40, false, "RETRAIN")); // a series flag: not model level
        Scoring scoring = new Scoring(PARAMS, TRUTH);
        Scoring.ModelRow row = scoring.modelLevel(flags, Set.of()).get(0);
        double modelYears = 90 / 365.0; // one stable model over days 10..99
        assertThat(row.detector()).isEqualTo("M/model");
        assertThat(row.falsePerModelYear()).isCloseTo(2 / modelYears, within(1e-9));
        assertThat(row.unsuppressedPerModelYear()).isCloseTo(1 / modelYears, within(1e-9));
        assertThat(row.detection().get(Shape.LEVEL)).isEqualTo(new Scoring.Detection(1, 1, 6.0));
        assertThat(row.detection().get(Shape.SCALE)).isEqualTo(new Scoring.Detection(1, 0, Double.NaN));
        // unsuppressed RETRAIN of any level on the stable model: the day-30 model flag and the day-40 series flag
        assertThat(scoring.retrainPerStableModelYear(flags)).isCloseTo(2 / modelYears, within(1e-9));
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(Scoring.median(List.of(5, 1, 3))).isEqualTo(3.0);
        assertThat(Scoring.median(List.of(4, 1, 3, 10))).isEqualTo(3.5);
        assertThat(Scoring.median(List.of())).isNaN();
    }
}
