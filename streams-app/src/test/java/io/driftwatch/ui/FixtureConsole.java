package io.driftwatch.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the console's server, for fast page tests: serves the pages from the classpath
 * ({@code io/driftwatch/ui/web/}), uPlot from its WebJar, and canned API answers from
 * {@code src/test/resources/io/driftwatch/ui/fixture/} (filtered by tenant and by from/to as the real API
 * does). {@link #update} changes the canned fleet and sends an {@code update} event to every open
 * {@code /api/events} stream. Loopback only.
 */
final class FixtureConsole implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<OutputStream> streams = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final boolean events;
    private volatile ObjectNode fleet;

    /** @param events whether /api/events answers (false: 404, so the pages fall back to polling) */
    FixtureConsole(boolean events) throws IOException {
        this.events = events;
        this.fleet = (ObjectNode) fixture("fleet.json");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String page) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + page;
    }

    /** Every request's path and query, in order. */
    List<String> requests() {
        return requests;
    }

    /** Changes the canned fleet and tells the open event streams. */
    void update(UnaryOperator<ObjectNode> change) throws IOException {
        fleet = change.apply(fleet.deepCopy());
        for (OutputStream out : streams) {
            try {
                out.write("event: update\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException closed) {
                streams.remove(out);
            }
        }
    }

    ObjectNode fleet() {
        return fleet;
    }

    private void handle(HttpExchange ex) throws IOException {
        URI uri = ex.getRequestURI();
        String path = uri.getPath();
        requests.add(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
        Map<String, String> query = query(uri.getRawQuery());
        try {
            if (path.equals("/api/events")) {
                events(ex);
            } else if (path.equals("/api/fleet")) {
                json(ex, tenant(fleet, query.get("tenant")));
            } else if (path.equals("/api/models/fx/7d")) {
                json(ex, between(fixture("model-fx-7d.json"), "evaluations", query));
            } else if (path.equals("/api/series/fx/7d/USDCLP")) {
                JsonNode series = fixture("series-fx-7d-USDCLP.json");
                for (String list : List.of("points", "anomalies", "drift")) {
                    series = between(series, list, query);
                }
                json(ex, series);
            } else if (path.startsWith("/api/")) {
                send(ex, 404, "application/json", "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
            } else {
                resource(ex, path);
            }
        } finally {
            if (!path.equals("/api/events") || !events) {
                ex.close();
            }
        }
    }

    private void events(HttpExchange ex) throws IOException {
        if (!events) {
            send(ex, 404, "text/plain", new byte[0]);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        streams.add(out);
    }

    private void resource(HttpExchange ex, String path) throws IOException {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        String location = name.startsWith("webjars/")
                ? "META-INF/resources/" + name
                : "io/driftwatch/ui/web/" + name;
        if (name.contains("..")) {
            send(ex, 400, "text/plain", new byte[0]);
            return;
        }
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                send(ex, 404, "text/plain", ("no " + name).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            send(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
        }
    }

    private static JsonNode tenant(ObjectNode fleet, String tenant) {
        if (tenant == null) {
            return fleet;
        }
        ObjectNode copy = fleet.deepCopy();
        ArrayNode models = copy.putArray("models");
        fleet.get("models").forEach(m -> {
            if (tenant.equals(m.path("tenant").asText())) {
                models.add(m);
            }
        });
        return copy;
    }

    /** The document with {@code list} cut to the items whose time is in [from, to]. */
    private static JsonNode between(JsonNode doc, String list, Map<String, String> query) {
        long from = Long.parseLong(query.getOrDefault("from", String.valueOf(Long.MIN_VALUE)));
        long to = Long.parseLong(query.getOrDefault("to", String.valueOf(Long.MAX_VALUE)));
        ObjectNode copy = doc.deepCopy();
        ArrayNode kept = copy.putArray(list);
        doc.get(list).forEach(item -> {
            long t = item.get("time").asLong();
            if (t >= from && t <= to) {
                kept.add(item);
            }
        });
        return copy;
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = FixtureConsole.class.getResourceAsStream("fixture/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void json(HttpExchange ex, JsonNode body) throws IOException {
        send(ex, 200, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        streams.forEach(out -> {
            try {
                out.close();
            } catch (IOException ignored) {
                // the browser went away first
            }
        });
        server.stop(0);
        threads.shutdownNow();
    }
}
