package io.driftwatch.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.driftwatch.config.Durations;
import io.driftwatch.forecast.backtest.BacktestResult;
import io.driftwatch.forecast.model.Forecast;
import io.driftwatch.retrain.offline.CsvSeries;
import io.driftwatch.retrain.offline.OfflineTuning;
import io.driftwatch.retrain.search.CandidateScore;
import io.driftwatch.retrain.search.SearchSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = {
            "Tunes a forecaster on your own series, offline: runs the retrain service's search and rolling-origin"
                + " backtest on a date,value CSV and prints one JSON object with the chosen config, its backtest and"
                + " the seasonal-naive baseline's, and its forecast for the H steps after the CSV ends.",
            "Same input, options and seed give the same output (timings are not printed)."
        })
final class BacktestCommand implements Callable<Integer> {

    @Option(
            names = "--csv",
            required = true,
            paramLabel = "FILE",
            description = "date,value CSV; header optional; ISO dates; any regular spacing.")
    Path csv;

    @Option(names = "--horizon", required = true, paramLabel = "H", description = "Steps ahead (in the CSV's spacing).")
    int horizon;

    @Option(
            names = "--season-length",
            paramLabel = "S",
            description =
                    "Season length m; default from the spacing: hourly 24, daily 7, weekly 52, monthly 12, quarterly"
                            + " 4, else 1.")
    Integer seasonLength;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the search and the bootstrap. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--window",
            defaultValue = "30",
            description = "Backtest points (rolling origins). Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(
            names = "--strategy",
            defaultValue = "auto",
            description = "grid, random or auto (grid unless over --time-budget). Default: ${DEFAULT-VALUE}.")
    String strategy;

    @Option(
            names = "--time-budget",
            defaultValue = "60s",
            description = "Search time budget. Default: ${DEFAULT-VALUE}.")
    String timeBudget;

    @Option(
            names = "--parallelism",
            defaultValue = "0",
            description = "Threads; 0 = all cores. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (horizon < 1 || window < 1) {
            throw new IllegalArgumentException("--horizon and --window must be >= 1");
        }
        CsvSeries series;
        try (Reader in = Files.newBufferedReader(csv)) {
            series = CsvSeries.parse(in, csv.toString());
        }
        int m = seasonLength != null ? seasonLength : series.defaultSeasonLength();
        int threads = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
        Duration budget = Durations.parse(timeBudget);
        SearchSettings settings =
                new SearchSettings(SearchSettings.Strategy.parse(strategy), budget, 12, threads, seed);
        OfflineTuning.Result r = OfflineTuning.run(series.values(), horizon, m, window, settings);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        spec.commandLine().getOut().println(json.writeValueAsString(toJson(series, r)));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private Map<String, Object> toJson(CsvSeries series, OfflineTuning.Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("algorithm", r.chosen().candidate().algorithm());
        out.put("params", r.chosen().candidate().params());
        out.put("horizon", horizon);
        out.put("season_length", r.seasonLength());
        out.put("seed", seed);
        out.put("points", series.values().length);
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("strategy", r.search().strategy().label());
        search.put("evaluated", r.search().iterations());
        search.put("failed", r.search().evaluated().stream().filter(s -> !s.usable()).count());
        out.put("search", search);
        out.put("selection", r.selection().reason());
        out.put("seasonal_strength", finite(r.selection().seasonalStrength()));
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (CandidateScore s : r.search().evaluated()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("algorithm", s.candidate().algorithm());
            c.put("params", s.candidate().params());
            c.put("aicc", finite(r.selection().aiccOf(s.candidate())));
            c.put("backtest_rmse", finite(s.metrics().rmse()));
            if (s.error() != null) {
                c.put("error", s.error());
            }
            candidates.add(c);
        }
        out.put("candidates", candidates);
        Map<String, Object> aicc = new LinkedHashMap<>();
        r.selection().aicc().forEach((k, v) -> aicc.put(k, finite(v)));
        out.put("ets_aicc", aicc);
        Map<String, Object> backtest = new LinkedHashMap<>();
        backtest.put("window", r.window());
        backtest.put("chosen", metrics(r.chosen()));
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("algorithm", r.baseline().candidate().algorithm());
        baseline.put("params", r.baseline().candidate().params());
        baseline.putAll(metrics(r.baseline()));
        backtest.put("baseline", baseline);
        out.put("backtest", backtest);
        out.put("forecast", forecast(series, r.forecast()));
        return out;
    }

    private static Map<String, Object> metrics(CandidateScore s) {
        BacktestResult m = s.metrics();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rmse", finite(m.rmse()));
        out.put("mae", finite(m.mae()));
        out.put("mape", finite(m.mape()));
        out.put("bias", finite(m.bias()));
        out.put("coverage", finite(m.coverage()));
        out.put("n", m.n());
        if (s.error() != null) {
            out.put("error", s.error());
        }
        return out;
    }

    private static Map<String, Object> forecast(CsvSeries series, Forecast fc) {
        List<String> dates = new ArrayList<>();
        var last = series.times().get(series.times().size() - 1);
        for (int k = 1; k <= fc.horizon(); k++) {
            dates.add(series.step().after(last, k).toString());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dates", dates);
        out.put("yhat", fc.yhat());
        out.put("yhat_lower", fc.lower());
        out.put("yhat_upper", fc.upper());
        return out;
    }

    /** JSON has no NaN: non-finite metrics are null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
