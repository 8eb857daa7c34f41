package io.driftwatch.retrain.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

class CsvSeriesTest {

    private static CsvSeries parse(String text) throws IOException {
        return CsvSeries.parse(new StringReader(text), "in.csv");
    }

    @Test
    void readsWithAndWithoutHeader() throws IOException {
        CsvSeries a = parse("date,value\n2024-01-01,1.5\n2024-01-02,2\n\n# comment\n2024-01-03,-3e1\n");
        CsvSeries b = parse("2024-01-01,1.5\n2024-01-02,2\n2024-01-03,-30\n");
        assertThat(a.values()).containsExactly(1.5, 2.0, -30.0);
        assertThat(b.values()).containsExactly(a.values());
        assertThat(a.times()).isEqualTo(b.times());
        assertThat(a.step().exact()).isEqualTo(Duration.ofDays(1));
        assertThat(a.defaultSeasonLength()).isEqualTo(7);
    }

    @Test
    void readsIsoDateTimesWithOffsetsAsUtcAndHourlySpacing() throws IOException {
        CsvSeries s = parse("ts,y\n2024-01-01T00:00:00Z,1\n2024-01-01T02:00+01:00,2\n2024-01-01T02:00,3\n");
        assertThat(s.times().get(1)).isEqualTo(LocalDateTime.of(2024, 1, 1, 1, 0));
        assertThat(s.step().exact()).isEqualTo(Duration.ofHours(1));
        assertThat(s.defaultSeasonLength()).isEqualTo(24);
        assertThat(s.step().after(s.times().get(2), 2)).isEqualTo(LocalDateTime.of(2024, 1, 1, 4, 0));
    }

    @Test
    void acceptsCalendarMonths() throws IOException {
        CsvSeries s = parse("2024-01-31,1\n2024-02-29,2\n2024-03-31,3\n2024-04-30,4\n");
        assertThat(s.step().months()).isEqualTo(1);
        assertThat(s.defaultSeasonLength()).isEqualTo(12);
    }

    @Test
    void namesTheLineOfEveryProblem() {
        assertThatThrownBy(() -> parse("date,value\n2024-01-01,1\n2024-01-02,abc\n"))
                .hasMessage("in.csv line 3: value 'abc' is not a finite number");
        assertThatThrownBy(() -> parse("2024-01-01,1\n2024/01/02,2\n"))
                .hasMessage(
                        "in.csv line 2: date '2024/01/02' is not ISO-8601 (e.g. 2024-01-31 or 2024-01-31T13:00:00Z)");
        assertThatThrownBy(() -> parse("2024-01-01,1\n2024-01-02,2,3\n"))
                .hasMessage("in.csv line 2: expected 2 columns date,value, got 3: '2024-01-02,2,3'");
        assertThatThrownBy(() -> parse("2024-01-02,1\n2024-01-01,2\n"))
                .hasMessage("in.csv line 2: date 2024-01-01 is not after the previous one");
        assertThatThrownBy(() -> parse("2024-01-01,1\n2024-01-02,NaN\n"))
                .hasMessage("in.csv line 2: value 'NaN' is not a finite number");
        assertThatThrownBy(() -> parse("2024-01-01,1\n2024-01-02,2\n2024-01-04,3\n"))
                .hasMessageContaining("irregular spacing");
        assertThatThrownBy(() -> parse("date,value\n2024-01-01,1\n"))
                .hasMessage("in.csv: needs at least 2 data lines, got 1");
    }

    @Test
    void acceptsAnnualSpacingAcrossLeapYearsAndQuarterlyAndWeekly() throws IOException {
        CsvSeries annual = parse("year,v\n1871-01-01,1120\n1872-01-01,1160\n1873-01-01,963\n1874-01-01,1210\n");
        assertThat(annual.step().months()).isEqualTo(12);
        assertThat(annual.defaultSeasonLength()).isEqualTo(1);
        assertThat(annual.step().after(annual.times().get(3), 2)).isEqualTo(LocalDateTime.of(1876, 1, 1, 0, 0));
        CsvSeries quarterly = parse("2023-10-01,1\n2024-01-01,2\n2024-04-01,3\n2024-07-01,4\n");
        assertThat(quarterly.step().months()).isEqualTo(3);
        assertThat(quarterly.defaultSeasonLength()).isEqualTo(4);
        CsvSeries monthEnds = parse("2024-01-31,1\n2024-02-29,2\n2024-03-31,3\n2024-04-30,4\n");
        assertThat(monthEnds.step().months()).isEqualTo(1);
        assertThat(monthEnds.defaultSeasonLength()).isEqualTo(12);
        CsvSeries weekly = parse("2024-01-01,1\n2024-01-08,2\n2024-01-15,3\n");
        assertThat(weekly.step().months()).isZero();
        assertThat(weekly.defaultSeasonLength()).isEqualTo(52);
    }

    @Test
    void aMissingYearIsStillIrregular() {
        assertThatThrownBy(() -> parse("2020-01-01,1\n2021-01-01,2\n2023-01-01,3\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("irregular spacing")
                .hasMessageContaining("12 calendar month(s)");
    }
}
