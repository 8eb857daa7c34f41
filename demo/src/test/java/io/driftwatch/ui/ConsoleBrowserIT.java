package io.driftwatch.ui;

import static io.driftwatch.ui.Chromium.allByTestId;
import static io.driftwatch.ui.Chromium.attr;
import static io.driftwatch.ui.Chromium.byTestId;
import static io.driftwatch.ui.Chromium.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import io.driftwatch.avro.Severity;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.demo.Demo;
import io.driftwatch.launch.Apps;
import io.driftwatch.topics.Topics;

/**
 * The console end to end, as a user sees it: the demo's pipeline runs on a real in-process broker (history,
 * regime change, triggers, retrains; 35 days after the change so that it ends soon after the first
 * promotion), the demo's console follows its topics, and headless Chromium opens each page. The fleet lists
 * the models; the fx:7d chart has one point per evaluation on {@code monitor-evaluations} and a trigger
 * marker after the regime change; the first promoted model's timeline goes v1 -> v2 with its validation
 * table; its top series plots forecasts of v1, then v2. A console bound to a non-loopback address answers
 * 401 without the API key and lets a browser in through the login form. Screenshots of each page go to
 * {@code target/console-screenshots/}.
 */
class ConsoleBrowserIT {

    private static final int DAYS = 335;
    private static final int CHANGE_DAY = 300;
    private static final Instant CHANGE = Instant.parse("2022-01-01T00:00:00Z").plus(Duration.ofDays(CHANGE_DAY));
    private static final Pattern KEPT_RUNNING = Pattern.compile("bootstrap\\.servers=(\\S+)");
    private static final Pattern CONSOLE_URL = Pattern.compile("web console: (http://\\S+)");
    /** Generous: the demo feeds one simulated step at a time and waits for the apps, which a busy machine slows. */
    private static final Duration DEMO_LIMIT = Duration.ofMinutes(6);
    private static final String KEY_VARIABLE = "DRIFTWATCH_CONSOLE_IT_KEY";
    private static final Pattern PROMOTED = Pattern.compile("PROMOTED (\\S+:\\S+) v1 -> v2");
    private static final String FX = "fx:7d";

