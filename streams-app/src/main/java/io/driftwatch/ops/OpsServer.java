package io.driftwatch.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.driftwatch.app.RunningApp;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.config.OpsConfig;
import io.driftwatch.telemetry.Telemetry;

/**
 * The operations HTTP endpoint of one process (JDK HttpServer, one thread):
 * <ul>
 *   <li>{@code GET /metrics}: every meter in Prometheus text format (0.0.4), or OpenMetrics when asked
 *       by the Accept header;</li>
 *   <li>{@code GET /health}: 200 {@code UP} while the process is live, 503 with the problems otherwise;</li>
 *   <li>{@code GET /ready}: 200 {@code READY} when every app is RUNNING, 503 with the apps not running.</li>
 * </ul>
 * Read-only: it exposes no action, so it needs no authentication; bind it to a private address
 * ({@code metrics.bind-address}, default 127.0.0.1). Bodies never hold settings or secrets.
 */
public final class OpsServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code bindAddress:port} (port 0 picks a free one).
     *
     * @param liveness  problems that make the process not live (empty = live)
     * @param readiness problems that make it not ready (empty = ready)
     */
    public static OpsServer start(String bindAddress, int port, PrometheusMeterRegistry registry,
                                  Supplier<List<String>> liveness, Supplier<List<String>> readiness) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve metrics on " + bindAddress + ":" + port + " (metrics.port / --metrics-port): "
                            + e.getMessage(),
                    e);
        }
        server.createContext("/metrics", exchange -> {
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            String contentType = accept != null && accept.contains("application/openmetrics-text")
                    ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                    : "text/plain; version=0.0.4; charset=utf-8";
            respond(exchange, 200, contentType, registry.scrape(contentType));
        });
        server.createContext("/health", exchange -> probe(exchange, liveness.get(), "UP"));
        server.createContext("/ready", exchange -> probe(exchange, readiness.get(), "READY"));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "driftwatch-ops-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new OpsServer(server, executor);
    }

    /**
     * Starts the endpoint for the apps of {@code run} when {@code metrics.port} is not -1; returns
     * null otherwise. Call before creating the apps: it attaches the Prometheus registry.
     */
    public static OpsServer startIfEnabled(CommonConfig config, Collection<? extends RunningApp> apps) {
        int port = config.getInt(OpsConfig.METRICS_PORT);
        if (port == OpsConfig.OFF) {
            return null;
        }
        Probes probes = new Probes(apps);
        return start(
                config.getString(OpsConfig.METRICS_BIND_ADDRESS),
                port,
                Telemetry.prometheus(),
                probes::liveness,
                probes::readiness);
    }

    private static void probe(HttpExchange exchange, List<String> problems, String ok) throws IOException {
        if (problems.isEmpty()) {
            respond(exchange, 200, "text/plain; charset=utf-8", ok + "\n");
        } else {
            respond(exchange, 503, "text/plain; charset=utf-8", String.join("\n", problems) + "\n");
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://address:port} of this endpoint. */
    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
