package io.switchboard.support;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven by Selenium, with
 * a fake microphone that the page may use. Closed networks refuse Chromium's own background connections, so
 * those are switched off.
 */
public final class Browser implements AutoCloseable {

  /** The JUnit tag of every test class that starts a browser. */
  public static final String TAG = "browser";

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** A browser whose person allows the microphone, a fake one, whenever the page asks. */
  public static Browser start(Path profile) {
    return start(profile, true);
  }

  /** @param microphoneAllowed false for a person who clicks "Block" when the page asks for the microphone */
  public static Browser start(Path profile, boolean microphoneAllowed) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver packages "
          + "(apt-get install chromium chromium-driver); .ci/run installs them. Without them, -DexcludedGroups="
          + TAG + " runs the other tests.");
    }
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--use-fake-device-for-media-stream", "--window-size=420,1500",
            "--user-data-dir=" + profile);
    if (microphoneAllowed) {
      options.addArguments("--use-fake-ui-for-media-stream");
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    Browser browser = new Browser(new ChromeDriver(service, options));
    if (!microphoneAllowed) {
      browser.driver.executeCdpCommand("Browser.setPermission", Map.of(
          "permission", Map.of("name", "microphone"), "setting", "denied"));
    }
    return browser;
  }

  /** Runs a script from the test resources in every page this browser opens next, before the page's own. */
  public Browser beforePageScripts(String resource) {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", resource(resource)));
    return this;
  }


  public void open(String url) {
    driver.get(url);
  }

  public WebElement element(String id) {
    return driver.findElement(By.id(id));
  }

  public String text(String id) {
    return element(id).getText();
  }

  public Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** Waits for {@code condition}, failing with {@code what} and the page's status line when it never holds. */
  public void waitUntil(String what, Supplier<Boolean> condition) {
    try {
      new WebDriverWait(driver, PATIENCE).until(ignored -> condition.get());
    } catch (RuntimeException e) {
      throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what + "; status: '"
          + text("status") + "', message: '" + text("message") + "'", e);
    }
  }

  public void waitForStatus(String fragment) {
    waitUntil("a status with '" + fragment + "'", () -> text("status").contains(fragment));
  }

  /** The rows of the call log, newest first, each as its cells' text. */
  public List<List<String>> callLog() {
    return driver.findElements(By.cssSelector("#call-log tbody tr")).stream()
        .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
        .toList();
  }

  /** The entries of the call history, newest first, each as its number, time and the line below them. */
  @SuppressWarnings("unchecked")
  public List<List<String>> history() {
    // In one script: the list is redrawn when a page arrives, which would leave elements found before it stale.
    return (List<List<String>>) js("return Array.from(document.querySelectorAll('#history li'), entry =>"
        + " ['who', 'when', 'what'].map(part => entry.querySelector('.' + part).textContent));");
  }

  /** The voicemail inbox, newest first, each message as its caller, time and length. */
  @SuppressWarnings("unchecked")
  public List<List<String>> voicemails() {
    return (List<List<String>>) js("return Array.from(document.querySelectorAll('#voicemails li'), message =>"
        + " ['who', 'when', 'what'].map(part => message.querySelector('.' + part).textContent));");
  }

  /** The window's size in CSS pixels: the tests start phone-sized. */
  public void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  @SuppressWarnings("unchecked")
  public List<String> pageErrors() {
    return (List<String>) js("return window.pageErrors || ['the page-errors script did not run'];");
  }

  public void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }

  private static String resource(String name) {
    try (InputStream in = Browser.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
