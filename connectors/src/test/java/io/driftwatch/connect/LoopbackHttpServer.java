package io.driftwatch.connect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) for the HTTP sinks' tests. Each request is
 * recorded, then answered by the {@link Responder} (which may also decide the request was not
 * "processed" and leave it unrecorded).
 */
public final class LoopbackHttpServer implements AutoCloseable {
    static {
        // without it, Nagle + delayed ACKs add ~40 ms to every small response
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One received request. */
    public record Received(String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** The answer to one request: status, headers, body, and whether the server "processed" it. */
    public record Answer(int status, Map<String, String> headers, String body, boolean processed) {
        public static Answer ok() {
            return new Answer(200, Map.of(), "ok", true);
        }

        public static Answer status(int status, String body) {
            return new Answer(status, Map.of(), body, status < 300);
        }
    }

    /** Decides the answer for request number {@code n} (0-based). */
    @FunctionalInterface
    public interface Responder {
        Answer answer(int n, String body) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Received> processed = new ArrayList<>();
    private volatile Responder responder = (n, body) -> Answer.ok();
    private int requests;

    public LoopbackHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public void respond(Responder r) {
        this.responder = r;
    }

    /** The URL of a path on this server. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public synchronized List<Received> processed() {
        return List.copyOf(processed);
    }

    public synchronized int requestCount() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int n;
        synchronized (this) {
            n = requests++;
        }
        Answer answer;
        try {
            answer = responder.answer(n, body);
        } catch (Exception e) {
            answer = Answer.status(500, "responder failed: " + e);
        }
        if (answer.processed()) {
            synchronized (this) {
                processed.add(new Received(exchange.getRequestURI().getPath(),
                        Map.copyOf(exchange.getRequestHeaders()), body));
            }
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
