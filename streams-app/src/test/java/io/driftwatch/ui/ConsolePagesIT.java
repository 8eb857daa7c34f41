package io.driftwatch.ui;

import static io.driftwatch.ui.Chromium.allByTestId;
import static io.driftwatch.ui.Chromium.attr;
import static io.driftwatch.ui.Chromium.byTestId;
import static io.driftwatch.ui.Chromium.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The console's pages in headless Chromium against {@link FixtureConsole} (canned API answers): what a user
 * sees on the fleet, model, series and login pages, sorting, filters, the range selector, trigger markers,
 * and live updates by server-sent events and by polling when the event stream is not there.
 */
@Timeout(120)
class ConsolePagesIT {

    private static ChromeDriver driver;
    private static FixtureConsole console;

    @BeforeAll
    static void start() throws Exception {
        driver = Chromium.start();
        console = new FixtureConsole(true);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (console != null) {
            console.close();
        }
    }

    @AfterEach
    void noScriptErrors() {
        assertThat(Chromium.severeLogs(driver)).as("errors in the browser's console").isEmpty();
    }

    private static List<String> fleetRows() {
        return allByTestId(driver, "fleet-row").stream()
                .map(r -> r.getDomAttribute("data-model") + ":" + r.getDomAttribute("data-horizon") + "/"
                        + r.findElements(By.tagName("td")).get(2).getText())
                .collect(Collectors.toList());
    }

    @Test
    void fleetListsEveryModelSortsAndFilters() throws Exception {
        driver.get(console.url("index.html"));
        waitFor(driver).until(d -> fleetRows().size() == 4);
        assertThat(fleetRows())
                .containsExactly("fx:7d/markets", "sales:1d/acme", "sales:1d/globex", "sales:7d/initech");
        WebElement fx = allByTestId(driver, "fleet-row").get(0);
        assertThat(fx.findElement(By.cssSelector("[data-testid=status]")).getText()).isEqualTo("OK");
        assertThat(fx.findElement(By.cssSelector("[data-testid=config-version]")).getText()).isEqualTo("v2");
        assertThat(fx.getText()).contains("performance degradation", "HIGH");
        Chromium.screenshot(driver, "fixture-fleet");

        // sort by status: the most urgent first; again: reversed
        driver.findElement(By.cssSelector("th[data-key=status] button")).click();
        assertThat(allByTestId(driver, "fleet-row").stream().map(r -> r.getDomAttribute("data-status")))
                .containsExactly("DRIFTING", "DEGRADED", "RETRAINING", "OK");
        assertThat(driver.findElement(By.cssSelector("th[data-key=status]")).getDomAttribute("aria-sort"))
                .isEqualTo("ascending");
        driver.findElement(By.cssSelector("th[data-key=recentRmse] button")).click();
        driver.findElement(By.cssSelector("th[data-key=recentRmse] button")).click();
        assertThat(fleetRows()).as("descending recent RMSE, the one without a figure last")
                .containsExactly("sales:1d/acme", "sales:1d/globex", "fx:7d/markets", "sales:7d/initech");

        byTestId(driver, "text-filter").sendKeys("sales 1d");
        assertThat(fleetRows()).containsExactlyInAnyOrder("sales:1d/acme", "sales:1d/globex");
        byTestId(driver, "text-filter").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        assertThat(fleetRows()).hasSize(4);

        new Select(byTestId(driver, "tenant-filter")).selectByVisibleText("acme");
        waitFor(driver).until(d -> fleetRows().equals(List.of("sales:1d/acme")));
        assertThat(console.requests()).contains("/api/fleet?tenant=acme");
        assertThat(driver.getCurrentUrl()).endsWith("?tenant=acme");

        new Select(byTestId(driver, "tenant-filter")).selectByVisibleText("all tenants");
        waitFor(driver).until(d -> fleetRows().size() == 4);
        driver.findElement(By.linkText("fx")).click();
        waitFor(driver).until(d -> d.getCurrentUrl().endsWith("model.html?model=fx&horizon=7d"));
    }

