package io.driftwatch.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.app.RunningApp;

/**
 * The web console ({@code driftwatch ui}): a {@link ConsoleFeed} thread filling a {@link ConsoleState} from the
 * topics and a {@link ConsoleServer} answering from it. Read-only: it writes nothing to Kafka and commits no
 * offsets. Stops when closed or when its consumer fails ({@link #failure()}).
 *
 * <pre>
 * ConsoleApp ui = ConsoleApp.create(new UiConfig(settings), System.getenv()).start();
 * System.out.println(ui.url());
 * </pre>
 */
public final class ConsoleApp implements RunningApp {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);

    private final UiConfig config;
    private final ConsoleState state;
    private final ConsoleFeed feed;
    private final ConsoleServer server;
    private final Thread feedThread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;

    private ConsoleApp(UiConfig config, String apiKey) throws IOException {
        this.config = config;
        this.state = new ConsoleState(config);
        this.feed = new ConsoleFeed(config, state, System::currentTimeMillis);
        ApiKeyGuard guard = new ApiKeyGuard(apiKey, config.authMaxFailures(), System::currentTimeMillis);
        this.server = new ConsoleServer(state, guard, config.bindAddress(), config.port());
        this.feedThread = new Thread(this::runFeed, "driftwatch-ui-feed");
        this.feedThread.setDaemon(true);
    }

    /**
     * A console from its settings; the API key comes from {@code env} or the key file (see {@link UiConfig}).
     *
     * @throws org.apache.kafka.common.config.ConfigException when it binds beyond loopback without a key
     */
    public static ConsoleApp create(UiConfig config, Map<String, String> env) {
        String key = ApiKeys.resolve(config, env);
        try {
            return new ConsoleApp(config, key);
        } catch (IOException e) {
            throw new UncheckedIOException("the console cannot listen on " + config.bindAddress() + ":"
                + config.port() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "ui";
    }

    @Override
    public ConsoleApp start() {
        server.start();
        feedThread.start();
        LOG.info("console at {} (API key {})", url(), ApiKeys.isLoopback(config.bindAddress())
            ? "not required on loopback" : "required");
        return this;
    }

    private void runFeed() {
        try {
            feed.run();
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("the console's consumer failed; the console stops", e);
        } finally {
            stopped.countDown();
        }
    }

    /** The console's address, e.g. {@code http://127.0.0.1:8080/} (the wildcard address shows this host's name). */
    public String url() {
        String host = config.bindAddress();
        try {
            if (InetAddress.getByName(host).isAnyLocalAddress()) {
                host = InetAddress.getLocalHost().getHostName();
            }
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/";
    }

    public int port() {
        return server.port();
    }

    /** Waits until the records on the topics at start are read; false when the timeout passed first. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return feed.awaitCaughtUp(timeout);
    }

    /** The aggregates, for benchmarks and tests that feed them directly. */
    ConsoleState state() {
        return state;
    }

    @Override
    public ConsoleApp awaitRunning(Duration timeout) throws InterruptedException {
        if (stopped.await(0, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the console stopped", failure);
        }
        return this; // the server answers from start(); the aggregates fill as the feed reads
    }

    @Override
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        feed.close();
        try {
            feedThread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        stopped.countDown();
    }
}
