package io.switchboard.support;

import io.switchboard.config.ConfigSource;
import io.switchboard.ops.SwitchboardMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The softphone page under test, for the browser tests: one real server per test class (H2 store), deployed from a
 * configuration file that a test may edit as an operator would, and the headless Chromium browsers each test starts,
 * every one checked for uncaught page errors and closed after its test.
 * {@code @RegisterExtension static final PageUnderTest page = PageUnderTest.serving(config -> ...);}
 */
public final class PageUnderTest implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  /** Records the page's uncaught errors for {@link Browser#pageErrors}: in every browser. */
  private static final String PAGE_ERRORS = "/softphone/page-errors.js";
  /** Replaces the Twilio Device's network side (Twilio's cloud is out of reach). */
  public static final String TEST_DOUBLE = "/softphone/twilio-device-test-double.js";

  private final BiConsumer<Vertx, JsonObject> configure;
  private final List<Browser> browsers = new ArrayList<>();
  private int browsersStarted;
  private Vertx vertx;
  private Path folder;
  private JsonObject config;
  private TestServer server;

  private PageUnderTest(BiConsumer<Vertx, JsonObject> configure) {
    this.configure = configure;
  }

  /** @param configure changes the test configuration before the server starts */
  public static PageUnderTest serving(Consumer<JsonObject> configure) {
    return new PageUnderTest((vertx, config) -> configure.accept(config));
  }

  /** @param configure changes the test configuration, with the Vert.x instance for test doubles that need one */
  public static PageUnderTest serving(BiConsumer<Vertx, JsonObject> configure) {
    return new PageUnderTest(configure);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    vertx = Vertx.vertx();
    folder = Files.createTempDirectory("switchboard-page");
    config = TestConfig.json(TestConfig.freePort());
    configure.accept(vertx, config);
    ConfigSource source = new ConfigSource(writeConfig(), Map.of());
    server = TestServer.deploy(vertx, source.load(), Optional.of(source), new SwitchboardMetrics()).await();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      for (Browser browser : browsers) {
        assertEquals(List.of(), browser.pageErrors(), "uncaught errors in the page");
      }
    } finally {
      browsers.forEach(Browser::close);
      browsers.clear();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  public TestServer server() {
    return server;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The server's own origin, where the page is served. */
  public String origin() {
    return "http://127.0.0.1:" + server.port();
  }

  /** A browser whose person allows the microphone, running {@code scripts} (test resources) before each page's. */
  public Browser browser(String... scripts) {
    return browser(true, scripts);
  }

  /** @param microphoneAllowed false for a person who clicks "Block" when the page asks for the microphone */
  public Browser browser(boolean microphoneAllowed, String... scripts) {
    Browser browser = Browser.start(folder.resolve("profile" + browsersStarted++), microphoneAllowed)
        .beforePageScripts(PAGE_ERRORS);
    browsers.add(browser);
    for (String script : scripts) {
      browser.beforePageScripts(script);
    }
    return browser;
  }

  /**
   * Edits the configuration file as an operator would; the server reads it again at its next check
   * ({@code directory.reloadIntervalSeconds}, which the test's configuration must set).
   */
  public void editConfig(Consumer<JsonObject> edit) throws IOException {
    edit.accept(config);
    writeConfig();
  }

  private Path writeConfig() throws IOException {
    return Files.writeString(folder.resolve("config.json"), config.encodePrettily());
  }
}