    @Test
    void modelPageChartsEachEvaluationAndShowsTheTriggerAndVersions() throws Exception {
        driver.get(console.url("model.html?model=fx&horizon=7d"));
        WebDriverWait wait = waitFor(driver);
        wait.until(d -> "60".equals(attr(d, "rmse-chart", "data-points")));
        assertThat(byTestId(driver, "model-title").getText()).startsWith("fx:7d").contains("OK");
        assertThat(attr(driver, "mae-chart", "data-points")).isEqualTo("60");
        assertThat(attr(driver, "coverage-chart", "data-points")).isEqualTo("60");
        assertThat(driver.findElements(By.cssSelector("[data-testid=rmse-chart] canvas"))).isNotEmpty();

        List<WebElement> markers = allByTestId(driver, "trigger-marker");
        assertThat(markers).hasSize(1);
        assertThat(byTestId(driver, "trigger-panel").isDisplayed()).isFalse();
        markers.get(0).click();
        WebElement panel = byTestId(driver, "trigger-panel");
        assertThat(panel.isDisplayed()).isTrue();
        assertThat(panel.getText()).contains("performance degradation", "HIGH", "trg-fx-7d-0001", "RETRAIN");
        assertThat(panel.findElements(By.cssSelector("[data-testid=trigger-figure]")).stream()
                .map(f -> f.getDomAttribute("data-name"))).containsExactly("baselineRmse", "ratio", "recentRmse",
                "threshold");

        List<WebElement> versions = allByTestId(driver, "version");
        assertThat(versions.stream().map(v -> "v" + v.getDomAttribute("data-version") + " "
                + v.getDomAttribute("data-event"))).containsExactly("v1 PUBLISHED", "v2 PROMOTED");
        assertThat(versions.get(1).findElements(By.cssSelector("[data-testid=validation] tbody tr"))).hasSize(2);
        assertThat(versions.get(1).getText()).contains("rmse", "8.400", "19.700", "passed");

        List<WebElement> series = allByTestId(driver, "series-row");
        assertThat(series.stream().map(s -> s.getDomAttribute("data-series"))).containsExactly("USDCLP", "USDPEN");
        assertThat(series.get(0).getText()).contains("82.0%", "drift");
        Chromium.screenshot(driver, "fixture-model");

        new Select(byTestId(driver, "range")).selectByValue("30");
        // the newest evaluation and the 30 days before it
        wait.until(d -> "31".equals(attr(d, "rmse-chart", "data-points")));
        assertThat(driver.getCurrentUrl()).contains("range=30");
        assertThat(console.requests()).anyMatch(r -> r.startsWith("/api/models/fx/7d?from=1643587200000&to="));

        driver.findElement(By.linkText("USDCLP")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("series.html?model=fx&horizon=7d&series=USDCLP"));
    }

    @Test
    void seriesPageShowsForecastsVersionsAnomaliesAndDriftTests() throws Exception {
        driver.get(console.url("series.html?model=fx&horizon=7d&series=USDCLP"));
        waitFor(driver).until(d -> "120".equals(attr(d, "forecast-chart", "data-points")));
        assertThat(attr(driver, "forecast-chart", "data-anomalies")).isEqualTo("3");
        assertThat(attr(driver, "forecast-chart", "data-versions")).isEqualTo("1,2");
        assertThat(attr(driver, "drift-chart", "data-points")).isEqualTo("40");
        assertThat(Integer.parseInt(attr(driver, "drift-chart", "data-flagged"))).isPositive();
        assertThat(allByTestId(driver, "anomaly-row")).hasSize(3);
        assertThat(byTestId(driver, "series-facts").getText()).contains("120 forecasts", "v1, v2", "3 anomalies");
        Chromium.screenshot(driver, "fixture-series");
    }

    @Test
    void aChangeOnTheServerShowsWithoutAReload() {
        driver.get(console.url("index.html"));
        waitFor(driver).until(d -> "live".equals(attr(d, "live-status", "data-mode")));
        waitFor(driver).until(d -> allByTestId(d, "fleet-row").size() == 4);
        driver.executeScript("window.loadedOnce = true");
        updateStatus(console, "DRIFTING");
        try {
            waitFor(driver).until(d -> "DRIFTING".equals(firstRowStatus(d)));
            assertThat(driver.executeScript("return window.loadedOnce")).as("the same page, not a reload")
                    .isEqualTo(true);
        } finally {
            updateStatus(console, "OK"); // the other tests read the fixture's first model as OK
        }
    }

    /** The first fleet row's status, or null while the table is (re)rendered without rows. */
    private static String firstRowStatus(WebDriver d) {
        List<WebElement> rows = allByTestId(d, "fleet-row");
        return rows.isEmpty() ? null : rows.get(0).getDomAttribute("data-status");
    }

    @Test
    void withoutTheEventStreamThePagePollsEveryFiveSeconds() throws Exception {
        try (FixtureConsole noEvents = new FixtureConsole(false)) {
            driver.get(noEvents.url("index.html"));
            waitFor(driver).until(d -> allByTestId(d, "fleet-row").size() == 4);
            assertThat(attr(driver, "live-status", "data-mode")).isEqualTo("polling");
            updateStatus(noEvents, "ROLLED_BACK");
            waitFor(driver, Duration.ofSeconds(12)).until(d -> "ROLLED_BACK".equals(firstRowStatus(d)));
            driver.get("about:blank");
        }
        // the 404 on /api/events is logged by the browser: expected here
        Chromium.severeLogs(driver);
    }

    @Test
    void loginPageAsksForTheKeyAndKeepsThePageToReturnTo() throws Exception {
        driver.get(console.url("login.html?next=%2Fmodel.html%3Fmodel%3Dfx%26horizon%3D7d"));
        WebElement form = byTestId(driver, "login-form");
        assertThat(form.getDomAttribute("method")).isEqualTo("post");
        assertThat(form.getDomAttribute("action")).isEqualTo("login");
        assertThat(byTestId(driver, "api-key").getDomAttribute("type")).isEqualTo("password");
        assertThat(byTestId(driver, "api-key").getDomAttribute("name")).isEqualTo("key");
        assertThat(driver.findElement(By.id("next")).getDomProperty("value"))
                .isEqualTo("/model.html?model=fx&horizon=7d");
        Chromium.screenshot(driver, "fixture-login");
    }

    private static void updateStatus(FixtureConsole on, String status) {
        try {
            on.update(fleet -> {
                ((ObjectNode) fleet.get("models").get(0)).put("status", status);
                return fleet;
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
