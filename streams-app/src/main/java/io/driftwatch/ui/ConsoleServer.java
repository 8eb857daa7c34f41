package io.driftwatch.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The console's HTTP server (the JDK's {@link HttpServer}): the JSON API of {@link ConsoleViews}, the server-sent
 * update events, the login form, the pages from the classpath folder {@value #WEB} and WebJars from
 * {@value #WEBJARS}. Every request but the login page and its assets passes {@link ApiKeyGuard} first: 401
 * without credentials (pages redirect to the login form), 429 once the address failed too often.
 *
 * <p>Read-only: GET and HEAD everywhere, POST only on {@code /login}. Nothing it logs holds a key or a session.
 */
public final class ConsoleServer implements AutoCloseable {

    static final String WEB = "io/driftwatch/ui/web/";
    static final String WEBJARS = "META-INF/resources/webjars/";
    /** Open event streams at most; a further one gets 503. */
    static final int MAX_EVENT_STREAMS = 32;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final Map<String, String> TYPES = Map.of(
        "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
        "json", "application/json", "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon",
        "map", "application/json", "txt", "text/plain; charset=utf-8", "mjs", "text/javascript; charset=utf-8");

    private final ConsoleViews views;
    private final ConsoleState state;
    private final ApiKeyGuard guard;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Semaphore eventStreams = new Semaphore(MAX_EVENT_STREAMS);
    private volatile boolean stopping;

    ConsoleServer(ConsoleState state, ApiKeyGuard guard, String bindAddress, int port) throws IOException {
        this.state = state;
        this.views = new ConsoleViews(state);
        this.guard = guard;
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "driftwatch-ui-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    /** The port it listens on (the chosen one for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        stopping = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                dispatch(ex);
            } catch (BadQuery e) {
                error(ex, 400, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("console request {} failed", ex.getRequestURI().getRawPath(), e);
                if (ex.getResponseCode() == -1) {
                    error(ex, 500, "internal error");
                }
            }
        }
    }

    private void dispatch(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("X-Frame-Options", "DENY");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        if (path.equals("/login") && method.equals("POST")) {
            login(ex);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            error(ex, 405, "method not allowed");
            return;
        }
        if (!isLoginAsset(path) && !authorized(ex, path)) {
            return;
        }
        route(ex, path);
    }

    private void route(HttpExchange ex, String path) throws IOException {
        if (path.equals("/api/fleet")) {
            json(ex, views.fleet(Query.parse(ex.getRequestURI()).get("tenant")));
        } else if (path.startsWith("/api/models/")) {
            String[] p = segments(path, "/api/models/", 2);
            Query q = Query.parse(ex.getRequestURI());
            if (p == null || q == null) {
                error(ex, p == null ? 404 : 400, p == null ? "expected /api/models/{model}/{horizon}" : "bad query");
                return;
            }
            int limit = (int) Math.min(100_000, Math.max(0, q.number("seriesLimit", 100)));
            byte[] body = views.model(p[0], p[1], q.number("from", Long.MIN_VALUE), q.number("to", Long.MAX_VALUE),
                limit);
            orNotFound(ex, body, "no model " + p[0] + " horizon " + p[1]);
        } else if (path.startsWith("/api/series/")) {
            String[] p = segments(path, "/api/series/", 3);
            Query q = Query.parse(ex.getRequestURI());
            if (p == null || q == null) {
                error(ex, p == null ? 404 : 400,
                    p == null ? "expected /api/series/{model}/{horizon}/{series}" : "bad query");
                return;
            }
            orNotFound(ex, views.series(p[0], p[1], p[2], q.number("from", Long.MIN_VALUE),
                q.number("to", Long.MAX_VALUE)), "no series " + p[2] + " of model " + p[0] + " horizon " + p[1]);
        } else if (path.equals("/api/events")) {
            events(ex);
        } else if (path.startsWith("/api/")) {
            error(ex, 404, "no such endpoint");
        } else if (path.startsWith("/webjars/")) {
            resource(ex, WEBJARS + path.substring("/webjars/".length()));
        } else {
            resource(ex, WEB + (path.equals("/") ? "index.html" : path.substring(1)));
        }
    }

    private static boolean isLoginAsset(String path) {
        return path.equals("/login.html") || path.equals("/login.js") || path.equals("/console.css")
            || path.equals("/favicon.ico") || path.equals("/favicon.svg");
    }

    private boolean authorized(HttpExchange ex, String path) throws IOException {
        String remote = ex.getRemoteAddress().getAddress().getHostAddress();
        ApiKeyGuard.Decision d = guard.check(remote, ex.getRequestHeaders().getFirst(ApiKeyGuard.HEADER),
            cookie(ex, ApiKeyGuard.COOKIE));
        if (d == ApiKeyGuard.Decision.ALLOWED) {
            return true;
        }
        if (d == ApiKeyGuard.Decision.RATE_LIMITED) {
            ex.getResponseHeaders().set("Retry-After", "60");
            error(ex, 429, "too many failed attempts from this address; retry in a minute");
        } else if (!path.startsWith("/api/") && !path.startsWith("/webjars/")) {
            redirect(ex, "/login.html?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
        } else {
            ex.getResponseHeaders().set("WWW-Authenticate", "ApiKey header=\"" + ApiKeyGuard.HEADER + "\"");
            error(ex, 401, "an API key is required: header " + ApiKeyGuard.HEADER + " or sign in at /login.html");
        }
        return false;
    }

    private void login(HttpExchange ex) throws IOException {
        String remote = ex.getRemoteAddress().getAddress().getHostAddress();
        if (guard.limited(remote)) {
            ex.getResponseHeaders().set("Retry-After", "60");
            error(ex, 429, "too many failed attempts from this address; retry in a minute");
            return;
        }
        byte[] form;
        try (InputStream in = ex.getRequestBody()) {
            form = in.readNBytes(8192);
        }
        Map<String, String> fields = Query.fields(new String(form, StandardCharsets.UTF_8));
        String next = fields.getOrDefault("next", "/");
        if (!next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
            next = "/"; // only paths of this console: no open redirect
        }
        String token = guard.login(remote, fields.get("key"));
        if (token == null) {
            redirect(ex, "/login.html?error=1&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            return;
        }
        ex.getResponseHeaders().add("Set-Cookie", ApiKeyGuard.COOKIE + "=" + token
            + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + ApiKeyGuard.SESSION_HOURS * 3600);
        redirect(ex, next);
    }

    /** Server-sent events: an {@code update} with {"time":ms} at most once a second when the aggregates moved. */
    private void events(HttpExchange ex) throws IOException {
        if (!eventStreams.tryAcquire()) {
            error(ex, 503, "too many open event streams");
            return;
        }
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long seen = state.changes();
            long lastBeat = System.nanoTime();
            while (!stopping && !Thread.currentThread().isInterrupted()) {
                Thread.sleep(1000); // the pace of the stream: one update a second at most
                long now = state.changes();
                if (now != seen) {
                    seen = now;
                    out.write(("event: update\ndata: {\"time\":" + System.currentTimeMillis() + "}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastBeat = System.nanoTime();
                } else if (System.nanoTime() - lastBeat > 15_000_000_000L) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8)); // finds closed connections
                    out.flush();
                    lastBeat = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("event stream closed: {}", e.getMessage());
        } finally {
            eventStreams.release();
        }
    }

    private void resource(HttpExchange ex, String name) throws IOException {
        if (name.contains("..") || name.contains("//") || name.endsWith("/")) {
            error(ex, 404, "not found");
            return;
        }
        InputStream in = ConsoleServer.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            error(ex, 404, "not found");
            return;
        }
        byte[] body;
        try (in) {
            body = in.readAllBytes();
        }
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        ex.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
        ex.getResponseHeaders().set("Cache-Control", name.startsWith(WEBJARS) ? "max-age=86400" : "no-cache");
        if (ext.equals("html")) {
            ex.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
        }
        send(ex, 200, body);
    }

    private static void orNotFound(HttpExchange ex, byte[] body, String message) throws IOException {
        if (body == null) {
            error(ex, 404, message);
        } else {
            json(ex, body);
        }
    }

    private static void json(HttpExchange ex, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, 200, body);
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        String body = "{\"error\":\"" + escaped + "\",\"status\":" + status + "}";
        send(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(303, -1);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String cookie(HttpExchange ex, String name) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(name + "=")) {
                    return p.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    /** The {@code n} URL-decoded path segments after {@code prefix}, null when there are not exactly n. */
    static String[] segments(String rawPath, String prefix, int n) {
        String[] raw = rawPath.substring(prefix.length()).split("/", -1);
        if (raw.length != n) {
            return null;
        }
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = URLDecoder.decode(raw[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            if (out[i].isEmpty()) {
                return null;
            }
        }
        return out;
    }

    /** Query parameters; {@link #parse} is null when a parameter is malformed. */
    record Query(Map<String, String> values) {

        static Query parse(URI uri) {
            try {
                return new Query(fields(uri.getRawQuery()));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        String get(String name) {
            return values.get(name);
        }

        /** A number parameter (epoch millis, counts); {@code absent} when missing. */
        long number(String name, long absent) {
            String v = values.get(name);
            if (v == null || v.isEmpty()) {
                return absent;
            }
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new BadQuery(name + " must be an integer (epoch millis or a count), was '" + v + "'");
            }
        }

        static Map<String, String> fields(String raw) {
            Map<String, String> out = new HashMap<>();
            if (raw == null || raw.isEmpty()) {
                return out;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            }
            return out;
        }
    }

    /** A query parameter that does not parse: answered 400 with this message. */
    static final class BadQuery extends RuntimeException {
        BadQuery(String message) {
            super(message);
        }
    }
}
