package io.driftwatch.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The console's HTTP server over real HTTP on loopback, with a key required as on a non-loopback address. */
class ConsoleServerTest {

    private static final String KEY = "test-key-0123456789";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private ConsoleState state;
    private ConsoleServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        state = new ConsoleState(10, 100, 10, 10);
        state.applyAll(List.of(ConsoleRecords.evaluation("fx model", "7d", 1_700_000_000_000L, 1.0, 1.0, List.of()),
            ConsoleRecords.prediction("fx model", "7d", "USD/CLP", 1_700_000_000_000L, 950)), 1);
        server = new ConsoleServer(state, new ApiKeyGuard(KEY, 3, System::currentTimeMillis), "127.0.0.1", 0);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiAnswers401WithoutTheKeyAndJsonWithIt() throws Exception {
        HttpResponse<String> refused = get("/api/fleet");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain(KEY);

        HttpResponse<String> fleet = get("/api/fleet", "X-API-Key", KEY);
        assertThat(fleet.statusCode()).isEqualTo(200);
        assertThat(fleet.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(new ObjectMapper().readTree(fleet.body()).get("models").get(0).get("model").asText())
            .isEqualTo("fx model");

        // path segments are URL-encoded: spaces and slashes in ids
        assertThat(get("/api/models/fx%20model/7d", "X-API-Key", KEY).statusCode()).isEqualTo(200);
        HttpResponse<String> series = get("/api/series/fx%20model/7d/USD%2FCLP", "X-API-Key", KEY);
        assertThat(series.statusCode()).isEqualTo(200);
        assertThat(series.body()).contains("\"predicted\":950.0");
        assertThat(get("/api/models/nope/7d", "X-API-Key", KEY).statusCode()).isEqualTo(404);
        assertThat(get("/api/models/fx%20model/7d?from=yesterday", "X-API-Key", KEY).statusCode()).isEqualTo(400);
        // a page without credentials goes to the login form
        HttpResponse<String> page = get("/model.html");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).contains("/login.html?next=%2Fmodel.html");
        assertThat(get("/login.html").statusCode()).isEqualTo(200);
    }

    @Test
    void repeatedWrongKeysFromOneAddressGet429() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/api/fleet", "X-API-Key", "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = get("/api/fleet", "X-API-Key", KEY);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("60");
    }

    @Test
    void theLoginFormSetsAnHttpOnlyCookieThatOpensTheApiAndPages() throws Exception {
        HttpResponse<String> wrong = post("key=nope&next=%2Fmodel.html");
        assertThat(wrong.statusCode()).isEqualTo(303);
        assertThat(wrong.headers().firstValue("Location")).contains("/login.html?error=1&next=%2Fmodel.html");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> ok = post("key=" + KEY + "&next=%2F%2Fevil.example");
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location")).contains("/"); // never off-site
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(KEY);
        String session = cookie.substring(0, cookie.indexOf(';'));

        assertThat(get("/api/fleet", "Cookie", session).statusCode()).isEqualTo(200);
        HttpResponse<String> index = get("/", "Cookie", session);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        HttpResponse<String> uplot = get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "Cookie", session);
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get("/webjars/../../io/driftwatch/ui/UiConfig.class", "Cookie", session).statusCode())
            .isEqualTo(404);
    }

    @Test
    void eventsTellTheBrowserWhenTheAggregatesChanged() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/events")).header("X-API-Key", KEY)
            .build();
        HttpResponse<InputStream> events = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.headers().firstValue("Content-Type")).contains("text/event-stream; charset=utf-8");
        try (InputStream in = events.body()) {
            assertThat(new String(in.readNBytes("retry: 2000\n\n".length()), StandardCharsets.UTF_8))
                .isEqualTo("retry: 2000\n\n");
            state.applyAll(List.of(ConsoleRecords.actual("USD/CLP", 1_700_000_000_000L, 951)), 2);
            String event = new String(in.readNBytes("event: update\ndata: {\"time\":".length()),
                StandardCharsets.UTF_8);
            assertThat(event).isEqualTo("event: update\ndata: {\"time\":");
        }
    }

    private HttpResponse<String> post(String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
