package io.workshopmonitor.support;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A real headless Chromium (Debian's, through Debian's chromedriver: nothing is downloaded). Missing
 * browser or driver skips the test with the reason (fails it under CI: see {@link Tools}).
 */
public final class Browser implements AutoCloseable {

    public final WebDriver driver;

    public Browser(int width, int height) {
        String chromium = Tools.require("chromium", "Debian package chromium").toString();
        String chromedriver = Tools.require("chromedriver", "Debian package chromium-driver").toString();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--force-device-scale-factor=1", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    public void open(String url) {
        driver.get(url);
    }

    public <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).pollingEvery(Duration.ofMillis(200)).until(condition);
    }

    /** The element's {@code data-value}, once an element matches the selector; null while none does. */
    public String value(String css) {
        return attribute(css, "data-value");
    }

    /**
     * Read in the page in one step: the page re-renders as live messages arrive, so an element found first
     * and read afterwards may be gone by then.
     */
    public String attribute(String css, String name) {
        Object value = script("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css, name);
        return value == null ? null : value.toString();
    }

    /** The element's visible text, read in one step for the same reason. */
    public String text(String css) {
        Object value = script("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css);
        return value == null ? null : value.toString();
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public Object script(String js, Object... args) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Saves a PNG of the page as it is now (the README's screenshots come from here). */
    public void screenshot(Path target) {
        try {
            Files.createDirectories(target.getParent());
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser console's errors, for a test to show when the page misbehaves. */
    public List<String> consoleErrors() {
        return driver.manage().logs().getAvailableLogTypes().contains("browser")
                ? driver.manage().logs().get("browser").getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(Object::toString).toList()
                : List.of();
    }

    /** Opens the dashboard with a sign-in token and waits for its live feed. */
    public void signIn(String base, String token, Duration timeout) {
        open(base + "#token=" + token);
        waitFor(timeout, d -> "connected".equals(attribute("#connection", "data-state")));
    }

    /** Sets a date, time, month or number the way a picker does: the value, then input and change. */
    public void setValue(String css, String value) {
        script("const e = document.querySelector(arguments[0]); e.value = arguments[1];"
                + " e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));", css, value);
    }

    /** The element's text while it is shown, else null. */
    public String visibleText(String css) {
        Object text = script("const e = document.querySelector(arguments[0]);"
                + " return e && !e.hidden && e.textContent.trim() ? e.textContent.trim() : null;", css);
        return text == null ? null : text.toString();
    }

    /** The values of a select's options, the empty placeholder left out. */
    @SuppressWarnings("unchecked")
    public List<String> options(String css) {
        return (List<String>) script("const e = document.querySelector(arguments[0]);"
                + " return e ? [...e.options].map(o => o.value).filter(v => v) : [];", css);
    }

    public long count(String css) {
        return (Long) script("return document.querySelectorAll(arguments[0]).length;", css);
    }

    /** Console errors besides the 4xx answers a test provokes on purpose (the page shows those beside the form). */
    public List<String> unexpectedConsoleErrors() {
        return consoleErrors().stream().filter(e -> !e.matches("(?s).*status of 4\\d\\d.*")).toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
