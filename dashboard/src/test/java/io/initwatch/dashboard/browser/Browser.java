package io.initwatch.dashboard.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from the Debian packages (never a downloaded browser). Missing Chromium fails the tests
 * with what to install: the browser tests are this module's proof and must not be skipped silently.
 */
final class Browser implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHROMIUM = System.getProperty("initwatch.test.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("initwatch.test.chromedriver", "/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final int WIDTH = 1680;
    private static final int HEIGHT = 1050;

    final ChromeDriver driver;

    Browser() {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            fail("The dashboard's browser tests need headless Chromium and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ". Install them: apt-get update && apt-get install -y chromium chromium-driver"
                    + " (or point -Dinitwatch.test.chromium / -Dinitwatch.test.chromedriver at them).");
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--force-device-scale-factor=1",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost");
        // The console, where Chromium reports what the Content-Security-Policy blocked.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    List<String> texts(List<WebElement> elements) {
        return elements.stream().map(WebElement::getText).toList();
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** What the Content-Security-Policy refused since the last call (each call drains the console log). */
    List<String> blockedByContentSecurityPolicy() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy")).toList();
    }

    /** Saves what the page looks like now under target/screenshots/, for people to look at. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            // Tall enough for the whole page, so the screenshot shows every panel.
            long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
            driver.manage().window().setSize(new Dimension(WIDTH, (int) Math.max(HEIGHT, height + 140)));
            File shot = driver.getScreenshotAs(OutputType.FILE);
            driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot save the screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
