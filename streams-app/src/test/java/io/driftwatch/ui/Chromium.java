package io.driftwatch.ui;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, for the console's browser tests. Both binaries are
 * named explicitly (no driver download). Without them the tests are skipped with a message, unless
 * {@code DRIFTWATCH_REQUIRE_CHROMIUM=1} (as CI sets), where they fail.
 */
final class Chromium {

    static final Path BINARY = Path.of(System.getenv().getOrDefault("DRIFTWATCH_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER =
            Path.of(System.getenv().getOrDefault("DRIFTWATCH_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private Chromium() {}

    /** Skips the calling test (or fails it where CI requires the browser) when Chromium is not installed. */
    static void assumeInstalled() {
        boolean present = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
        if (present) {
            return;
        }
        String message = "headless Chromium is needed for the console's browser tests: " + BINARY + " and " + DRIVER
                + " (Debian: apt-get install chromium chromium-driver)";
        if ("1".equals(System.getenv("DRIFTWATCH_REQUIRE_CHROMIUM"))) {
            fail(message + "; DRIFTWATCH_REQUIRE_CHROMIUM=1 makes its absence an error");
        }
        Assumptions.abort("skipped: " + message);
    }

    static ChromeDriver start() {
        assumeInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    static WebDriverWait waitFor(WebDriver driver) {
        return waitFor(driver, Duration.ofSeconds(15));
    }

    /** A wait that retries through re-rendering (the pages rebuild tables and charts on each update). */
    static WebDriverWait waitFor(WebDriver driver, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    static String attr(WebDriver driver, String testId, String attribute) {
        return byTestId(driver, testId).getDomAttribute(attribute);
    }

    static WebElement byTestId(WebDriver driver, String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    static List<WebElement> allByTestId(WebDriver driver, String testId) {
        return driver.findElements(By.cssSelector("[data-testid='" + testId + "']"));
    }

    /** Saves the whole page (the window grown to the page's height) as target/console-screenshots/NAME.png. */
    static Path screenshot(WebDriver driver, String name) throws IOException {
        Dimension before = driver.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(4000, height.intValue() + 120)));
        try {
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.createDirectories(SCREENSHOTS);
            return Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** The page's console errors so far (a script error fails the test that saw it). */
    static String severeLogs(WebDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .collect(Collectors.joining("\n"));
    }
}
