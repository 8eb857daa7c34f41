package io.driftwatch.ui;

import static io.driftwatch.ui.ConsoleRecords.DAY;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.Severity;

/**
 * Scale benchmark of the console (a main, not a test): one model:horizon with {@code series} series and {@code
 * days} days of predictions and actuals (the default ring of 400 points per series full), one evaluation a day,
 * some triggers and anomalies, fed to the aggregates directly; then the HTTP endpoints over loopback, each
 * {@code rounds} times after {@code rounds} warm-up requests: the time from sending the request to the last
 * byte of the answer (the server's work plus a loopback round trip) and the server-side rendering alone.
 *
 * <pre>
 * java -Xmx2g -cp ... io.driftwatch.ui.ConsoleBenchmark [series=10000] [days=400] [rounds=20]
 * </pre>
 */
public final class ConsoleBenchmark {

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int series = 10_000;
        int days = 400;
        int rounds = 20;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "series" -> series = Integer.parseInt(kv[1]);
                case "days" -> days = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        ConsoleState state = new ConsoleState(400, 1_000_000, 5_000, 1_000);
        long t0 = 1_600_000_000_000L / DAY * DAY;
        long start = System.nanoTime();
        feed(state, series, days, t0);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf(Locale.ROOT, "fed %,d series x %d days (%,d predictions + %,d actuals) in %.1f s;"
            + " heap used %,d MB%n", series, days, (long) series * days, (long) series * days,
            (System.nanoTime() - start) / 1e9, (rt.totalMemory() - rt.freeMemory()) >> 20);

        ConsoleServer server = new ConsoleServer(state, new ApiKeyGuard(null, 10, System::currentTimeMillis),
            "127.0.0.1", 0);
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newHttpClient();
            ConsoleViews views = new ConsoleViews(state);
            Random random = new Random(1);
            int n = series;
            measure("GET /api/fleet", rounds, http, () -> base + "/api/fleet", () -> views.fleet(null));
            measure("GET /api/models/bench/1d", rounds, http, () -> base + "/api/models/bench/1d",
                () -> views.model("bench", "1d", Long.MIN_VALUE, Long.MAX_VALUE, 100));
            long from = t0 + (days - 90) * DAY;
            measure("GET /api/models/bench/1d?from=(last 90 days)", rounds, http,
                () -> base + "/api/models/bench/1d?from=" + from,
                () -> views.model("bench", "1d", from, Long.MAX_VALUE, 100));
            measure("GET /api/series/bench/1d/{random series}", rounds, http,
                () -> base + "/api/series/bench/1d/s" + random.nextInt(n),
                () -> views.series("bench", "1d", "s" + random.nextInt(n), Long.MIN_VALUE, Long.MAX_VALUE));
        } finally {
            server.close();
        }
    }

    private static void feed(ConsoleState state, int series, int days, long t0) {
        Random random = new Random(42);
        for (int d = 0; d < days; d++) {
            long t = t0 + d * DAY;
            List<Object> batch = new ArrayList<>(2 * series + 10);
            for (int s = 0; s < series; s++) {
                double level = 100 + s % 50;
                double yhat = level + random.nextGaussian();
                batch.add(ConsoleRecords.prediction("bench", "1d", "s" + s, t, yhat));
                batch.add(ConsoleRecords.actual("s" + s, t, level + random.nextGaussian() * (1 + s % 7)));
            }
            List<String> ids = new ArrayList<>();
            if (d % 10 == 9) {
                String id = "t" + d;
                ids.add(id);
                batch.add(ConsoleRecords.trigger(id, "bench", "1d", "s" + (d % series), t + DAY,
                    Recommendation.RETRAIN));
                batch.add(Anomaly.newBuilder().setAnomalyId("a" + d).setModelId("bench").setHorizon("1d")
                    .setSeriesId("s" + (d % series)).setEventTime(Instant.ofEpochMilli(t))
                    .setDetectedAt(Instant.ofEpochMilli(t)).setActual(1).setYhat(2).setResidual(-1)
                    .setRobustZ(-4).setMedian(0).setMad(0.25).setThreshold(3.5).setSeverity(Severity.HIGH).build());
            }
            batch.add(ConsoleRecords.evaluation("bench", "1d", t, 1.0, 1.0, ids));
            state.applyAll(batch, System.currentTimeMillis());
        }
    }

    private interface Url {
        String next();
    }

    private static void measure(String name, int rounds, HttpClient http, Url url, Runnable render)
            throws Exception {
        long bytes = 0;
        for (int i = 0; i < rounds; i++) { // warm-up: JIT, connection
            bytes = http.send(HttpRequest.newBuilder(URI.create(url.next())).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body().length;
        }
        double[] httpMs = new double[rounds];
        double[] renderMs = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long s = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url.next())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
            httpMs[i] = (System.nanoTime() - s) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(name + " answered " + r.statusCode());
            }
            s = System.nanoTime();
            render.run();
            renderMs[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(httpMs);
        Arrays.sort(renderMs);
        System.out.printf(Locale.ROOT, "%-50s %8.1f KB  http p50 %7.1f ms  max %7.1f ms   render p50 %7.1f ms"
            + "  max %7.1f ms%n", name, bytes / 1024.0, httpMs[rounds / 2], httpMs[rounds - 1],
            renderMs[rounds / 2], renderMs[rounds - 1]);
    }
}
