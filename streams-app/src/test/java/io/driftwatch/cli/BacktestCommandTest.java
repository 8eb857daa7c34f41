package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

class BacktestCommandTest {

    @TempDir
    Path dir;

    private Path csv(int days, boolean header) throws IOException {
        StringBuilder sb = new StringBuilder(header ? "date,value\n" : "");
        SplittableRandom rng = new SplittableRandom(9);
        LocalDate d = LocalDate.of(2023, 1, 1);
        for (int t = 0; t < days; t++) {
            double y = 100 + 0.1 * t + 12 * Math.sin(2 * Math.PI * (t % 7) / 7) + 2 * rng.nextGaussian();
            sb.append(d.plusDays(t)).append(',').append(y).append('\n');
        }
        Path file = dir.resolve("series-" + header + ".csv");
        Files.writeString(file, sb);
        return file;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsOneJsonObjectWithTheChoiceItsBacktestTheBaselineAndTheForecast() throws IOException {
        Run r = run("backtest", "--csv", csv(200, true).toString(), "--horizon", "7", "--seed", "5");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("algorithm").asText()).isNotBlank();
        assertThat(json.get("params").isObject()).isTrue();
        assertThat(json.get("season_length").asInt()).isEqualTo(7);
        // baselines (seasonal naive, naive, drift) + the AICc shortlist of ETS models (1 to 3)
        assertThat(json.get("search").get("evaluated").asInt()).isBetween(4, 6);
        assertThat(json.get("selection").asText()).contains("lowest AICc");
        assertThat(json.get("candidates")).hasSize(json.get("search").get("evaluated").asInt());
        for (JsonNode c : json.get("candidates")) {
            assertThat(c.get("backtest_rmse").isNumber()).isTrue();
            assertThat(c.get("aicc").isNumber()).isEqualTo(c.get("algorithm").asText().equals("ets"));
        }
        JsonNode chosen = json.get("backtest").get("chosen");
        JsonNode baseline = json.get("backtest").get("baseline");
        for (String k : new String[] {"rmse", "mae", "mape", "bias", "coverage"}) {
            assertThat(chosen.get(k).isNumber()).as(k).isTrue();
            assertThat(baseline.get(k).isNumber()).as(k).isTrue();
        }
        assertThat(baseline.get("algorithm").asText()).isEqualTo("seasonal_naive");
        // the synthetic series is strongly seasonal: an ETS model with a season wins
        assertThat(json.get("algorithm").asText()).isEqualTo("ets");
        assertThat(json.get("params").get("model").asText()).doesNotEndWith("N");
        assertThat(json.get("seasonal_strength").asDouble()).isGreaterThan(0.6);
        assertThat(chosen.get("n").asInt()).isEqualTo(30);
        JsonNode fc = json.get("forecast");
        assertThat(fc.get("yhat")).hasSize(7);
        assertThat(fc.get("yhat_lower")).hasSize(7);
        assertThat(fc.get("yhat_upper")).hasSize(7);
        assertThat(fc.get("dates").get(0).asText()).isEqualTo("2023-07-20T00:00");
        for (int k = 0; k < 7; k++) {
            assertThat(fc.get("yhat_lower").get(k).asDouble()).isLessThanOrEqualTo(fc.get("yhat").get(k).asDouble());
            assertThat(fc.get("yhat").get(k).asDouble()).isLessThanOrEqualTo(fc.get("yhat_upper").get(k).asDouble());
        }
    }

    @Test
    void sameSeedSameOutputWithOrWithoutHeader() throws IOException {
        String[] a = {
            "backtest", "--csv", csv(150, true).toString(), "--horizon", "3", "--seed", "7", "--strategy", "grid"
        };
        Run first = run(a);
        Run second = run(a);
        Run noHeader = run("backtest", "--csv", csv(150, false).toString(), "--horizon", "3", "--seed", "7",
                "--strategy", "grid", "--parallelism", "1");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(noHeader.out()).isEqualTo(first.out());
    }

    @Test
    void badCsvFailsWithTheLineNumber() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "date,value\n2024-01-01,1\n2024-01-02,x\n");
        Run r = run("backtest", "--csv", bad.toString(), "--horizon", "1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("line 3: value 'x' is not a finite number");
    }
}