    @Test
    @Timeout(600)
    void theConsoleShowsWhatThePipelineDid() throws Exception {
        Chromium.assumeInstalled();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Thread demo = new Thread(() -> runDemo(out), "console-it-demo");
        demo.start();
        try {
            String bootstrap = await("the demo's pipeline finished and kept running")
                    .atMost(Duration.ofMinutes(7))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> keptRunning(printed), b -> b != null || !demo.isAlive());
            assertThat(bootstrap).as(text(printed)).isNotNull();
            assertThat(text(printed)).as("the demo fed every day within %s\n%s", DEMO_LIMIT, text(printed))
                    .doesNotContain("deadline reached");
            Matcher promoted = PROMOTED.matcher(text(printed));
            assertThat(promoted.find()).as("a model was promoted to v2\n" + text(printed)).isTrue();
            Matcher url = CONSOLE_URL.matcher(text(printed));
            assertThat(url.find()).as("the demo prints the console's address\n" + text(printed)).isTrue();
            try (Browser browser = new Browser()) {
                pagesOnLoopback(browser.driver, url.group(1).replaceAll("/$", ""), bootstrap, promoted.group(1));
            }
            String key = "console-it-" + UUID.randomUUID();
            Map<String, Object> settings = Map.of(
                    CommonConfig.BOOTSTRAP_SERVERS, bootstrap,
                    UiConfig.BIND_ADDRESS, "0.0.0.0",
                    UiConfig.PORT, "0",
                    UiConfig.API_KEY_ENV, KEY_VARIABLE);
            try (ConsoleApp console = Apps.console(settings, Map.of(KEY_VARIABLE, key)).start();
                    Browser browser = new Browser()) {
                apiKeyRequired(browser.driver, "http://127.0.0.1:" + console.port(), key);
            }
        } finally {
            demo.interrupt();
            demo.join(Duration.ofMinutes(1).toMillis());
        }
    }

    private static void pagesOnLoopback(ChromeDriver driver, String console, String bootstrap, String promoted)
            throws Exception {
        driver.get(console + "/");
        waitFor(driver, Duration.ofSeconds(30)).until(d -> fleet(d).containsAll(Set.of(FX, "sales:7d")));
        Chromium.screenshot(driver, "fleet");

        driver.findElement(By.cssSelector("[data-testid=fleet-row][data-model=fx][data-horizon='7d'] a")).click();
        waitFor(driver).until(d -> d.getCurrentUrl().contains("model.html?model=fx&horizon=7d"));
        // the console and the topic agree on every evaluation (re-counted: the last windows may still close)
        await("the fx:7d chart has one point per evaluation on monitor-evaluations")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    long onTopic = evaluationsOnTopic(bootstrap).getOrDefault(FX, 0L);
                    return onTopic > 0 && String.valueOf(onTopic).equals(attr(driver, "rmse-chart", "data-points"));
                });
        List<WebElement> markers = allByTestId(driver, "trigger-marker");
        // the last such marker: markers of consecutive days overlap, and the later one is drawn on top
        WebElement afterChange = markers.stream()
                .filter(m -> Long.parseLong(m.getDomAttribute("data-time")) >= CHANGE.toEpochMilli())
                .reduce((earlier, later) -> later)
                .orElseThrow(() -> new AssertionError("no trigger marker after the regime change on " + CHANGE
                        + " among " + markers.size()));
        afterChange.click();
        assertThat(byTestId(driver, "trigger-panel").getText())
                .contains(afterChange.getDomAttribute("data-trigger-id"));
        assertThat(allByTestId(driver, "series-row")).extracting(r -> r.getDomAttribute("data-series"))
                .contains("USDCLP");
        Chromium.screenshot(driver, "model-fx");

        // the first model the retrain service promoted: its timeline goes v1 -> v2
        String[] mh = promoted.split(":");
        driver.get(console + "/model.html?model=" + mh[0] + "&horizon=" + mh[1]);
        waitFor(driver, Duration.ofSeconds(30)).until(d -> versions(d).contains("v2 PROMOTED"));
        List<String> versions = versions(driver);
        assertThat(versions.get(0)).as("the version timeline of %s: %s", promoted, versions).startsWith("v1 ");
        assertThat(allByTestId(driver, "version").get(versions.indexOf("v2 PROMOTED"))
                .findElements(By.cssSelector("[data-testid=validation] tbody tr")))
                .as("the retrain report's validation table").isNotEmpty();
        Chromium.screenshot(driver, "model");

        WebElement top = allByTestId(driver, "series-row").get(0);
        String series = top.getDomAttribute("data-series");
        top.findElement(By.tagName("a")).click();
        waitFor(driver).until(d -> Integer.parseInt(attr(d, "forecast-chart", "data-points")) > 0);
        assertThat(attr(driver, "forecast-chart", "data-versions"))
                .as("forecasts of %s by v1, then v2", series).contains("1,2");
        Chromium.screenshot(driver, "series");
        assertThat(Chromium.severeLogs(driver)).as("errors in the browser's console").isEmpty();
    }

    private static List<String> versions(WebDriver driver) {
        return allByTestId(driver, "version").stream()
                .map(v -> "v" + v.getDomAttribute("data-version") + " " + v.getDomAttribute("data-event"))
                .collect(Collectors.toList());
    }

    private static void apiKeyRequired(ChromeDriver driver, String console, String key) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder fleet = HttpRequest.newBuilder(URI.create(console + "/api/fleet"));
        assertThat(http.send(fleet.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("no key").isEqualTo(401);
        assertThat(http.send(fleet.copy().header("X-API-Key", "not-" + key).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("a wrong key").isEqualTo(401);
        HttpResponse<String> ok = http.send(fleet.copy().header("X-API-Key", key).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"fx\"");

        driver.get(console + "/");
        waitFor(driver).until(d -> d.getCurrentUrl().contains("/login.html"));
        Chromium.screenshot(driver, "login");
        byTestId(driver, "api-key").sendKeys("not-" + key);
        byTestId(driver, "sign-in").click();
        waitFor(driver).until(d -> d.getCurrentUrl().contains("/login.html?error="));
        assertThat(driver.findElement(By.id("login-error")).isDisplayed()).isTrue();
        byTestId(driver, "api-key").sendKeys(key);
        byTestId(driver, "sign-in").click();
        waitFor(driver, Duration.ofSeconds(30)).until(d -> fleet(d).contains(FX));
    }

    private static List<String> fleet(WebDriver driver) {
        return allByTestId(driver, "fleet-row").stream()
                .map(r -> r.getDomAttribute("data-model") + ":" + r.getDomAttribute("data-horizon"))
                .collect(Collectors.toList());
    }

    /** Evaluations per model:horizon (the record key) on monitor-evaluations, committed ones only. */
    private static Map<String, Long> evaluationsOnTopic(String bootstrap) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Long> counts = new HashMap<>();
        String topic = Topics.from(new CommonConfig(Map.of(CommonConfig.BOOTSTRAP_SERVERS, bootstrap)))
                .monitorEvaluations.name();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end in 20 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    counts.merge(r.key(), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private static void runDemo(PrintStream out) {
        try {
            new Demo(new Demo.Options(DAYS, CHANGE_DAY, 42, DEMO_LIMIT, true, List.of(), Severity.HIGH), out)
                    .run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the test is done with it
        }
    }

    private static String keptRunning(ByteArrayOutputStream printed) {
        Matcher m = KEPT_RUNNING.matcher(text(printed));
        return m.find() ? m.group(1) : null;
    }

    private static String text(ByteArrayOutputStream printed) {
        synchronized (printed) {
            return printed.toString(StandardCharsets.UTF_8);
        }
    }

    /** One browser per console, closed with it. */
    private static final class Browser implements AutoCloseable {
        final ChromeDriver driver = Chromium.start();

        @Override
        public void close() {
            driver.quit();
        }
    }
}
